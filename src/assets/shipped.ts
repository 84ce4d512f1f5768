import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from './once.js';
import { DIST_DIR } from './paths.js';

/**
 * The keys of dist/parsed.json, from dist/parsed-keys.txt (a few hundred bytes): a project's own file is a
 * miss there, so the 860 KB of parsed.json are read only for a built-in file. Null without the index.
 */
const shippedKeys = once((): ReadonlySet<string> | null => {
  try {
    return new Set(readFileSync(join(DIST_DIR, 'parsed-keys.txt'), 'utf8').split('\n'));
  } catch {
    return null; // no index: look in parsed.json itself
  }
});

/**
 * dist/parsed.json (scripts/build-data.mjs): the built-in YAML, parsed at build time, as content key →
 * the data as JSON text. Null when running from source, before a build.
 */
const shippedFiles = once((): ReadonlyMap<string, string> | null => {
  try {
    const file = JSON.parse(readFileSync(join(DIST_DIR, 'parsed.json'), 'utf8')) as { files: Record<string, string> };
    return new Map(Object.entries(file.files));
  } catch {
    return null;
  }
});

/** The shipped data of a file by content key, or undefined when it is not a built-in file as built. */
export function shippedParsed(key: string): string | undefined {
  const keys = shippedKeys();
  if (keys && !keys.has(key)) return undefined;
  return shippedFiles()?.get(key) ?? undefined;
}
