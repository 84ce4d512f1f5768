import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, fixtureCopy, readTree, spawnCli, tempDir } from '../helpers.js';

describe('cocoon init, build and build --check', () => {
  it('init --yes && build && build --check → 0; a hand edit is refused (3) until --force; a role edit is drift (1)', async () => {
    const cwd = tempDir();
    const init = await cli(['init', '--yes'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toBe('Created cocoon.yaml, roles/finance.yaml, .github/workflows/cocoon.yml, package.json, .gitignore\n');
    expect(readFileSync(join(cwd, 'cocoon.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=node_modules\/cocoon-cli\/schema\/config\.schema\.json\n/,
    );
    const build = await cli(['build'], { cwd });
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^programme +role +out +files +result\nfinance-pilot +finance +programmes\/finance-pilot +93 +94 new\n$/);
    expect((await cli(['build', '--check'], { cwd })).code).toBe(0);
    expect((await cli(['build'], { cwd })).stdout).toContain('up to date');

    const pack = join(cwd, 'programmes/finance-pilot');
    const before = readTree(pack);
    writeFileSync(join(pack, 'participant/session-1.md'), before['participant/session-1.md']!.replace('## Agenda', '## Agenda (edited by the trainer)'));
    const refused = await cli(['build'], { cwd });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Refusing to overwrite 1 file edited by hand: programmes/finance-pilot/participant/session-1.md. Nothing was written.');
    expect(refused.stderr).toContain('--force');
    expect(readTree(pack)['participant/session-1.md']).toContain('(edited by the trainer)');
    const afterRefusal = readTree(pack);
    expect({ ...afterRefusal, 'participant/session-1.md': '' }).toEqual({ ...before, 'participant/session-1.md': '' });

    const forced = await cli(['build', '--force'], { cwd });
    expect(forced.code).toBe(0);
    expect(readTree(pack)).toEqual(before);

    const role = join(cwd, 'roles/finance.yaml');
    writeFileSync(role, readFileSync(role, 'utf8').replace(/^(\s+title: )(.+)$/m, '$1$2 (revised)'));
    const check = await cli(['build', '--check'], { cwd });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/changed {2}programmes\/finance-pilot\/README\.md\n--- a\/README\.md/);
    expect(check.stdout).toContain('(revised)');
    expect(check.stderr).toContain('Packs are out of date');
    expect(readTree(pack)).toEqual(before);
  });

  it('init never overwrites an existing cocoon.yaml', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'cocoon.yaml'), 'programmes: []\n');
    const r = await cli(['init', '--yes'], { cwd });
    expect(r.code).toBe(3);
    expect(readFileSync(join(cwd, 'cocoon.yaml'), 'utf8')).toBe('programmes: []\n');
    expect(readdirSync(cwd)).toEqual(['cocoon.yaml']);
  });

  it('without a terminal, init and plan never wait: the missing flag is named (exit 2)', () => {
    const cwd = tempDir();
    const init = spawnCli(['init'], { cwd });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('Missing --yes: no terminal to ask in');
    const plan = spawnCli(['plan'], { cwd });
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('Missing --role');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('new role scaffolds a file that validates, copies with --from, and refuses to overwrite', async () => {
    const cwd = tempDir();
    const r = await cli(['new', 'role', 'procurement'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Created roles/procurement.yaml\n');
    const text = readFileSync(join(cwd, 'roles/procurement.yaml'), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/cocoon-cli\/schema\/role\.schema\.json\n/);
    const v = await cli(['validate', 'roles/procurement.yaml', '--format', 'json'], { cwd });
    expect(v.code, v.stdout).toBe(0);
    const copy = await cli(['new', 'role', 'fp-and-a', '--from', 'finance'], { cwd });
    expect(copy.code).toBe(0);
    expect(readFileSync(join(cwd, 'roles/fp-and-a.yaml'), 'utf8')).toMatch(/^id: fp-and-a$/m);
    expect((await cli(['validate', 'roles/fp-and-a.yaml', '--strict'], { cwd })).code).toBe(0);
    const again = await cli(['new', 'role', 'procurement'], { cwd });
    expect(again.code).toBe(3);
    expect(readFileSync(join(cwd, 'roles/procurement.yaml'), 'utf8')).toBe(text);
    expect((await cli(['new', 'role', 'Bad_Id'], { cwd })).code).toBe(2);
  });

  it('hand-written sessions render exactly as written, with clock times, org tools, and facilitator notes kept out of handouts', async () => {
    const cwd = fixtureCopy('project-procurement');
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      'org: { name: Northwind Ltd, timezone: Europe/London, tools: [Northwind Assistant] }\nprogrammes:\n  - file: programmes/q1.yaml\n',
    );
    mkdirSync(join(cwd, 'programmes'));
    writeFileSync(join(cwd, 'programmes/q1.yaml'), readFileSync(join(FIXTURES, 'rules/base-programme.yaml'), 'utf8'));
    const r = await cli(['build'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(join(cwd, 'programmes/q1'));
    const agenda = tree['facilitator/session-1.md']!;
    expect(agenda).toContain('**Tuesday 12 January 2027, 09:30–11:00 (Europe/London)**');
    expect(agenda).toContain('| 09:35–09:45 | 10 | Group norms |');
    expect(agenda).toContain('> **Facilitator note:** Write the norms on the flip chart before anyone arrives');
    expect(tree['participant/session-1.md']).toContain('**Leader moment:** Dana on her first AI-drafted category review');
    expect(tree['participant/session-1.md']).toContain('Use only Northwind Assistant.');
    for (const [path, text] of Object.entries(tree))
      if (/^(participant|leader)\//.test(path)) expect(text, path).not.toContain('flip chart before anyone arrives');
    expect(Object.keys(tree)).toContain('calendar.ics');
  });

  it('refuses files it did not write and symlinked directories, writing nothing', async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const pack = join(cwd, 'programmes/finance-pilot');
    mkdirSync(join(pack, 'participant'), { recursive: true });
    writeFileSync(join(pack, 'participant/prompts.md'), 'my own notes\n');
    // A non-empty directory that is not a pack is not taken over (exit 73)…
    const r = await cli(['build'], { cwd });
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('not a cocoon pack');
    expect(readdirSync(pack)).toEqual(['participant']);
    // …and in a pack, a file cocoon did not write at a path it produces is refused (exit 3).
    rmSync(pack, { recursive: true });
    expect((await cli(['build'], { cwd })).code).toBe(0);
    const config = join(cwd, 'cocoon.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('sessions: 4', 'sessions: 5'));
    writeFileSync(join(pack, 'participant/session-5.md'), 'my own notes\n');
    const foreign = await cli(['build'], { cwd });
    expect(foreign.code).toBe(3);
    expect(foreign.stderr).toContain('Refusing to overwrite 1 file not written by cocoon: programmes/finance-pilot/participant/session-5.md.');
    expect(readFileSync(join(pack, 'participant/session-5.md'), 'utf8')).toBe('my own notes\n');
    const elsewhere = tempDir();
    const cwd2 = tempDir();
    expect((await cli(['init', '--yes'], { cwd: cwd2 })).code).toBe(0);
    expect((await cli(['build'], { cwd: cwd2 })).code).toBe(0);
    rmSync(join(cwd2, 'programmes/finance-pilot/participant'), { recursive: true });
    symlinkSync(elsewhere, join(cwd2, 'programmes/finance-pilot/participant'));
    const linked = await cli(['build'], { cwd: cwd2 });
    expect(linked.code).toBe(3);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('keeps a file a user added to the pack, and removes files no longer produced only when unchanged', async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    expect((await cli(['build'], { cwd })).code).toBe(0);
    const pack = join(cwd, 'programmes/finance-pilot');
    writeFileSync(join(pack, 'NOTES.txt'), 'room 4B\n');
    const config = join(cwd, 'cocoon.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('sessions: 4', 'sessions: 3'));
    const r = await cli(['build'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(pack, 'facilitator/session-4.md'))).toBe(false);
    expect(readFileSync(join(pack, 'NOTES.txt'), 'utf8')).toBe('room 4B\n');
  });
});
