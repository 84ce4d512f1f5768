import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the parse cache (parse-cache.ts) lives for a run with this environment, or undefined when it is
 * off: COCOON_CACHE=0 turns it off, COCOON_CACHE_DIR moves it, else $XDG_CACHE_HOME/cocoon or
 * ~/.cache/cocoon. The run's Workspace asks once, from the injected environment (Io.env), never process.env.
 */
export function parseCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.COCOON_CACHE === '0') return undefined;
  if (env.COCOON_CACHE_DIR) return env.COCOON_CACHE_DIR;
  const home = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : join(tmpdir(), `cocoon-cache-${process.getuid?.() ?? 'user'}`));
  return join(home, 'cocoon');
}
