import { createRequire } from 'node:module';
import type HandlebarsT from 'handlebars';

/**
 * Dependencies that load synchronously on first use, not at start: `yaml` (a file with a problem, or a
 * diagnostic that needs a position), the Handlebars compiler (a project's own templates), ajv (schemas
 * with no prebuilt validators). From the sources they come from node_modules through createRequire; the
 * bundle swaps this module for one with plain `require('<name>')` calls (scripts/bundle.mjs), which
 * esbuild follows, so they are inside dist/bundle/cocoon.cjs — still evaluated only when first called —
 * and the package needs no runtime dependencies.
 */
const require = createRequire(import.meta.url);

export const libraries = {
  yaml: (): typeof import('yaml') => require('yaml') as typeof import('yaml'),
  handlebars: (): typeof HandlebarsT => require('handlebars') as typeof HandlebarsT,
  ajv: (): typeof import('ajv').default => require('ajv') as typeof import('ajv').default,
  ajvFormats: (): typeof import('ajv-formats').default => require('ajv-formats') as typeof import('ajv-formats').default,
};
