import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from './once.js';
import { DIST_DIR } from './paths.js';

/**
 * dist/parsed.json (scripts/build-data.mjs): the built-in YAML, parsed at build time, as content key →
 * the data as JSON text. Null when running from source, before a build.
 */
export const shippedParsed = once((): ReadonlyMap<string, string> | null => {
  try {
    const file = JSON.parse(readFileSync(join(DIST_DIR, 'parsed.json'), 'utf8')) as { files: Record<string, string> };
    return new Map(Object.entries(file.files));
  } catch {
    return null;
  }
});
