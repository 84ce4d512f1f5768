import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, tempDir } from '../helpers.js';

/** Messages a trainer or consultant who is not a programmer trips on (issue 29). */
describe('messages for slips a non-programmer makes', () => {
  it('curly quotes pasted into a flag: a usage error naming the flag, with the line in straight quotes', async () => {
    // What the shell hands over for: cocoon plan --role finance --sponsor “Dana Lee, CFO”
    const r = await cli(['plan', '--role', 'finance', '--sponsor', '“Dana', 'Lee,', 'CFO”'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'cocoon: --sponsor: “Dana Lee, CFO” has curly quotes (“ ” or ‘ ’, as Word and web pages write them); the shell does not read them as quotes\n' +
        'hint: Type straight quotes instead: --sponsor "Dana Lee, CFO"\n',
    );
    const single = await cli(['plan', '--role=‘finance’'], { cwd: tempDir() });
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('hint: Type straight quotes instead: --role "finance"');
    // An apostrophe inside a word is text.
    const apostrophe = await cli(['plan', '--role', 'finance', '--org', 'O’Brien Ltd', '--dry-run'], { cwd: tempDir() });
    expect(apostrophe.code).toBe(0);
  });

  it('curly quotes around a YAML value: a yaml/syntax warning that says to type straight quotes', async () => {
    const dir = tempDir();
    cpSync(join(FIXTURES, 'taster'), dir, { recursive: true });
    const file = join(dir, 'cocoon.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('    role: finance\n', "    role: finance\n    title: ‘AI for Finance’\n    location: 'He said “yes”'\n"),
    );
    const r = await cli(['validate', '--format', 'json'], { cwd: dir });
    const rows = JSON.parse(r.stdout) as { rule: string; severity: string; line: number; column: number; message: string; hint: string }[];
    expect(rows.map((d) => `${d.rule} ${d.severity} ${d.line}:${d.column}`)).toEqual(['yaml/syntax warning 11:12']);
    expect(rows[0]!.message).toContain('curly quotes');
    expect(rows[0]!.hint).toContain('Type straight quotes');
    expect(r.code).toBe(0);
    // A deliberate one can be disabled like any warning.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('    title: ‘', '    # cocoon-disable-next-line yaml/syntax -- the client writes its titles this way\n    title: ‘'),
    );
    expect(JSON.parse((await cli(['validate', '--format', 'json'], { cwd: dir })).stdout)).toEqual([]);
  });

  it('`cocoon plan finance` answers "did you mean `--role finance`?" (exit 2)', async () => {
    const r = await cli(['plan', 'finance'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('cocoon: Unexpected argument "finance"; did you mean `--role finance`?');
  });

  it('--start without --timezone says which zone the pack uses', async () => {
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-02', '--dry-run'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: --start without --timezone: the sessions are at 09:30 UTC.');
    const zoned = await cli(['plan', '--role', 'finance', '--start', '2027-03-02', '--timezone', 'Europe/London', '--dry-run'], { cwd: tempDir() });
    expect(zoned.stderr).not.toContain('without --timezone');
  });

  it('case, space and underscore slips in ids get a did-you-mean', async () => {
    const cases: [string[], string][] = [
      [['--role', 'Finance'], 'cocoon: --role: "Finance" is not a valid id; did you mean `finance`?'],
      [['--role', ' finance'], 'cocoon: --role: " finance" is not a valid id; did you mean `finance`?'],
      [['--role', 'finance', '--workflows', 'Month_End,variance'], 'cocoon: --workflows: "Month_End" is not a valid id; did you mean `month-end`?'],
    ];
    for (const [flags, first] of cases) {
      const r = await cli(['plan', ...flags], { cwd: tempDir() });
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(first);
    }
  });

  it('--format pdf says how to get a PDF', async () => {
    const r = await cli(['plan', '--role', 'finance', '--format', 'html,pdf'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cocoon: --format: cocoon does not write PDF');
    expect(r.stderr).toContain('print it to PDF');
    expect(r.stderr).toContain('marp-cli --pdf');
    expect(r.stderr).not.toContain('did you mean md');
  });

  it('an error the flags cause names the flag and exits 2; a warning names the flag where a file would be', async () => {
    const r = await cli(['plan', '--role', 'finance', '--group-size', '30', '--every', '30', '--dry-run'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cocoon: --group-size: Group size 30 is above 20');
    expect(r.stderr).not.toContain('cocoon plan:1:1');
    const w = await cli(['plan', '--role', 'finance', '--every', '30', '--dry-run'], { cwd: tempDir() });
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/^cocoon plan --every warning {2}Sessions are 30 days apart/m);
  });
});
