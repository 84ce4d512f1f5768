import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

/**
 * bin/load-bundle.js compiles dist/bundle/cocoon.cjs with the V8 code cache the build made. The cache
 * must be used when it fits, and a cache that does not fit (another bundle, damaged bytes) must cost
 * time, never a wrong or failed run.
 */
const probe = (bin: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      const { loadBundle, cachePath, groupOf, BUNDLE } = await import(${JSON.stringify(join(bin, 'load-bundle.js'))});
      const { readFileSync, existsSync } = await import('node:fs');
      const group = groupOf(['rules']);
      const { exports, cacheRejected } = loadBundle({ group });
      const cache = cachePath(readFileSync(BUNDLE, 'utf8'), group);
      let out = '';
      const io = { stdout: { write: (t) => void (out += t) }, stderr: { write() {} }, cwd: process.cwd(), env: {}, interactive: false, stdoutTTY: false, stderrTTY: false };
      const code = await exports.run(['rules'], io);
      console.log(JSON.stringify({ cache: cache && existsSync(cache), cacheRejected, code, rules: out.split('\\n').length }));
    `,
      ],
      { encoding: 'utf8' },
    ),
  ) as { cache: boolean; cacheRejected: boolean; code: number; rules: number };

function copyPackage(): string {
  const dir = tempDir();
  for (const d of ['bin', 'dist', 'templates', 'schema', 'roles', 'package.json']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return dir;
}

describe('the code cache', () => {
  it('the build makes one per command group for the bundle, and V8 accepts it', () => {
    const files = readdirSync(join(ROOT, 'dist', 'bundle'));
    expect(
      files
        .filter((f) => f.endsWith('.v8cache'))
        .map((f) => f.split('.').at(-2))
        .sort(),
    ).toEqual(['build', 'other', 'plan', 'report', 'validate']);
    const r = probe(join(ROOT, 'bin'));
    expect(r).toMatchObject({ cache: true, cacheRejected: false, code: 0 });
    expect(r.rules).toBeGreaterThan(20);
  });

  it('a damaged cache is rejected by V8 and the bundle runs all the same', () => {
    const dir = copyPackage();
    const cache = readdirSync(join(dir, 'dist', 'bundle')).find((f) => f.endsWith('.other.v8cache'))!;
    writeFileSync(join(dir, 'dist', 'bundle', cache), Buffer.alloc(4096, 7));
    const r = probe(join(dir, 'bin'));
    expect(r).toMatchObject({ cache: true, cacheRejected: true, code: 0 });
    expect(r.rules).toBe(probe(join(ROOT, 'bin')).rules);
  });

  it('a changed bundle never meets the cache of the old one', () => {
    const dir = copyPackage();
    const bundle = join(dir, 'dist', 'bundle', 'cocoon.cjs');
    const text = readFileSync(bundle, 'utf8');
    // Same length, other content and another first line: the cache is looked up by the bundle's hash.
    writeFileSync(bundle, text.replace(/^\/\/ cocoon [0-9a-f]{16}/, '// cocoon 0000000000000000'));
    const r = probe(join(dir, 'bin'));
    expect(r).toMatchObject({ cache: false, cacheRejected: false, code: 0 });
  });
});
