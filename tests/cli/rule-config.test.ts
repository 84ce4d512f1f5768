import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli, spawnCli, tempDir } from '../helpers.js';

interface Row {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  hint: string;
}

/** A temp copy of the taster project (tests/fixtures/taster), with its cocoon.yaml changed by `edit`. */
function taster(edit: (text: string) => string = (t) => t): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, 'taster'), dir, { recursive: true });
  const file = join(dir, 'cocoon.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

async function rows(cwd: string, args: string[] = []): Promise<Row[]> {
  const r = await cli(['validate', '--format', 'json', ...args], { cwd });
  return JSON.parse(r.stdout) as Row[];
}

const brief = (list: Row[]) => list.map((d) => `${d.rule} ${d.severity} ${d.line}:${d.column}`);

describe('rules: in cocoon.yaml and # cocoon-disable-next-line', () => {
  it('the deliberate 2×45 taster passes --strict because of its settings, and fails without them', async () => {
    const r = await cli(['validate', '--strict'], { cwd: taster() });
    expect(r.stdout).toBe('✔ 1 file checked, no problems\n');
    expect(r.code).toBe(0);
    const bare = taster((t) => t.replace(/^rules:\n(  .*\n)+/m, '').replace(/^ *# cocoon-disable-next-line.*\n/m, ''));
    expect(brief(await rows(bare))).toEqual([
      'project/untaught-capstone warning 5:5',
      'project/too-short warning 10:5',
      'safety/no-failure-gallery warning 10:5',
      'time/squeezed warning 10:5',
    ]);
    expect((await cli(['validate', '--strict'], { cwd: bare })).code).toBe(1);
  });

  it('a disable names only its rules, and only the next line that is not blank or a comment', async () => {
    // Another rule on the same line still fires; the comment still reaches past a blank line and a comment.
    const dir = taster((t) =>
      t
        .replace('every: 7,', 'every: 21,')
        .replace('    schedule:', '\n    # (the schedule of the taster)\n    schedule:')
        .replace(/ *project\/too-short: off.*\n/, ''),
    );
    expect(brief(await rows(dir))).toEqual(['project/too-short warning 16:5', 'follow-through/gap error 16:50']);
  });

  it('off drops a rule, warning and error re-grade it, for every file of the project', async () => {
    const dir = taster((t) => t.replace('every: 7,', 'every: 21,'));
    const [gap] = await rows(dir);
    // follow-through/gap is a warning by default; the taster makes it an error, so validate fails.
    expect(gap).toMatchObject({ rule: 'follow-through/gap', severity: 'error' });
    expect((await cli(['validate'], { cwd: dir })).code).toBe(1);
    const relaxed = taster((t) => t.replace('every: 7,', 'every: 21,').replace('follow-through/gap: error', 'follow-through/gap: off'));
    expect(await rows(relaxed)).toEqual([]);
  });

  it('build honours the settings: an error turned into a warning no longer stops it', async () => {
    const dir = taster((t) => t.replace(/ *sponsor: .*\n/, ''));
    const stopped = await cli(['build'], { cwd: dir });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('leadership/no-sponsor');
    writeFileSync(join(dir, 'cocoon.yaml'), readFileSync(join(dir, 'cocoon.yaml'), 'utf8').replace('rules:\n', 'rules:\n  leadership/no-sponsor: warning\n'));
    const built = await cli(['build'], { cwd: dir });
    expect(built.code).toBe(0);
    expect(built.stderr).toMatch(/cocoon\.yaml:\d+:5 warning {2}Programme `finance-taster` has no sponsor {2}leadership\/no-sponsor/);
    expect(existsSync(join(dir, 'programmes/finance-taster/README.md'))).toBe(true);
  });

  it('config/unknown-rule: a misspelt or fixed rule in rules:, a misspelt one in a comment, a comment naming none', async () => {
    const dir = taster((t) =>
      t
        .replace('rules:\n', 'rules:\n  time/no-brake: off\n  yaml/syntax: warning\n')
        .replace('# cocoon-disable-next-line safety/no-failure-gallery', '# cocoon-disable-next-line safety/no-failur-gallery, schema')
        .replace('    out:', '    # cocoon-disable-next-line -- no rule named\n    out:'),
    );
    const found = await rows(dir);
    expect(brief(found)).toEqual([
      'config/unknown-rule error 5:3',
      'config/unknown-rule error 6:3',
      'config/unknown-rule error 16:32',
      'safety/no-failure-gallery warning 17:5',
      'config/unknown-rule error 18:5',
    ]);
    expect(found.map((d) => d.message)).toEqual([
      'No rule `time/no-brake`; did you mean `time/no-break`?',
      'Rule `yaml/syntax` cannot be turned off or changed',
      'No rule `safety/no-failur-gallery`; did you mean `safety/no-failure-gallery`?',
      'The programme has no failure gallery',
      '`cocoon-disable-next-line` names no rule',
    ]);
  });

  it('config/disable-without-reason: still disables, and warns; `rules:` can turn the warning off', async () => {
    const dir = taster((t) => t.replace(/ -- 45 minutes.*/, ''));
    const found = await rows(dir);
    expect(brief(found)).toEqual(['config/disable-without-reason warning 14:5']);
    expect(found[0]!.hint).toBe('Say why after two dashes: `# cocoon-disable-next-line safety/no-failure-gallery, time/squeezed -- <why this is fine here>`.');
    const quiet = taster((t) => t.replace(/ -- 45 minutes.*/, '').replace('rules:\n', 'rules:\n  config/disable-without-reason: off\n'));
    expect(await rows(quiet)).toEqual([]);
  });

  it('a bad setting is a schema error with the allowed values', async () => {
    const r = await cli(['validate'], { cwd: taster((t) => t.replace('project/too-short: off', 'project/too-short: of')) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/5:\d+ +error .*schema/);
    expect(r.stdout).toMatch(/off, warning,? (or )?error|"off", "warning", "error"/);
  });
});

describe('validate --max-warnings', () => {
  it('fails when the warnings exceed n, says so, and passes at n', async () => {
    const dir = taster((t) => t.replace(/^rules:\n(  .*\n)+/m, ''));
    const over = await cli(['validate', '--max-warnings', '0'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('✖ 2 warnings, more than --max-warnings 0 allows\n');
    expect(over.stdout).toContain('project/too-short');
    const at = await cli(['validate', '--max-warnings', '2'], { cwd: dir });
    expect([at.code, at.stderr]).toEqual([0, '']);
    const bad = await cli(['validate', '--max-warnings', 'ten'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-warnings must be a whole number');
  });
});

describe('cocoon.yaml is found in the nearest folder upwards', () => {
  /** The taster with a local finance role in roles/, to run commands from inside roles/. */
  function withRoles(): string {
    const dir = taster();
    cpSync(join(FIXTURES, 'rules', 'roles'), join(dir, 'roles'), { recursive: true });
    return dir;
  }

  it('validate and build from roles/ work on the project above, from its folder', async () => {
    const dir = withRoles();
    const v = await cli(['validate'], { cwd: join(dir, 'roles') });
    expect(v.stderr).toBe(`cocoon: using ../cocoon.yaml; paths below are relative to ${dir}\n`);
    // The local role is read (its content warnings show), named as from the project's folder.
    expect(v.stdout).toMatch(/^roles\/procurement\.yaml\n/);
    expect(v.code).toBe(0);
    const b = await cli(['build'], { cwd: join(dir, 'roles') });
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('programmes/finance-taster');
    expect(existsSync(join(dir, 'programmes/finance-taster/README.md'))).toBe(true);
    expect(existsSync(join(dir, 'roles/programmes'))).toBe(false);
  });

  it('plan and roles inside a project use its roles folder and its rules:', async () => {
    const dir = withRoles();
    const roles = await cli(['roles', '--json'], { cwd: join(dir, 'roles') });
    expect((JSON.parse(roles.stdout) as { id: string; source: string }[]).find((r) => r.id === 'procurement')?.source).toBe('local');
    // Three sessions three weeks apart: follow-through/gap, a warning by default, an error in this project.
    const flags = ['plan', '--role', 'procurement', '--sessions', '3', '--minutes', '60', '--every', '21', '--dry-run'];
    const inside = await cli(flags, { cwd: join(dir, 'roles') });
    // An error the flags cause is a usage error naming the flag (exit 2).
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/--every: .*follow-through\/gap/);
    // The same plan, of the same role file, outside any project.
    const outside = tempDir();
    const bare = await cli([...flags, '--roles', join(dir, 'roles')], { cwd: outside });
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/warning .*follow-through\/gap/);
  });

  it("report from a folder inside the project, and the real bin from the example project's roles/", async () => {
    const project = tempDir();
    cpSync(join(FIXTURES, 'report-project'), project, { recursive: true });
    cpSync(join(FIXTURES, 'rules', 'report', 'bad-number', 'clean'), join(project, 'pack', 'responses'), {
      recursive: true,
      filter: (f) => !f.endsWith('expect.txt'),
    });
    const r = await cli(['report', '--programme', 'pilot'], { cwd: join(project, 'pack', 'responses') });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`cocoon: using ../../cocoon.yaml; paths below are relative to ${project}\n`);
    expect(existsSync(join(project, 'pack', 'report', 'report.json'))).toBe(true);
    const check = spawnCli(['build', '--check'], { cwd: join(ROOT, 'examples', 'consultancy', 'roles') });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^finance-2027q1 +finance +programmes\/finance-2027q1 +\d+ +up to date$/m);
  });

  it('a project command with no project here or above says so (exit 2)', async () => {
    const dir = tempDir();
    const r = await cli(['build'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No cocoon.yaml in ${dir} or any folder above it`);
  });

  it('validate --config names the project file: validated when no paths are named, its rules: govern the named paths', async () => {
    const dir = taster();
    cpSync(join(dir, 'cocoon.yaml'), join(dir, 'taster.yaml'));
    const elsewhere = tempDir();
    const own = await cli(['validate', '--strict', '--config', join(dir, 'taster.yaml')], { cwd: elsewhere });
    expect([own.code, own.stdout]).toEqual([0, '✔ 1 file checked, no problems\n']);
    // A role file named on the command line, under the project's settings.
    cpSync(join(FIXTURES, 'rules', 'workflow', 'no-baseline', 'fires.yaml'), join(dir, 'fires.yaml'));
    writeFileSync(join(dir, 'taster.yaml'), readFileSync(join(dir, 'taster.yaml'), 'utf8').replace('rules:\n', 'rules:\n  workflow/no-baseline: error\n'));
    const named = await rows(dir, ['fires.yaml', '--config', 'taster.yaml']);
    expect(named.find((d) => d.rule === 'workflow/no-baseline')?.severity).toBe('error');
    const missing = await cli(['validate', '--config', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No project file at nope.yaml');
  });
});

describe('build --dry-run', () => {
  it('prints what each pack would get and writes nothing; a file edited by hand is a refusal (exit 3)', async () => {
    const dir = taster();
    const first = await cli(['build', '--dry-run'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/finance-taster +finance +programmes\/finance-taster +\d+ +would write: \d+ new/);
    expect(first.stdout).toContain('programmes/finance-taster/\n  create        README.md\n');
    expect(existsSync(join(dir, 'programmes'))).toBe(false);
    expect((await cli(['build'], { cwd: dir })).code).toBe(0);
    const readme = join(dir, 'programmes/finance-taster/README.md');
    writeFileSync(readme, `${readFileSync(readme, 'utf8')}\nmy note\n`);
    const again = await cli(['build', '--dry-run'], { cwd: dir });
    expect(again.code).toBe(3);
    expect(again.stdout).toContain('  REFUSE (edited by hand) README.md');
    expect(again.stderr).toContain('`cocoon build` would refuse to overwrite 1 file edited by hand: programmes/finance-taster/README.md.');
    expect(readFileSync(readme, 'utf8')).toContain('my note');
  });
});

describe('cocoon rules in a project', () => {
  it("shows the severity the project's rules: give, marked", async () => {
    const dir = taster();
    const list = await cli(['rules'], { cwd: dir });
    expect(list.stdout).toMatch(/^ {2}project\/too-short +off \* +A programme is too short/m);
    expect(list.stdout).toMatch(/^ {2}follow-through\/gap +error \* +Sessions are/m);
    expect(list.stdout).toMatch(/^ {2}time\/no-break +warning +A session/m);
    expect(list.stdout).toContain('* set by rules: in cocoon.yaml');
    const one = await cli(['rules', 'project/too-short'], { cwd: dir });
    expect(one.stdout.split('\n')[0]).toBe('project/too-short  (warning; off in this project, set by rules: in cocoon.yaml)');
    const json = JSON.parse((await cli(['rules', '--json'], { cwd: dir })).stdout) as { id: string; severity: string; project?: string }[];
    expect(json.find((r) => r.id === 'project/too-short')).toMatchObject({ severity: 'warning', project: 'off' });
    expect(json.find((r) => r.id === 'time/no-break')?.project).toBeUndefined();
  });
});
