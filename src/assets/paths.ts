import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where cocoon's own files live. This is the only module that knows the package layout: it sits two
 * folders below the package root both as source (src/assets/) and as built code (dist/assets/, and the
 * bundle's dist/bundle/), so every other module asks here instead of counting `../` from itself.
 */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Built-in roles, validated like any user file. */
export const BUILTIN_ROLES_DIR = join(PACKAGE_ROOT, 'roles');
/** The blueprint, page templates, partials, CSS and scaffolds. */
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
/** The JSON Schemas: the single source of truth for the file formats. */
export const SCHEMA_DIR = join(PACKAGE_ROOT, 'schema');
/** What `npm run build` writes: tsc output, dist/bundle, and the precompiled validators.cjs, templates.cjs, parsed.json. */
export const DIST_DIR = join(PACKAGE_ROOT, 'dist');
