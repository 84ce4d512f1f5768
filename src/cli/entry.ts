/** The bundled entry point (dist/bundle/entry.js) that bin/cocoon.js imports. */
export { run } from './run.js';
export { realIo } from './io.js';
