import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, tempDir } from '../helpers.js';

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
    expect(brief(await rows(bare))).toEqual(['project/too-short warning 10:5', 'safety/no-failure-gallery warning 10:5', 'time/squeezed warning 10:5']);
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
    expect(brief(await rows(dir))).toEqual(['project/too-short warning 15:5', 'follow-through/gap error 15:50']);
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

  it('config/unknown-rule: a misspelt or fixed rule in rules: or in a comment, and a comment naming none', async () => {
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
      'config/unknown-rule error 15:32',
      'config/unknown-rule error 15:58',
      'safety/no-failure-gallery warning 16:5',
      'config/unknown-rule error 17:5',
    ]);
    expect(found.map((d) => d.message)).toEqual([
      'No rule `time/no-brake`; did you mean `time/no-break`?',
      'Rule `yaml/syntax` cannot be turned off or changed',
      'No rule `safety/no-failur-gallery`; did you mean `safety/no-failure-gallery`?',
      'Rule `schema` cannot be turned off or changed',
      'The programme has no failure gallery',
      '`cocoon-disable-next-line` names no rule',
    ]);
  });

  it('config/disable-without-reason: still disables, and warns; `rules:` can turn the warning off', async () => {
    const dir = taster((t) => t.replace(/ -- 45 minutes.*/, ''));
    const found = await rows(dir);
    expect(brief(found)).toEqual(['config/disable-without-reason warning 13:5']);
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
