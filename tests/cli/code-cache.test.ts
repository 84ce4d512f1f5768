import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCacheDir } from '../../src/pipeline/load/cache-dir.js';
import { ROOT, spawnCli, tempDir } from '../helpers.js';

/**
 * bin/load-bundle.js compiles dist/bundle/cocoon.cjs with a V8 code cache made on the user's machine: the
 * package ships none, since one fits only the Node build that made it. The first run of a command group
 * saves the cache into cocoon's cache directory; later runs use it. A cache that does not fit (another
 * bundle, damaged bytes) must cost time, never a wrong or failed run, and is replaced.
 */
type Probe = { cacheFile: string | null; cacheUsed: boolean; cacheRejected: boolean; code: number; rules: number };
const probe = (bin: string, env: Record<string, string>): Probe =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      const { loadBundle, groupOf } = await import(${JSON.stringify(join(bin, 'load-bundle.js'))});
      const bundle = loadBundle({ group: groupOf(['rules']) });
      let out = '';
      const io = { stdout: { write: (t) => void (out += t) }, stderr: { write() {} }, cwd: process.cwd(), env: {}, interactive: false, stdoutTTY: false, stderrTTY: false };
      const code = await bundle.exports.run(['rules'], io);
      bundle.save();
      console.log(JSON.stringify({ cacheFile: bundle.cacheFile ?? null, cacheUsed: bundle.cacheUsed, cacheRejected: bundle.cacheRejected, code, rules: out.split('\\n').length }));
    `,
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
    ),
  ) as Probe;

function copyPackage(): string {
  const dir = tempDir();
  for (const d of ['bin', 'dist', 'templates', 'schema', 'roles', 'package.json']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return dir;
}

const caches = (dir: string): string[] => (existsSync(join(dir, 'code')) ? readdirSync(join(dir, 'code')).sort() : []);

describe('the code cache', () => {
  it('the build ships no code cache: nothing in dist/ fits only one Node build', () => {
    const built = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' });
    expect(built.filter((f) => /\.(v8cache|cache|blob|node)$/.test(f))).toEqual([]);
  });

  it("the first run of a group saves it in cocoon's cache directory, named for the bundle, this Node and this CPU; the next run uses it", () => {
    const dir = tempDir();
    const first = probe(join(ROOT, 'bin'), { COCOON_CACHE_DIR: dir });
    expect(first).toMatchObject({ cacheUsed: false, cacheRejected: false, code: 0 });
    expect(first.rules).toBeGreaterThan(20);
    const id = /^\/\/ cocoon ([0-9a-f]{16})/.exec(readFileSync(join(ROOT, 'dist', 'bundle', 'cocoon.cjs'), 'utf8'))![1];
    expect(caches(dir)).toEqual([`cocoon.${id}.other.node-${process.versions.node}-${process.arch}.v8cache`]);
    const second = probe(join(ROOT, 'bin'), { COCOON_CACHE_DIR: dir });
    expect(second).toMatchObject({ cacheFile: first.cacheFile, cacheUsed: true, cacheRejected: false, code: 0, rules: first.rules });
  });

  it('the real bin: each command group gets its own cache on its first run, and output is the same with or without it', () => {
    const dir = tempDir();
    const cwd = tempDir();
    cpSync(join(ROOT, 'roles', 'finance.yaml'), join(cwd, 'finance.yaml'));
    const cold = spawnCli(['validate', 'finance.yaml'], { cwd, env: { COCOON_CACHE: '', COCOON_CACHE_DIR: dir } });
    expect(caches(dir).map((f) => f.split('.')[2])).toEqual(['validate']);
    const warm = spawnCli(['validate', 'finance.yaml'], { cwd, env: { COCOON_CACHE: '', COCOON_CACHE_DIR: dir } });
    expect(warm).toEqual(cold);
    expect(spawnCli(['rules'], { cwd, env: { COCOON_CACHE: '', COCOON_CACHE_DIR: dir } }).code).toBe(0);
    expect(caches(dir).map((f) => f.split('.')[2])).toEqual(['other', 'validate']);
  });

  it('finds the directory as the parse cache does: COCOON_CACHE_DIR, XDG_CACHE_HOME/cocoon, ~/.cache/cocoon; COCOON_CACHE=0 writes none', async () => {
    const { cacheDir } = (await import(join(ROOT, 'bin', 'load-bundle.js'))) as { cacheDir: (env: Record<string, string>) => string | undefined };
    for (const env of [{ COCOON_CACHE_DIR: '/x/y' }, { XDG_CACHE_HOME: '/x' }, {}, { COCOON_CACHE: '0', COCOON_CACHE_DIR: '/x/y' }] as Record<string, string>[])
      expect(cacheDir(env), JSON.stringify(env)).toBe(parseCacheDir(env));
    expect(cacheDir({})).toBe(join(homedir(), '.cache', 'cocoon'));
    const xdg = tempDir();
    expect(spawnCli(['rules'], { env: { COCOON_CACHE: '', XDG_CACHE_HOME: xdg } }).code).toBe(0);
    expect(caches(join(xdg, 'cocoon'))).toHaveLength(1);
    const off = tempDir();
    expect(spawnCli(['rules'], { env: { COCOON_CACHE: '0', XDG_CACHE_HOME: off } }).code).toBe(0);
    expect(readdirSync(off)).toEqual([]);
  });

  it('a damaged cache is rejected by V8, the run is right all the same, and a good cache replaces it', () => {
    const dir = tempDir();
    const first = probe(join(ROOT, 'bin'), { COCOON_CACHE_DIR: dir });
    writeFileSync(first.cacheFile!, Buffer.alloc(4096, 7));
    const damaged = probe(join(ROOT, 'bin'), { COCOON_CACHE_DIR: dir });
    expect(damaged).toMatchObject({ cacheUsed: false, cacheRejected: true, code: 0, rules: first.rules });
    expect(probe(join(ROOT, 'bin'), { COCOON_CACHE_DIR: dir })).toMatchObject({ cacheUsed: true, cacheRejected: false });
  });

  it("a changed bundle never meets the old one's cache, and its first run drops the old cache", () => {
    const pkg = copyPackage();
    const dir = tempDir();
    const old = probe(join(pkg, 'bin'), { COCOON_CACHE_DIR: dir });
    const bundle = join(pkg, 'dist', 'bundle', 'cocoon.cjs');
    // Same length, another first line: the cache is looked up by the bundle's hash.
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/^\/\/ cocoon [0-9a-f]{16}/, '// cocoon 0000000000000000'));
    const changed = probe(join(pkg, 'bin'), { COCOON_CACHE_DIR: dir });
    expect(changed).toMatchObject({ cacheUsed: false, cacheRejected: false, code: 0 });
    expect(changed.cacheFile).not.toBe(old.cacheFile);
    expect(caches(dir)).toEqual([changed.cacheFile!.split('/').at(-1)]);
  });

  it('a cache directory that cannot be written costs speed, never the run', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'file'), '');
    // A cache "directory" below a plain file: mkdir fails (even for root, unlike a chmod).
    const r = spawnCli(['rules'], { env: { COCOON_CACHE: '', COCOON_CACHE_DIR: join(parent, 'file', 'cocoon') } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(spawnCli(['rules']).stdout);
  });
});
