import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

interface Row {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
}

const json = (stdout: string): Row[] => JSON.parse(stdout) as Row[];

describe('content/placeholder: scaffold placeholders do not ship silently', () => {
  it('after `cocoon init --yes`, "Your organisation" and "To be named" are warnings, so --strict fails', async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const lax = await cli(['validate'], { cwd });
    expect(lax.code).toBe(0);
    const strict = await cli(['validate', '--strict', '--format', 'json'], { cwd });
    expect(strict.code).toBe(1);
    const rows = json(strict.stdout).filter((d) => d.rule === 'content/placeholder');
    const text = readFileSync(join(cwd, 'cocoon.yaml'), 'utf8').split('\n');
    expect(rows.map((d) => d.message)).toEqual([
      '"Your organisation" is a placeholder for the organisation\'s name',
      '"To be named" is a placeholder for the owner: name the person',
      '"To be named" is a placeholder for the sponsor: name the person',
      '"To be named" is a placeholder for the facilitators: name the person',
    ]);
    for (const d of rows) expect(text[d.line - 1]!.slice(d.column - 1)).toMatch(/^(Your organisation|To be named)/);
  });

  it('after `cocoon new role`, every TODO is a warning at its place', async () => {
    const cwd = tempDir();
    expect((await cli(['new', 'role', 'payroll'], { cwd })).code).toBe(0);
    const r = await cli(['validate', 'roles/payroll.yaml', '--strict', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    const rows = json(r.stdout).filter((d) => d.rule === 'content/placeholder');
    expect(rows.length).toBeGreaterThan(10);
    const text = readFileSync(join(cwd, 'roles/payroll.yaml'), 'utf8').split('\n');
    for (const d of rows) {
      expect(d.severity).toBe('warning');
      expect(text[d.line - 1]!.slice(d.column - 1, d.column + 3)).toBe('TODO');
    }
  });

  it('a pack planned without --sponsor says "to be named" on purpose: no placeholder warning', async () => {
    const r = await cli(['plan', '--role', 'finance', '--dry-run'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('content/placeholder');
  });

  it('the built-in roles and the example project have no placeholders', async () => {
    const roles = await cli(['validate', 'roles/', '--format', 'json']);
    expect(json(roles.stdout).filter((d) => d.rule === 'content/placeholder')).toEqual([]);
    const example = await cli(['validate', '--format', 'json'], { cwd: join(import.meta.dirname, '../../examples/consultancy') });
    expect(json(example.stdout).filter((d) => d.rule === 'content/placeholder')).toEqual([]);
  });
});

describe('values inherited from defaults: are reported where they are set', () => {
  const project = (defaults: string): string => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      [
        'org: { name: Northwind Ltd, timezone: Europe/London }',
        'defaults:',
        defaults,
        'programmes:',
        '  - id: spring',
        '    role: finance',
        '    owner: { name: Priya Shah, team: Finance Operations }',
        '    sponsor: { name: Dana Lee, title: CFO }',
        '  - id: autumn',
        '    role: finance',
        '    owner: { name: Priya Shah, team: Finance Operations }',
        '    sponsor: { name: Dana Lee, title: CFO }',
        '    group_size: 8',
        '',
      ].join('\n'),
    );
    return cwd;
  };

  it('group_size from defaults: annotations on the defaults line, not on each programme', async () => {
    const cwd = project('  group_size: 16\n  schedule: { every: 30 }');
    const r = await cli(['validate', '--format', 'github'], { cwd });
    const lines = r.stdout.trimEnd().split('\n');
    const group = lines.filter((l) => l.includes('title=safety/group-size'));
    expect(group).toHaveLength(1); // autumn sets its own group of 8
    expect(group[0]).toMatch(/^::warning file=cocoon\.yaml,line=3,col=15,title=safety\/group-size::Group size 16/);
    const gap = lines.filter((l) => l.includes('title=follow-through/gap'));
    expect(gap.length).toBe(1); // the same message for both programmes at one place: reported once
    for (const l of gap) expect(l).toMatch(/^::warning file=cocoon\.yaml,line=4,col=22,/);
  });

  it('a value the programme sets itself is reported on the programme', async () => {
    const cwd = project('  group_size: 8');
    const text = readFileSync(join(cwd, 'cocoon.yaml'), 'utf8').replace('    group_size: 8', '    group_size: 16');
    writeFileSync(join(cwd, 'cocoon.yaml'), text);
    const rows = json((await cli(['validate', '--format', 'json'], { cwd })).stdout).filter((d) => d.rule === 'safety/group-size');
    expect(rows.map((d) => `${d.line}:${d.column}`)).toEqual(['13:17']);
  });
});

describe('project/duplicate-out', () => {
  it('two programmes with one out fail validate, and build writes nothing', async () => {
    const cwd = tempDir();
    const programme = (id: string, out: string) =>
      `  - { id: ${id}, role: finance, owner: { name: Priya Shah, team: Finance Operations }, sponsor: { name: Dana Lee, title: CFO }, out: ${out} }\n`;
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      `org: { name: Northwind Ltd }\nprogrammes:\n${programme('spring', 'programmes/finance')}${programme('autumn', 'programmes/finance')}`,
    );
    const r = await cli(['validate', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    expect(
      json(r.stdout)
        .filter((d) => d.rule === 'project/duplicate-out')
        .map((d) => `${d.line}:${d.message}`),
    ).toEqual(['4:Programme `autumn` writes to programmes/finance, which programme `spring` writes to as well']);
    const build = await cli(['build'], { cwd });
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('Nothing was written');
  });
});
