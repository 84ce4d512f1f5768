import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, resolveProgrammes } from '../../src/app/project.js';
import { computeReport } from '../../src/pipeline/report/report-data.js';
import { reportSpec } from '../../src/pipeline/render/report-spec.js';
import { BIN, FIXTURES, ROOT, cli, readTree, spawnCli, tempDir, testWorkspace } from '../helpers.js';

/**
 * Limits and hostile input (issue 24, part B): each case here once hung, spun, crashed with exit 70 or
 * flooded the terminal. docs/safety.md "Limits and hostile input" gives the times and memory measured
 * on the real bin; these tests assert the exit codes and the messages.
 */

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COCOON_CACHE: '0' });

/** A planned finance pack in a fresh directory; returns [cwd, pack]. */
async function plannedPack(): Promise<[string, string]> {
  const cwd = tempDir('cocoon-limits-');
  const r = await cli(['plan', '--role', 'finance'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return [cwd, join(cwd, 'programmes', 'finance')];
}

describe('the lock is lstat-ed first and every wait has an end', () => {
  for (const kind of ['symlink', 'directory'] as const) {
    it(`a .cocoon-lock that is a ${kind} is refused at once (exit 73), never spun on`, async () => {
      const [cwd, pack] = await plannedPack();
      const lock = join(pack, '.cocoon-lock');
      if (kind === 'symlink') symlinkSync('/etc/passwd', lock);
      else mkdirSync(lock);
      const before = readFileSync(join(pack, 'README.md'), 'utf8');
      // Spawned, with a timeout: before the fix this spun at full CPU, deaf to SIGTERM.
      for (const args of [
        ['plan', '--role', 'finance', '--org', 'Other'],
        ['plan', '--role', 'finance', '--org', 'Other', '--dry-run'],
      ]) {
        const started = Date.now();
        const r = spawnCli(args, { cwd, env: { COCOON_CACHE: '0', COCOON_LOCK_WAIT_MS: '60000' }, timeout: 15_000 });
        if (args.includes('--dry-run')) {
          // A dry run takes no lock unless a journal asks for recovery: it just compares.
          expect(r.code, r.stderr).toBe(0);
          continue;
        }
        expect(r.code, r.stderr).toBe(73);
        expect(r.stderr).toContain(`its lock programmes/finance/.cocoon-lock is a ${kind}, not a lock cocoon made`);
        expect(Date.now() - started).toBeLessThan(10_000);
      }
      expect(readFileSync(join(pack, 'README.md'), 'utf8')).toBe(before);
    });
  }

  it('a run waiting for a live lock stops on SIGINT and on SIGTERM: exit 130, "Aborted; nothing was written."', async () => {
    const [cwd, pack] = await plannedPack();
    // Held by this (live) test process, so the run must wait; its deadline is far away.
    writeFileSync(join(pack, '.cocoon-lock'), JSON.stringify({ pid: process.pid, start: '' }));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [BIN, 'plan', '--role', 'finance', '--org', 'Other'], {
        cwd,
        env: { ...baseEnv(), COCOON_LOCK_WAIT_MS: '60000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, 1500));
      const sent = Date.now();
      child.kill(signal);
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000))]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code, `${signal}: ${stderr}`).toBe(130);
      expect(stderr).toContain('Aborted; nothing was written.');
      expect(Date.now() - sent).toBeLessThan(3000);
    }
    expect(readFileSync(join(pack, 'README.md'), 'utf8')).not.toContain('Other');
  });
});

const ROLE = readFileSync(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), 'utf8');

/** A project with the procurement role, one programme and a templates_dir holding `templates`. */
function templatedProject(templates: Record<string, string>): string {
  const dir = tempDir('cocoon-limits-');
  mkdirSync(join(dir, 'roles'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'roles/procurement.yaml'), ROLE);
  writeFileSync(
    join(dir, 'cocoon.yaml'),
    'org: { name: Northwind Ltd }\ntemplates_dir: templates\nprogrammes:\n  - id: pilot\n    role: procurement\n    sponsor: { name: Dana Lee, title: CPO }\n    owner: { name: Sam Ortiz, team: Procurement }\n',
  );
  for (const [name, text] of Object.entries(templates)) writeFileSync(join(dir, 'templates', name), text);
  return dir;
}

