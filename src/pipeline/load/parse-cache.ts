import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shippedParsed } from '../../assets/shipped.js';
import { VERSION } from '../../assets/version.js';
import { readRegularFile, staysInside } from './safe-fs.js';

/**
 * A content-addressed cache of parsed YAML. Parsing with positions is most of what `validate` costs
 * (the yaml library builds a CST, cold), and CI runs `validate` and then `build --check` over the same
 * files; the second run, and every re-run on unchanged files, reads the data as JSON instead. The key
 * is a hash of the bytes and of cocoon's version, so an edited file or an upgrade is a miss; positions
 * for diagnostics are rebuilt from the text only when one is reported (source.ts, documentOf).
 *
 * Only files that parsed without a diagnostic are cached. Any problem with the cache — unreadable,
 * corrupt, read-only — is a miss, never an error. Its directory is a setting of the run (cache-dir.ts:
 * COCOON_CACHE=0 turns it off, COCOON_CACHE_DIR moves it), passed in by whoever loads; undefined is off.
 *
 * The built-in YAML (roles/ and templates/blueprint.yaml) is parsed at build time into dist/parsed.json
 * (scripts/build-data.mjs), like the templates and the schema validators: `plan --role finance` on a
 * fresh machine parses no YAML. It is keyed by the same hash, so an edited built-in file is parsed as usual.
 */

/** The key of a file's bytes (a sha256), for dist/parsed.json; the cache adds cocoon's version to it. */
export const contentKey = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The entry format; a new one makes every older entry a miss (another file name, another sum). */
const FORMAT = 'cocoon-parse-4';

function entryPath(dir: string, contentKeyOfBytes: string): string {
  const key = createHash('sha256').update(`${FORMAT}\0${VERSION}\0${contentKeyOfBytes}`).digest('hex');
  return join(dir, key.slice(0, 2), `${key}.json`);
}

/**
 * The sum an entry carries (B25): a hash of the format, cocoon's version, the source's content key and the
 * payload's exact text. A payload edited, cut or swapped from another entry no longer matches its sum, and
 * the entry is a miss: the file is parsed again and the entry rewritten.
 */
const entrySum = (key: string, payload: string): string => createHash('sha256').update(`${FORMAT}\0${VERSION}\0${key}\0${payload}`).digest('hex');

const asObject = (data: unknown): { data: object } | undefined => (data !== null && typeof data === 'object' && !Array.isArray(data) ? { data } : undefined);

/** A cache entry file is at most this large (a role is at most 1 MiB of YAML). */
const MAX_ENTRY = 8 * 1024 * 1024;

/**
 * An entry is trusted only when it is a regular file (not a link), owned by this user, writable by no one
 * else, inside the cache directory, names the very content key it is read for, and its payload matches
 * its sum: an entry planted by another account, copied from another file's key, or edited in place
 * (B25), is a miss. The sum is a check, not a secret: it stops an edited, damaged or swapped entry, not
 * someone who can run code as you (who could edit your role files as well).
 */
function readEntry(dir: string, key: string): { data: object } | undefined {
  const file = entryPath(dir, key);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st?.isFile() || (st.mode & 0o022) !== 0) return undefined;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return undefined;
  if (!staysInside(dir, file)) return undefined;
  const entry = JSON.parse(readRegularFile(file, MAX_ENTRY, { noFollow: true }).toString('utf8')) as {
    format?: unknown;
    key?: unknown;
    sum?: unknown;
    payload?: unknown;
  };
  if (!entry || entry.format !== FORMAT || entry.key !== key || typeof entry.payload !== 'string') return undefined;
  if (entry.sum !== entrySum(key, entry.payload)) return undefined;
  return asObject(JSON.parse(entry.payload));
}

/** The data parsed from exactly these bytes before (at build time, or by an earlier run), or undefined. */
export function cachedData(bytes: Uint8Array, dir: string | undefined): { data: object } | undefined {
  const key = contentKey(bytes);
  // dist/parsed.json holds each entry as JSON text, parsed on a hit so each caller gets its own copy.
  const built = shippedParsed(key);
  if (built !== undefined) return asObject(JSON.parse(built));
  if (!dir) return undefined;
  try {
    return readEntry(dir, key);
  } catch {
    return undefined;
  }
}

/** Remember what these bytes parse to; written to a temporary name and renamed, so readers never see half a file. */
export function rememberData(bytes: Uint8Array, data: unknown, dir: string | undefined): void {
  if (!dir) return;
  try {
    const key = contentKey(bytes);
    const file = entryPath(dir, key);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    const payload = JSON.stringify(data);
    writeFileSync(temp, JSON.stringify({ format: FORMAT, key, sum: entrySum(key, payload), payload }), { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written is only slower.
  }
}
