import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST_DIR } from './paths.js';

/**
 * Code the build generates into dist/ (scripts/build-validators.mjs, scripts/build-templates.mjs): the
 * schemas' validators and the precompiled Markdown templates. Read from dist/ here, when cocoon runs from
 * its sources; the bundle swaps this module for one with both inside (scripts/bundle.mjs), so they are
 * compiled from the bundle's code cache with the rest. Throws when they were not built.
 */
export function prebuilt(name: 'validators' | 'templates'): unknown {
  return createRequire(import.meta.url)(join(DIST_DIR, `${name}.cjs`));
}