describe('template budgets are charged on every path', () => {
  it('nested inline partials (about 1 KB that once printed gigabytes) stop with a positioned budget error; nothing is written', () => {
    let src = '{{#*inline "p0"}}xxxxxxxxxxxxxxxx{{/inline}}\n';
    for (let i = 1; i < 12; i++) src += `{{#*inline "p${i}"}}${`{{> p${i - 1}}}`.repeat(8)}{{/inline}}\n`;
    src += '{{> p11}}\n';
    expect(src.length).toBeLessThan(1200);
    const dir = templatedProject({ 'readme.md.hbs': src });
    const r = spawnCli(['build'], { cwd: dir, timeout: 20_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/templates\/readme\.md\.hbs:\d+:\d+ +error +\{\{> p\d+\}\} stopped: the page (grew past 16 MiB|took more than 1000 ms to render)/);
    expect(existsSync(join(dir, 'programmes/pilot'))).toBe(false);
  });

  it('a partial that includes itself stops at the call, not with a stack overflow', () => {
    const dir = templatedProject({ 'readme.md.hbs': '{{#*inline "me"}}a{{> me}}{{/inline}}\n\n{{> me}}\n' });
    const r = spawnCli(['build'], { cwd: dir, timeout: 20_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/templates\/readme\.md\.hbs:1:\d+ +error +\{\{> me\}\} stopped: partials nest more than 32 deep/);
  });

  it('5 000 nested {{#if}} is a positioned error at the 65th block, found before parsing', async () => {
    const dir = templatedProject({ 'readme.md.hbs': `# Title\n${'{{#if title}}'.repeat(5000)}x${'{{/if}}'.repeat(5000)}\n` });
    const started = Date.now();
    const r = await cli(['validate'], { cwd: dir });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(
      /templates\/readme\.md\.hbs\n +2:833 +error +blocks nest more than 64 deep here; split the template into partials +template\/syntax/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('B17: an unknown field is a positioned compile-time error in validate and build, with the nearest name', async () => {
    const dir = templatedProject({ 'readme.md.hbs': '# {{md title}}\n\n{{#each sessions}}\n- {{md this.titel}}\n{{/each}}\n' });
    const v = await cli(['validate'], { cwd: dir });
    expect(v.code, v.stdout).toBe(1);
    expect(v.stdout).toMatch(
      /templates\/readme\.md\.hbs\n +4:8 +error +unknown field `titel`: the pack's view has no such field; did you mean `title`\? +template\/syntax/,
    );
    const b = await cli(['build'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stdout + b.stderr).toContain('4:8');
    expect(existsSync(join(dir, 'programmes/pilot'))).toBe(false);
  });

  it('every built-in template, copied into templates_dir, passes the field check (no false unknowns)', async () => {
    const md = join(ROOT, 'templates', 'md');
    const files: Record<string, string> = {};
    for (const dirName of [md, join(md, 'partials')])
      for (const f of readdirSync(dirName).filter((n) => n.endsWith('.hbs'))) files[f] = readFileSync(join(dirName, f), 'utf8');
    const dir = templatedProject(files);
    const v = await cli(['validate'], { cwd: dir });
    expect(v.stdout).not.toContain('template/syntax');
    expect(v.code, v.stdout).toBe(0);
  });
});

describe('responses CSV: dialects read alike, limits are clear, diagnostics are capped', () => {
  const PROJECT = join(FIXTURES, 'report-project');
  const planned = () => {
    const ws = testWorkspace(PROJECT);
    const project = loadProject(join(PROJECT, 'cocoon.yaml'), ws);
    return resolveProgrammes(project.programmes, { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org }, ws).resolved[0]!.planned;
  };
  const P = planned();
  const baseline = (sep: string, eol: string, extra = '') =>
    [
      ['participant', 'workflow', 'minutes', 'per_month', 'confidence'].join(sep),
      ...Array.from({ length: 6 }, (_, i) => [`p0${i + 1}`, P.workflows[0]!.id, String(60 + i), '2', '3'].join(sep)),
      ...(extra ? [extra] : []),
    ].join(eol) + eol;
  const report = (text: string) =>
    computeReport(reportSpec(P), { baseline: { display: 'responses/baseline.csv', bytes: Buffer.from(text) }, checkIns: new Map(), pulses: new Map() }, 5);

  it('a `;`-separated file and a CR-only file give exactly the report and positions of a comma, LF file', () => {
    const comma = report(baseline(',', '\n'));
    expect(comma.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(comma.data?.baseline.respondents).toBe(6);
    for (const [sep, eol] of [
      [';', '\n'],
      [',', '\r'],
      [';', '\r'],
      [';', '\r\n'],
    ])
      expect(report(baseline(sep!, eol!)), JSON.stringify([sep, eol])).toEqual(comma);
    // A mistake is found at the same line and column in each dialect.
    const bad = (sep: string, eol: string) =>
      report(baseline(sep, eol, ['p07', P.workflows[0]!.id, 'lots', '2', '3'].join(sep))).diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`);
    expect(bad(',', '\n')).toEqual(['8:' + String(5 + P.workflows[0]!.id.length + 1) + ' report/bad-number']);
    expect(bad(';', '\r')).toEqual(bad(',', '\n'));
  });

  it('a 130 KB header is one clear report/syntax error (not an internal error)', async () => {
    const dir = tempDir('cocoon-limits-');
    cpSync(PROJECT, dir, { recursive: true });
    mkdirSync(join(dir, 'pack', 'responses'), { recursive: true });
    writeFileSync(join(dir, 'pack', 'responses', 'baseline.csv'), `${'participant'.repeat(12_000)}\n`);
    const r = await cli(['report'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/pack\/responses\/baseline\.csv:1:1 error +The header row is 132000 characters long; a form's header is at most 4096/);
    writeFileSync(join(dir, 'pack', 'responses', 'baseline.csv'), `${'a,'.repeat(1000)}\n`);
    const wide = await cli(['report'], { cwd: dir });
    expect(wide.code).toBe(1);
    expect(wide.stdout + wide.stderr).toMatch(/baseline\.csv:1:1 error +A row has 1001 cells; responses forms have at most 64 columns/);
  });

  it('a 256 KiB file with a problem in every row lists 50, then one line with the count of the rest', () => {
    const rows = Array.from({ length: 1990 }, (_, i) => `p${String(i).padStart(4, '0')},${P.workflows[0]!.id},lots,2,3`);
    const text = `participant,workflow,minutes,per_month,confidence\n${rows.join('\n')}\n`;
    const { diagnostics } = report(text);
    expect(diagnostics).toHaveLength(51);
    expect(diagnostics[50]!.message).toBe('…and 1940 more problems in this file from here on; only the first 50 are listed');
    expect(diagnostics[50]!.line).toBe(52);
  });
});

describe('a participant pack never removes another pack', () => {
  it("build --audience participant refuses a participant folder that is another programme's pack (exit 3), and removes nothing", async () => {
    const dir = tempDir('cocoon-limits-');
    mkdirSync(join(dir, 'roles'));
    writeFileSync(join(dir, 'roles/procurement.yaml'), ROLE);
    const programme = (id: string, out: string) =>
      `  - id: ${id}\n    role: procurement\n    sponsor: { name: Dana Lee, title: CPO }\n    owner: { name: Sam Ortiz, team: Procurement }\n    out: ${out}\n`;
    writeFileSync(
      join(dir, 'cocoon.yaml'),
      `org: { name: Northwind Ltd }\nprogrammes:\n${programme('a', 'programmes/a')}${programme('b', 'programmes/a-participant')}`,
    );
    expect((await cli(['build'], { cwd: dir })).code).toBe(0);
    const before = readTree(join(dir, 'programmes/a-participant'));
    const r = await cli(['build', '--audience', 'participant', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      'Refusing to write the participant pack of `a` into programmes/a-participant: that is the pack of programme `b`. Nothing was written.',
    );
    expect(readTree(join(dir, 'programmes/a-participant'))).toEqual(before);
  });

  it('plan --audience participant into a full pack (from another project or a plan) is refused the same way', async () => {
    const [cwd, pack] = await plannedPack();
    const before = readTree(pack);
    const r = await cli(['plan', '--role', 'finance', '--audience', 'participant', '--out', 'programmes/finance', '--force'], { cwd });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /Refusing to write a participant pack into programmes\/finance: it holds another pack \(README\.md and \d+ more files that a participant pack never writes\)/,
    );
    expect(readTree(pack)).toEqual(before);
    // Its own folder is fine, and a second run updates it.
    expect((await cli(['plan', '--role', 'finance', '--audience', 'participant'], { cwd })).code).toBe(0);
    expect((await cli(['plan', '--role', 'finance', '--audience', 'participant', '--org', 'Other'], { cwd })).code).toBe(0);
  });
});

describe('B20 and B24: dates and nesting the checks once missed', () => {
  it('B20: a start year outside 1000–9999 is a usage error (--start) or a positioned schema error (schedule.start)', async () => {
    const cwd = tempDir('cocoon-limits-');
    for (const start of ['0050-01-04', '0999-12-31']) {
      const r = await cli(['plan', '--role', 'finance', '--start', start, '--format', 'ics'], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--start must be a real date as YYYY-MM-DD in the years 1000–9999, not "${start}"`);
    }
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      'programmes:\n  - id: pilot\n    role: finance\n    owner: { name: Priya Shah, team: Finance Operations }\n    sponsor: { name: Dana Lee, title: CFO }\n    schedule: { start: 0050-01-04 }\n',
    );
    const v = await cli(['validate'], { cwd });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/cocoon\.yaml\n +6:24 +error +`start` the text "0050-01-04" is outside the years 1000–9999 +schema/);
    expect((await cli(['build'], { cwd })).code).toBe(1);
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
    // 1000 itself is a real, four-digit year: its calendar says 1000 and the right weekday.
    const ok = await cli(['plan', '--role', 'finance', '--start', '1000-01-06', '--format', 'ics', '--out', 'year-1000'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'year-1000', 'calendar.ics'), 'utf8')).toMatch(/DTSTART:10000106T093000Z/);
  });

  it('B24: brackets after a quote inside a plain scalar (`[a "x, [[[…`) count for the 64-level pre-scan', async () => {
    const cwd = tempDir('cocoon-limits-');
    writeFileSync(join(cwd, 'deep.yaml'), `id: deep\nname: [a "x, ${'['.repeat(20_000)}${']'.repeat(20_000)}]\n`);
    const r = await cli(['validate', 'deep.yaml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/deep\.yaml\n +2:1 +error +YAML is nested more than 64 levels deep +yaml\/syntax/);
    // A real quoted scalar still hides its brackets.
    writeFileSync(join(cwd, 'fine.yaml'), `id: fine\nname: "${'['.repeat(100)}"\n`);
    expect((await cli(['validate', 'fine.yaml'], { cwd })).stdout).not.toContain('nested more than');
  });
});

describe('B21, L8: odd paths are one clear line, never an internal error', () => {
  it('--out with a 300-character name, --out afile/pack, and templates_dir that is a file', async () => {
    const cwd = tempDir('cocoon-limits-');
    const long = await cli(['plan', '--role', 'finance', '--out', 'a'.repeat(300)], { cwd });
    expect(long.code, long.stderr).toBe(73);
    expect(long.stderr).toMatch(/^cocoon: Cannot use a+…: a file or folder name on that path is too long$/m);
    writeFileSync(join(cwd, 'afile'), 'x');
    const through = await cli(['plan', '--role', 'finance', '--out', 'afile/pack'], { cwd });
    expect(through.code, through.stderr).toBe(73);
    expect(through.stderr).toContain('afile/pack');
    expect(through.stderr).not.toContain('internal error');
    writeFileSync(join(cwd, 'tfile'), 'x');
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      'templates_dir: tfile\nprogrammes:\n  - id: pilot\n    role: finance\n    owner: { name: Priya Shah, team: Finance Operations }\n    sponsor: { name: Dana Lee, title: CFO }\n',
    );
    for (const command of ['validate', 'build']) {
      const r = await cli([command], { cwd });
      expect(r.code, command).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/cocoon\.yaml(:1:16|\n +1:16) +error +templates_dir tfile is a file, not a directory +schema/);
    }
  });
});

describe('report: responses are read only from a real directory, and diagnostics never echo what people wrote (L1, L2, L13)', () => {
  const project = () => {
    const dir = tempDir('cocoon-limits-');
    cpSync(join(FIXTURES, 'report-project'), dir, { recursive: true });
    return dir;
  };
  it('--responses naming a file is a usage error (exit 2); a responses/ that is a symlink is refused (exit 2)', async () => {
    const dir = project();
    writeFileSync(join(dir, 'one.csv'), 'participant,useful,recommend\n');
    const file = await cli(['report', '--programme', 'pilot', '--responses', 'one.csv'], { cwd: dir });
    expect(file.code, file.stderr).toBe(2);
    expect(file.stderr).toContain('cocoon: --responses: one.csv is a file, not a directory of filled forms');
    mkdirSync(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'pack'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'pack', 'responses'));
    const link = await cli(['report'], { cwd: dir });
    expect(link.code, link.stderr).toBe(2);
    expect(link.stderr).toContain('pack/responses is a symlink; cocoon reads responses only from a real directory');
  });

  it('a participant written as a name or free text, or a number cell holding words, is reported by column and row only', async () => {
    const dir = project();
    mkdirSync(join(dir, 'pack', 'responses'), { recursive: true });
    writeFileSync(join(dir, 'pack', 'responses', 'pulse-session-1.csv'), 'participant,useful,recommend\njsmith99,4,8\np02,ask Jane Doe,8\n');
    const r = await cli(['report'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('pack/responses/pulse-session-1.csv:2:1 error  The participant cell is not a pseudonymous id like p01 (its text is not shown here)');
    expect(out).toMatch(/pulse-session-1\.csv:3:5 error +useful `text not shown` must be a number/);
    expect(out).not.toContain('jsmith99');
    expect(out).not.toContain('Jane');
  });
});

describe('B23: an alias without an anchor', () => {
  it('is "unknown alias *x" at the alias, not a "billion laughs"', async () => {
    const cwd = tempDir('cocoon-limits-');
    writeFileSync(join(cwd, 'x.yaml'), 'id: x\nname: Finance\nsummary: *nowhere\n');
    const r = await cli(['validate', 'x.yaml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/x\.yaml\n +3:10 +error +Unknown alias \*nowhere: no anchor &nowhere is set before it +yaml\/syntax/);
    expect(r.stdout).not.toContain('billion');
  });
});

describe('B30: init never writes through a symlink', () => {
  it('a .github that is a symlink is refused (exit 73) and nothing is written', async () => {
    const cwd = tempDir('cocoon-limits-');
    const other = tempDir('cocoon-limits-other-');
    symlinkSync(other, join(cwd, '.github'));
    const r = await cli(['init', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(73);
    expect(r.stderr).toContain('Refusing to write .github/workflows/cocoon.yml: .github is a symlink, and cocoon does not write through links');
    expect(readdirSync(other)).toEqual([]);
    expect(existsSync(join(cwd, 'cocoon.yaml'))).toBe(false);
  });

  it('a .github/workflows that is a symlink is refused the same way', async () => {
    const cwd = tempDir('cocoon-limits-');
    const other = tempDir('cocoon-limits-other-');
    mkdirSync(join(cwd, '.github'));
    symlinkSync(other, join(cwd, '.github', 'workflows'));
    const r = await cli(['init', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(73);
    expect(r.stderr).toContain('Refusing to write .github/workflows/cocoon.yml: .github/workflows is a symlink, and cocoon does not write through links');
    expect(readdirSync(other)).toEqual([]);
    expect(readdirSync(cwd).sort()).toEqual(['.github']);
  });
});

describe('B30: procurement.yml beside procurement.yaml', () => {
  it('is refused as ambiguous (exit 2) instead of one silently shadowing the other', async () => {
    const cwd = tempDir('cocoon-limits-');
    mkdirSync(join(cwd, 'roles'));
    writeFileSync(join(cwd, 'roles', 'procurement.yaml'), ROLE);
    writeFileSync(join(cwd, 'roles', 'procurement.yml'), ROLE.replace(/^name: .*$/m, 'name: Shadow'));
    const r = await cli(['plan', '--role', 'procurement'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('roles/procurement.yaml and roles/procurement.yml both define role `procurement`; cocoon will not guess which one you mean');
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
  });

  it('validate, roles and build of a project refuse it too (exit 2), writing nothing', async () => {
    const cwd = tempDir('cocoon-limits-');
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const [role] = readdirSync(join(cwd, 'roles')).filter((f) => f.endsWith('.yaml'));
    const id = role!.replace(/\.yaml$/, '');
    writeFileSync(join(cwd, 'roles', `${id}.yml`), readFileSync(join(cwd, 'roles', role!), 'utf8').replace(/^name: .*$/m, 'name: Shadow'));
    for (const args of [['validate'], ['roles'], ['build']]) {
      const r = await cli(args, { cwd });
      expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`roles/${id}.yaml and roles/${id}.yml both define role \`${id}\`; cocoon will not guess which one you mean`);
    }
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
  });
});

describe('B30: a corrupt manifest says it is corrupt', () => {
  for (const [what, corrupt] of [
    ['cut short', (text: string) => text.slice(0, 100)],
    ['JSON but no files', () => '[1, 2]\n'],
  ] as const) {
    it(`a pack manifest ${what}: exit 3 naming the manifest and both ways out, not "not written by cocoon"; --force rewrites it`, async () => {
      const [cwd, pack] = await plannedPack();
      const manifest = join(pack, '.cocoon-manifest.json');
      writeFileSync(manifest, corrupt(readFileSync(manifest, 'utf8')));
      writeFileSync(join(pack, 'MINE.txt'), 'mine\n');
      const before = readTree(pack);
      const r = await cli(['plan', '--role', 'finance', '--org', 'Other'], { cwd });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(
        'cocoon: Refusing to overwrite 1 file that is a corrupt manifest (cut short or not JSON), so cocoon cannot tell the files it wrote from yours: programmes/finance/.cocoon-manifest.json. Nothing was written.',
      );
      expect(r.stderr).toMatch(/hint: .*run the same command with --force.*delete the manifest/);
      expect(r.stderr).not.toContain('not written by cocoon');
      expect(readTree(pack)).toEqual(before);
      const dry = await cli(['plan', '--role', 'finance', '--org', 'Other', '--dry-run'], { cwd });
      expect(dry.stderr).toContain('`cocoon plan` would refuse to overwrite 1 file that is a corrupt manifest');
      const forced = await cli(['plan', '--role', 'finance', '--org', 'Other', '--force'], { cwd });
      expect(forced.code, forced.stderr).toBe(0);
      expect(readFileSync(join(pack, 'MINE.txt'), 'utf8')).toBe('mine\n');
      expect(Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { files: object }).files)).toContain('README.md');
      expect((await cli(['plan', '--role', 'finance', '--org', 'Other'], { cwd })).code).toBe(0);
    });
  }
});

describe('L13: init reads package.json with the safe reader', () => {
  it('a FIFO or /dev/zero as package.json is a usage error at once, never a hang or gigabytes', async () => {
    for (const kind of ['fifo', 'zero'] as const) {
      const cwd = tempDir('cocoon-limits-');
      if (kind === 'fifo') spawnSync('mkfifo', [join(cwd, 'package.json')]);
      else symlinkSync('/dev/zero', join(cwd, 'package.json'));
      const r = spawnCli(['init', '--yes'], { cwd, timeout: 15_000 });
      expect(r.code, `${kind}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('cocoon: package.json is not a regular file (a FIFO, socket or device)');
      expect(existsSync(join(cwd, 'cocoon.yaml'))).toBe(false);
    }
  });
});
