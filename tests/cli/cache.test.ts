import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, fixtureCopy, spawnCli, tempDir } from '../helpers.js';

/** The parse cache (src/pipeline/load/parse-cache.ts): same results as parsing, faster, never in the way. */

function entries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'));
}

describe('the parse cache', () => {
  it('a cached run reports exactly what a parsing run reports, positions included', () => {
    const cache = tempDir('cocoon-cache-');
    const cwd = fixtureCopy('validate');
    // A role with findings, so positions must be rebuilt from the cached text.
    const role = readFileSync(join(cwd, 'roles/procurement.yaml'), 'utf8').replace(
      'target_minutes: 300',
      'target_minutes: 300\n    notes_for_me: simply copy it',
    );
    writeFileSync(join(cwd, 'roles/procurement.yaml'), role);
    const args = ['validate', 'roles/procurement.yaml', 'four-problems.yaml', join(ROOT, 'roles')];
    const parsing = spawnCli(args, { cwd, env: { COCOON_CACHE: '0' } });
    const first = spawnCli(args, { cwd, env: { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache } });
    // The two project files; the built-in roles come parsed from the build (dist/parsed.json), not the cache.
    expect(entries(cache)).toHaveLength(2);
    const second = spawnCli(args, { cwd, env: { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache } });
    expect(parsing.code).toBe(1);
    expect(parsing.stdout).toMatch(/roles\/procurement\.yaml\n {2}\d+:\d+ +error +Unknown key `notes_for_me`/);
    for (const r of [first, second]) {
      expect(r.stdout).toBe(parsing.stdout);
      expect(r.code).toBe(parsing.code);
    }
  });

  it('only files that parsed cleanly are cached; an edit is a miss', () => {
    const cache = tempDir('cocoon-cache-');
    const cwd = tempDir();
    writeFileSync(join(cwd, 'broken.yaml'), 'id: broken\nname: [unclosed\n');
    spawnCli(['validate', 'broken.yaml'], { cwd, env: { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache } });
    expect(entries(cache)).toEqual([]);
    const project = fixtureCopy('project-procurement');
    const env = { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache };
    spawnCli(['validate', 'roles/procurement.yaml'], { cwd: project, env });
    expect(entries(cache)).toHaveLength(1);
    const file = join(project, 'roles/procurement.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('target_minutes: 300', 'target_minutes: soon'));
    const r = spawnCli(['validate', 'roles/procurement.yaml'], { cwd: project, env });
    expect(entries(cache)).toHaveLength(2);
    expect(r.stdout).toMatch(/target_minutes/);
    expect(r.code).toBe(1);
  });

  it('a corrupt or unwritable cache is a miss, never an error; COCOON_CACHE=0 writes nothing', () => {
    const cache = tempDir('cocoon-cache-');
    const cwd = fixtureCopy('project-procurement');
    const env = { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache };
    expect(spawnCli(['validate'], { cwd, env }).code).toBe(0);
    for (const e of entries(cache)) writeFileSync(join(cache, e), '{"id": "not the role", "workflows": 7');
    const corrupt = spawnCli(['validate'], { cwd, env });
    expect(corrupt.stdout).toBe('✔ 1 file checked, no problems\nReady to run: roles/procurement.yaml — 3 of 3 exercises runnable from the page\n');
    expect(corrupt.code).toBe(0);

    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    const unwritable = spawnCli(['validate'], { cwd, env: { COCOON_CACHE: '1', COCOON_CACHE_DIR: join(file, 'cache') } });
    expect(unwritable.stdout).toBe('✔ 1 file checked, no problems\nReady to run: roles/procurement.yaml — 3 of 3 exercises runnable from the page\n');
    expect(unwritable.stderr).toBe('');

    const off = tempDir('cocoon-cache-');
    spawnCli(['validate'], { cwd, env: { COCOON_CACHE: '0', COCOON_CACHE_DIR: off } });
    expect(entries(off)).toEqual([]);
  });

  it('the built-in YAML shipped parsed (dist/parsed.json) is exactly what parsing it gives', async () => {
    const { parseYaml } = await import('../../src/pipeline/load/source.js');
    const { contentKey } = await import('../../src/pipeline/load/parse-cache.js');
    const shipped = JSON.parse(readFileSync(join(ROOT, 'dist/parsed.json'), 'utf8')) as { files: Record<string, string> };
    const files = [...readdirSync(join(ROOT, 'roles')).map((f) => join(ROOT, 'roles', f)), join(ROOT, 'templates/blueprint.yaml')];
    expect(Object.keys(shipped.files)).toHaveLength(files.length);
    // What a run reads: one file per key, dist/parsed/<key>.json, holding the same text.
    expect(readdirSync(join(ROOT, 'dist/parsed')).sort()).toEqual(
      Object.keys(shipped.files)
        .map((k) => `${k}.json`)
        .sort(),
    );
    for (const [key, json] of Object.entries(shipped.files)) expect(readFileSync(join(ROOT, 'dist/parsed', `${key}.json`), 'utf8')).toBe(json);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(JSON.parse(shipped.files[contentKey(bytes)]!), file).toEqual(parseYaml(bytes, file).data);
    }
  });
});
