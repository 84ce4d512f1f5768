import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from './load.js';

/**
 * A content-addressed cache of parsed YAML. Parsing with positions is most of what `validate` costs
 * (the yaml library builds a CST, cold), and CI runs `validate` and then `build --check` over the same
 * files; the second run, and every re-run on unchanged files, reads the data as JSON instead. The key
 * is a hash of the bytes and of cocoon's version, so an edited file or an upgrade is a miss; positions
 * for diagnostics are rebuilt from the text only when one is reported (source.ts, documentOf).
 *
 * Only files that parsed without a diagnostic are cached. Any problem with the cache — unreadable,
 * corrupt, read-only — is a miss, never an error. COCOON_CACHE=0 turns it off; COCOON_CACHE_DIR moves it
 * (default: $XDG_CACHE_HOME/cocoon or ~/.cache/cocoon).
 */

let version: string | undefined;
function cocoonVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.COCOON_CACHE === '0') return undefined;
  if (env.COCOON_CACHE_DIR) return env.COCOON_CACHE_DIR;
  const home = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : join(tmpdir(), `cocoon-cache-${process.getuid?.() ?? 'user'}`));
  return join(home, 'cocoon');
}

function entryPath(dir: string, bytes: Uint8Array): string {
  const key = createHash('sha256').update(`cocoon-parse-1\0${cocoonVersion()}\0`).update(bytes).digest('hex');
  return join(dir, key.slice(0, 2), `${key}.json`);
}

/** The data parsed from exactly these bytes before, or undefined. */
export function cachedData(bytes: Uint8Array): { data: object } | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const data: unknown = JSON.parse(readFileSync(entryPath(dir, bytes), 'utf8'));
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? { data } : undefined;
  } catch {
    return undefined;
  }
}

/** Remember what these bytes parse to; written to a temporary name and renamed, so readers never see half a file. */
export function rememberData(bytes: Uint8Array, data: unknown): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    const file = entryPath(dir, bytes);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(data));
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written is only slower.
  }
}
