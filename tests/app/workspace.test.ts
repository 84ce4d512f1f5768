import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/app/workspace.js';
import { FIXTURES, ROOT, cli, tempDir } from '../helpers.js';

/** One Workspace per run (src/app/workspace.ts): what a run keeps, it keeps for itself. */

function projectWithTemplate(text: string): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, 'project-procurement', 'roles'), join(dir, 'roles'), { recursive: true });
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', 'readme.md.hbs'), text);
  writeFileSync(
    join(dir, 'cocoon.yaml'),
    'org: { name: Northwind Ltd }\ntemplates_dir: templates\nprogrammes:\n  - id: pilot\n    role: procurement\n    formats: [md]\n    sponsor: { name: Dana Lee, title: CPO }\n    owner: { name: Sam Ortiz, team: Procurement }\n',
  );
  return dir;
}

const builtInReadme = readFileSync(join(ROOT, 'templates', 'md', 'readme.md.hbs'), 'utf8');

describe('one Workspace per run', () => {
  it('a project template edited between two in-process runs: the second run renders the edit', async () => {
    const dir = projectWithTemplate(`${builtInReadme}\nFirst edition of our own front page.\n`);
    const first = await cli(['build'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(join(dir, 'programmes', 'pilot', 'README.md'), 'utf8')).toContain('First edition of our own front page.');

    writeFileSync(join(dir, 'templates', 'readme.md.hbs'), `${builtInReadme}\nSecond edition of our own front page.\n`);
    const second = await cli(['build'], { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    const readme = readFileSync(join(dir, 'programmes', 'pilot', 'README.md'), 'utf8');
    expect(readme).toContain('Second edition of our own front page.');
    expect(readme).not.toContain('First edition');
    // And `build --check` in a third run agrees with what the second wrote.
    expect((await cli(['build', '--check'], { cwd: dir })).code).toBe(0);
  });

  it('the parse cache takes its settings from the run’s environment (Io.env), not from process.env', async () => {
    // vitest.config.ts sets COCOON_CACHE=0 for the test process; the runs below say otherwise through their Io.
    expect(process.env.COCOON_CACHE).toBe('0');
    const cwd = tempDir();
    cpSync(join(FIXTURES, 'project-procurement', 'roles'), join(cwd, 'roles'), { recursive: true });
    const on = join(tempDir(), 'cache-on');
    const off = join(tempDir(), 'cache-off');

    const offRun = await cli(['validate', 'roles'], { cwd, env: { COCOON_CACHE: '0', COCOON_CACHE_DIR: off } });
    expect(offRun.code).toBeLessThanOrEqual(1);
    expect(existsSync(off)).toBe(false);

    const onRun = await cli(['validate', 'roles'], { cwd, env: { COCOON_CACHE: '1', COCOON_CACHE_DIR: on } });
    expect(onRun.stdout).toBe(offRun.stdout);
    const entries = readdirSync(on, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(entries).toHaveLength(1); // roles/procurement.yaml, parsed once
    // Nothing leaked into the process: the next run without those settings does not see them.
    expect(process.env.COCOON_CACHE).toBe('0');
    expect(process.env.COCOON_CACHE_DIR).toBeUndefined();
  });

  it('a workspace reads its parse-cache directory from the environment it is given', () => {
    expect(createWorkspace({ cwd: ROOT, env: { COCOON_CACHE: '0', COCOON_CACHE_DIR: '/x' } }).parseCacheDir).toBeUndefined();
    expect(createWorkspace({ cwd: ROOT, env: { COCOON_CACHE_DIR: '/x/cache' } }).parseCacheDir).toBe('/x/cache');
    expect(createWorkspace({ cwd: ROOT, env: { XDG_CACHE_HOME: '/x/xdg' } }).parseCacheDir).toBe(join('/x/xdg', 'cocoon'));
  });

  it('perRun makes a value once per workspace, and each workspace its own', () => {
    let made = 0;
    const make = () => ({ n: ++made });
    const a = createWorkspace({ cwd: ROOT, env: {} });
    const b = createWorkspace({ cwd: ROOT, env: {} });
    expect(a.perRun(make)).toBe(a.perRun(make));
    expect(b.perRun(make)).not.toBe(a.perRun(make));
    expect(made).toBe(2);
  });
});
