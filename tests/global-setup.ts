import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Spawned-bin tests run dist/bundle/cocoon.cjs, which `npm run build` makes. When any source of the build (src/,
 * templates/, roles/, schema/, scripts/) is newer than the bundle, rebuild first, so a test never passes
 * against code that is no longer in the tree. CI builds in `npm ci` (prepare), so this costs it nothing.
 */
const ROOT = join(import.meta.dirname, '..');
const SOURCES = ['src', 'templates', 'roles', 'schema', 'scripts'];

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function builtAt(root: string): number {
  try {
    return Math.min(statSync(join(root, 'dist', 'bundle', 'cocoon.cjs')).mtimeMs, statSync(join(root, 'dist', 'parsed.json')).mtimeMs);
  } catch {
    return 0;
  }
}

/** Whether dist/ is older than anything it is built from (or missing). */
export function isStale(root: string): boolean {
  const source = Math.max(
    0,
    ...SOURCES.map((d) => {
      try {
        return newest(join(root, d));
      } catch {
        return 0;
      }
    }),
  );
  return source > builtAt(root);
}

export default function setup(): void {
  if (!isStale(ROOT)) return;
  process.stderr.write('tests: src/ is newer than dist/ — running npm run build first\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
