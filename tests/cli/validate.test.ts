import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, fixtureCopy, spawnCli, tempDir } from '../helpers.js';

const VALIDATE = join(FIXTURES, 'validate');

describe('cocoon validate', () => {
  it('a hand-written programme with four problems gets exactly those four rules at their lines, exit 1', async () => {
    const r = await cli(['validate', 'four-problems.yaml', '--format', 'json'], { cwd: VALIDATE });
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as { rule: string; line: number; column: number; severity: string }[];
    expect(rows.map((d) => `${d.rule}@${d.line}:${d.column}`)).toEqual([
      'follow-through/no-check-ins@2:1',
      'leadership/no-sponsor@2:1',
      'safety/group-size@7:13',
      'safety/no-norms@13:5',
    ]);
    expect(rows.every((d) => d.severity === 'error')).toBe(true);
  });

  it('text format: grouped by file, path:line:col, hint, summary; no colour without a TTY', async () => {
    const r = await cli(['validate', 'four-problems.yaml'], { cwd: VALIDATE });
    expect(r.stdout).toMatch(
      /^four-problems\.yaml\n {2}2:1 {3}error {4}No check-in within 14 days after the last session {2}follow-through\/no-check-ins\n {8}hint: Add/,
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 4 errors, 0 warnings in 1 file');
    expect(r.stdout).not.toContain('\u001b[');
    const colour = await cli(['validate', 'four-problems.yaml'], { cwd: VALIDATE, env: { FORCE_COLOR: '1' } });
    expect(colour.stdout).toContain('\u001b[');
    const none = await cli(['validate', 'four-problems.yaml'], { cwd: VALIDATE, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(none.stdout).not.toContain('\u001b[');
  });

  it('github format emits workflow commands that annotate the lines', async () => {
    const r = await cli(['validate', 'four-problems.yaml', '--format', 'github'], { cwd: VALIDATE });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^::error file=four-problems\.yaml,line=\d+,col=\d+,title=[a-z/-]+::[^\n]+$/);
    expect(lines[2]).toBe(
      '::error file=four-problems.yaml,line=7,col=13,title=safety/group-size::Group size 25 is above 20; people will not feel safe to fail in front of the room. Keep groups to 12 or fewer; split a larger cohort into several groups.',
    );
  });

  it('json format has the documented shape, keys in order', async () => {
    const r = await cli(['validate', 'four-problems.yaml', '--format', 'json'], { cwd: VALIDATE });
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    for (const row of rows) expect(Object.keys(row)).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message', 'hint']);
  });

  it('--strict fails on warnings; --quiet shows errors only', async () => {
    const cwd = fixtureCopy('validate');
    writeFileSync(
      join(cwd, 'warn.yaml'),
      (await import('node:fs'))
        .readFileSync(join(FIXTURES, 'rules/safety/group-size/clean.yaml'), 'utf8')
        .replace('group_size: 12', 'group_size: 16')
        .replace(/^# expect.*\n/, ''),
    );
    const lax = await cli(['validate', 'warn.yaml'], { cwd });
    expect(lax.code).toBe(0);
    expect(lax.stdout).toContain('safety/group-size');
    expect((await cli(['validate', 'warn.yaml', '--strict'], { cwd })).code).toBe(1);
    const quiet = await cli(['validate', 'warn.yaml', '--quiet'], { cwd });
    expect(quiet.stdout).not.toContain('safety/group-size');
  });

  it('defaults to ./roles when there is no cocoon.yaml, and says when all is well', async () => {
    const r = await cli(['validate'], { cwd: join(FIXTURES, 'project-procurement') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✔ 1 file checked, no problems\nReady to run: roles/procurement.yaml — 3 of 3 exercises runnable from the page\n');
  });

  it('a comma inside { … } that splits a value gets a quoting hint, not a list of keys', async () => {
    const cwd = fixtureCopy('validate');
    const file = join(cwd, 'roles/procurement.yaml');
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    writeFileSync(
      file,
      text.replace(
        '{ do: "Draft the scope, service levels and evaluation criteria", ai: augment }',
        '{ do: Draft the scope, service levels and evaluation criteria, ai: augment }',
      ),
    );
    const r = await cli(['validate', 'roles/procurement.yaml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /24:32 +error +Unknown key `service levels and evaluation criteria` +schema\n +hint: Inside `\{ … \}` a comma ends a value: put the whole text in quotes/,
    );
  });

  it('bad --format and missing paths are usage errors', async () => {
    expect((await cli(['validate', '--format', 'xml'], { cwd: VALIDATE })).code).toBe(2);
    const missing = await cli(['validate', 'nope.yaml'], { cwd: VALIDATE });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or directory');
  });
});

describe('hostile files: exit 1 fast with one positioned line, never a crash', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const blockDeep = `${'- '.repeat(10_000)}x\n`;
  const indentDeep = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n');
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
    ),
  ].join('\n');
  const cases: [string, string | Buffer, RegExp][] = [
    ['alias-bomb.yaml', bomb, /alias/i],
    ['deep-flow.yaml', deep, /nested more than 64 levels/],
    ['deep-block.yaml', blockDeep, /nested more than 64 levels/],
    ['deep-indent.yaml', indentDeep, /nested more than 64 levels/],
    ['huge.yaml', `id: huge\nname: x\n# ${'x'.repeat(2 * 1024 * 1024)}\n`, /2\.0 MiB; cocoon reads YAML files up to 1 MiB/],
    ['binary.yaml', Buffer.from([0x69, 0x64, 0x3a, 0x20, 0x00, 0x01, 0x02, 0xff]), /binary/],
    ['latin1.yaml', Buffer.from('id: latin1\nname: Caf\xe9\n', 'latin1'), /not UTF-8 \(byte 0xe9/],
    ['empty.yaml', '\n# nothing here\n', /File is empty/],
    ['tabs.yaml', 'id: tabs\nworkflows:\n\t- id: x\n', /tab/i],
    ['dupe.yaml', 'id: dupe\nname: A\nname: B\n', /`name` appears twice in the same mapping \(first on line 2\)/],
  ];
  for (const [name, content, message] of cases) {
    it(name, () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, name), content);
      // A hang or an exponential blow-up is killed at the timeout and fails the exit-code assertion.
      const r = spawnCli(['validate', name], { cwd, timeout: 10_000 });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(message);
      expect(r.stdout).toMatch(new RegExp(`^${name}\\n {2}\\d+:\\d+ +error {3}`));
      expect(r.stdout.split('\n').filter((l) => /error {3}/.test(l))).toHaveLength(1);
      expect(r.stderr).toBe('');
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at |RangeError|TypeError/);
    });
  }

  it('accepts a BOM and CRLF line endings', async () => {
    const cwd = fixtureCopy('validate');
    const text = (await import('node:fs')).readFileSync(join(cwd, 'roles/procurement.yaml'), 'utf8');
    writeFileSync(join(cwd, 'roles/procurement.yaml'), `\ufeff${text.replace(/\n/g, '\r\n')}`);
    const r = await cli(['validate', 'roles/procurement.yaml'], { cwd });
    expect(r.stdout).toBe('✔ 1 file checked, no problems\nReady to run: roles/procurement.yaml — 3 of 3 exercises runnable from the page\n');
    expect(r.code).toBe(0);
  });
});
