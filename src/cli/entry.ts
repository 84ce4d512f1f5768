/** The bundled entry point (dist/bundle/cocoon.cjs) that bin/load-bundle.js loads for bin/cocoon.js. */
export { run } from './run.js';
export { realIo } from './io.js';
