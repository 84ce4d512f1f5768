import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIR } from './paths.js';

/**
 * The built-in YAML, parsed at build time (scripts/build-data.mjs): dist/parsed/<sha256 of the bytes>.json
 * holds one file's data as JSON text. A run reads only the file it needs (a plan of finance reads
 * finance's, not the 860 KB of every role); a project's own file is simply not there. Undefined when it is
 * not a built-in file as built, or when running from source before a build.
 */
export function shippedParsed(key: string): string | undefined {
  if (!/^[0-9a-f]{64}$/.test(key)) return undefined;
  try {
    return readFileSync(join(DIST_DIR, 'parsed', `${key}.json`), 'utf8');
  } catch {
    return undefined;
  }
}
