import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvText } from '../../src/pipeline/load/csv.js';
import { csvCell } from '../../src/model/escape/csv.js';
import { loadProject, resolveProgrammes } from '../../src/app/project.js';
import { computeReport, median, roundDiv, type Responses } from '../../src/pipeline/report/report-data.js';
import { reportSpec } from '../../src/pipeline/render/report-spec.js';
import { FIXTURES, ROOT, cli, tempDir, testWorkspace } from '../helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const PROJECT = join(FIXTURES, 'report-project');

function planned() {
  const ws = testWorkspace(PROJECT);
  const project = loadProject(join(PROJECT, 'cocoon.yaml'), ws);
  const { resolved } = resolveProgrammes(project.programmes, { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org }, ws);
  return resolved[0]!.planned;
}
const P = reportSpec(planned());
const WORKFLOWS = P.workflows.map((w) => w.id);

const file = (display: string, text: string) => ({ display, bytes: Buffer.from(text) });

/** A project copy with the given responses; returns its directory. */
function projectWith(responses: Record<string, string | Buffer>): string {
  const dir = tempDir();
  cpSync(PROJECT, dir, { recursive: true });
  mkdirSync(join(dir, 'pack', 'responses'), { recursive: true });
  for (const [name, content] of Object.entries(responses)) writeFileSync(join(dir, 'pack', 'responses', name), content);
  return dir;
}

const pulse = (n: number) => `participant,useful,recommend\n${Array.from({ length: n }, (_, i) => `p0${i + 1},4,8`).join('\n')}\n`;

describe('forms', () => {
  it('neutralises formula cells in every CSV cocoon writes', () => {
    for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx']) expect(csvCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvText(['participant'], [['=HYPERLINK("x")']])).toBe(`participant\n"'=HYPERLINK(""x"")"\n`);
  });

  it('the skills check parses with an independent GIFT parser (gift-pegjs) and has 6–10 questions, one right answer each', async () => {
    const { parse } = require('gift-pegjs') as { parse: (s: string) => { type: string; title: string; choices: { isCorrect: boolean }[] }[] };
    for (const role of ['finance', 'hr', 'legal', 'sales', 'marketing', 'operations', 'leadership', 'customer-support']) {
      const cwd = tempDir();
      const r = await cli(['plan', '--role', role, '--format', 'md'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const forms = join(cwd, 'programmes', role, 'forms');
      const questions = parse(readFileSync(join(forms, 'skills-check.gift'), 'utf8'));
      expect(questions.length, role).toBeGreaterThanOrEqual(6);
      expect(questions.length, role).toBeLessThanOrEqual(10);
      for (const q of questions) {
        expect(q.type).toBe('MC');
        expect(q.choices.filter((c) => c.isCorrect)).toHaveLength(1);
      }
      expect(readFileSync(join(forms, 'baseline.csv'), 'utf8').split('\n')[0]).toBe('participant,workflow,minutes,per_month,confidence');
      expect(readFileSync(join(forms, 'check-in-1.csv'), 'utf8').split('\n')[0]).toBe(
        'participant,workflow,minutes,uses,blockers,corrected,attribution,estimate_confidence',
      );
      expect(readFileSync(join(forms, 'attendance.csv'), 'utf8').split('\n')[0]).toBe('participant,session,attended');
      expect(readFileSync(join(forms, 'pulse-session-1.csv'), 'utf8').split('\n')[0]).toBe('participant,useful,recommend');
      expect(readFileSync(join(forms, 'skills-pre.csv'), 'utf8').split('\n')[0]).toBe('participant,question,answer');
    }
  });
});

describe('numbers', () => {
  it('rounds half away from zero and takes the mean of the middle two', () => {
    expect(roundDiv(1, 8, 2)).toBe(0.13);
    expect(roundDiv(-15, 6000, 2)).toBe(0);
    expect(roundDiv(-1500, 6000, 1)).toBe(-0.3);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  const row = fc.record({
    who: fc.integer({ min: 1, max: 12 }),
    workflow: fc.constantFrom(...WORKFLOWS),
    minutes: fc.integer({ min: 0, max: 600 }),
    uses: fc.integer({ min: 0, max: 5 }),
    perMonth: fc.integer({ min: 0, max: 3000 }),
  });
  const dedupe = <T extends { who: number; workflow: string }>(rows: T[]) => [...new Map(rows.map((r) => [`${r.who}/${r.workflow}`, r])).values()];
  const responses = (
    base: { who: number; workflow: string; minutes: number; perMonth: number }[],
    check: { who: number; workflow: string; minutes: number; uses: number }[],
  ): Responses => ({
    baseline: file(
      'baseline.csv',
      `participant,workflow,minutes,per_month,confidence\n${base.map((r) => `p${String(r.who).padStart(2, '0')},${r.workflow},${r.minutes},${(r.perMonth / 100).toFixed(2)},3`).join('\n')}\n`,
    ),
    checkIns: new Map([
      [
        1,
        file(
          'check-in-1.csv',
          `participant,workflow,minutes,uses,blockers,corrected\n${check.map((r) => `p${String(r.who).padStart(2, '0')},${r.workflow},${r.minutes},${r.uses},time,no`).join('\n')}\n`,
        ),
      ],
    ]),
    pulses: new Map(),
  });

  it('0 ≤ adoption ≤ 1, suppression whenever respondents < min-group, and row order never changes the result', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (b, c, minGroup, seed) => {
        const base = dedupe(b);
        const check = dedupe(c);
        const { data, diagnostics } = computeReport(P, responses(base, check), minGroup);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        for (const w of data!.check_ins[0]!.workflows) {
          if (w.adoption !== null) expect(w.adoption >= 0 && w.adoption <= 1).toBe(true);
          const users = check.filter((r) => r.workflow === w.id && r.uses >= 1).length;
          expect(w.suppressed).toBe(w.respondents < minGroup || users < minGroup);
          if (w.suppressed)
            expect([w.using, w.adoption, w.now_median, w.hours_reclaimed_per_month, w.hours_potential_per_month, w.corrected_share]).toEqual([
              null,
              null,
              null,
              null,
              null,
              null,
            ]);
        }
        // Shuffle deterministically from the seed.
        const shuffle = <T>(xs: T[]) =>
          xs
            .map((x, i) => ({ x, k: Math.sin(seed + i) }))
            .sort((a, z) => a.k - z.k)
            .map((o) => o.x);
        const again = computeReport(P, responses(shuffle(base), shuffle(check)), minGroup);
        expect(JSON.stringify(again.data)).toBe(JSON.stringify(data));
      }),
      { seed: 17, numRuns: 150 },
    );
  });
});

describe('cocoon report', () => {
  it('writes report.json (valid against `cocoon schema report`), report.md, report.html and leader/results.md; no participant id in md or html; the same bytes for any row order', async () => {
    const example = join(ROOT, 'examples', 'consultancy', 'programmes', 'finance-2027q1', 'responses');
    const read = (n: string) => readFileSync(join(example, n), 'utf8');
    const files = Object.fromEntries(readdirSync(example).map((n) => [n, read(n)]));
    const reversed = Object.fromEntries(
      Object.entries(files).map(([n, t]) => {
        const [head, ...rows] = t.trimEnd().split('\n');
        return [n, `${[head, ...rows.reverse()].join('\r\n')}\r\n`];
      }),
    );
    const run = async (responses: Record<string, string>) => {
      const dir = tempDir();
      cpSync(join(ROOT, 'examples', 'consultancy'), dir, { recursive: true });
      for (const [n, t] of Object.entries(responses)) writeFileSync(join(dir, 'programmes', 'finance-2027q1', 'responses', n), t);
      const r = await cli(['report'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const pack = join(dir, 'programmes', 'finance-2027q1');
      return Object.fromEntries(
        ['report/report.json', 'report/report.md', 'report/report.html', 'leader/results.md'].map((p) => [p, readFileSync(join(pack, p), 'utf8')]),
      );
    };
    const a = await run(files);
    const b = await run(reversed);
    expect(b).toEqual(a);
    const schema = JSON.parse((await cli(['schema', 'report'])).stdout) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(JSON.parse(a['report/report.json']!)), JSON.stringify(validate.errors)).toBe(true);
    for (const p of ['report/report.md', 'report/report.html', 'leader/results.md']) expect(a[p]).not.toMatch(/\bp\d{2}\b/);
    expect(a['report/report.html']).toContain('<svg role="img"');
  });

  it('suppresses every number from fewer than --min-group people', async () => {
    const dir = projectWith({
      'check-in-1.csv': `participant,workflow,minutes,uses,blockers,corrected\np01,variance-commentary,20,2,none,no\np02,variance-commentary,25,1,time,yes\np03,variance-commentary,,0,access,\n`,
    });
    const r = await cli(['report', '--programme', 'pilot', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(readFileSync(join(dir, 'pack', 'report', 'report.json'), 'utf8'));
    expect(data.check_ins[0].suppressed).toBe(true);
    expect(data.check_ins[0].blockers).toBeNull();
    expect(data.check_ins[0].workflows[0]).toMatchObject({ respondents: 3, using: null, adoption: null, suppressed: true });
    // Three answered but two use AI: at --min-group 3 the row would be the two users' numbers, so it stays hidden.
    const three = await cli(['report', '--programme', 'pilot', '--format', 'json', '--min-group', '3'], { cwd: dir });
    expect(three.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'pack', 'report', 'report.json'), 'utf8')).check_ins[0].workflows[0]).toMatchObject({
      using: null,
      suppressed: true,
    });
    // At --min-group 2 the two users' numbers are shown, but not how many they are: respondents − using
    // would give the one non-user away (complementary suppression).
    const loose = await cli(['report', '--programme', 'pilot', '--format', 'json', '--min-group', '2'], { cwd: dir });
    expect(loose.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'pack', 'report', 'report.json'), 'utf8')).check_ins[0].workflows[0]).toMatchObject({
      respondents: 3,
      using: null,
      adoption: null,
      now_median: 22.5,
      suppressed: false,
    });
  });

  it('reads attendance.csv: how many attended each session, hidden below --min-group; a bad mark is a positioned error', async () => {
    const rows = (n: number, session: number) => Array.from({ length: n }, (_, i) => `p0${i + 1},${session},${i % 3 ? 'yes' : 'no'}`);
    const dir = projectWith({ 'attendance.csv': `participant,session,attended\n${[...rows(6, 1), ...rows(3, 2)].join('\n')}\n` });
    const r = await cli(['report', '--programme', 'pilot', '--format', 'json,md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(readFileSync(join(dir, 'pack', 'report', 'report.json'), 'utf8'));
    expect(data.attendance.slice(0, 2)).toEqual([
      { session: 1, marked: 6, attended: null, suppressed: false },
      { session: 2, marked: 3, attended: null, suppressed: true },
    ]);
    // Six of seven attended: the one absent person is marked − attended, so the count is hidden.
    const more = projectWith({
      'attendance.csv': `participant,session,attended\n${Array.from({ length: 7 }, (_, i) => `p0${i + 1},1,${i ? 'yes' : 'no'}`).join('\n')}\n`,
    });
    expect((await cli(['report', '--programme', 'pilot', '--format', 'json'], { cwd: more })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(more, 'pack', 'report', 'report.json'), 'utf8')).attendance[0]).toEqual({
      session: 1,
      marked: 7,
      attended: null,
      suppressed: false,
    });
    // Five of ten, and ten of ten (no one absent): shown.
    const ten = projectWith({
      'attendance.csv': `participant,session,attended\n${Array.from({ length: 10 }, (_, i) => `p${String(i + 1).padStart(2, '0')},1,${i < 5 ? 'no' : 'yes'}\np${String(i + 1).padStart(2, '0')},2,yes`).join('\n')}\n`,
    });
    expect((await cli(['report', '--programme', 'pilot', '--format', 'json'], { cwd: ten })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(ten, 'pack', 'report', 'report.json'), 'utf8')).attendance.slice(0, 2)).toEqual([
      { session: 1, marked: 10, attended: 5, suppressed: false },
      { session: 2, marked: 10, attended: 10, suppressed: false },
    ]);
    const bad = projectWith({ 'attendance.csv': 'participant,session,attended\np01,1,maybe\n' });
    const b = await cli(['report', '--programme', 'pilot'], { cwd: bad });
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^pack\/responses\/attendance\.csv:2:7 error .*attended.* report\/bad-number$/m);
  });

  it('refuses to overwrite a report edited by hand (3) until --force; --check finds drift (1)', async () => {
    const dir = projectWith({ 'pulse-session-1.csv': pulse(5) });
    expect((await cli(['report', '--programme', 'pilot'], { cwd: dir })).code).toBe(0);
    expect((await cli(['report', '--programme', 'pilot', '--check'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'pack', 'report', 'report.md'), 'edited\n');
    const check = await cli(['report', '--programme', 'pilot', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    // --check says the real next step: a plain `cocoon report` would refuse this file.
    expect(check.stdout).toContain('changed  pack/report/report.md (edited by hand)');
    expect(check.stderr).toContain('`cocoon report` would refuse to overwrite 1 file edited by hand: pack/report/report.md.');
    expect(check.stderr).toContain('`cocoon report --force`');
    writeFileSync(join(dir, 'pack', 'responses', 'pulse-session-1.csv'), pulse(6));
    const refused = await cli(['report', '--programme', 'pilot'], { cwd: dir });
    expect(refused.code).toBe(3);
    expect(readFileSync(join(dir, 'pack', 'report', 'report.md'), 'utf8')).toBe('edited\n');
    expect((await cli(['report', '--programme', 'pilot', '--force'], { cwd: dir })).code).toBe(0);
  });
});

describe('hostile responses: one positioned message each, nothing written', () => {
  const cases: [string, Record<string, string | Buffer>, RegExp][] = [
    [
      'formula cells',
      { 'check-in-1.csv': 'participant,workflow,minutes,uses,blockers,corrected\np01,variance-commentary,=1+1,2,none,no\n' },
      /^pack\/responses\/check-in-1\.csv:2:25 error .* report\/bad-number$/m,
    ],
    [
      '10 000 rows',
      { 'pulse-session-1.csv': `participant,useful,recommend\n${Array.from({ length: 10_000 }, (_, i) => `p${i},4,8`).join('\n')}\n` },
      /^pack\/responses\/pulse-session-1\.csv:\d+:1 error .* report\/syntax$/m,
    ],
    [
      'not UTF-8',
      { 'pulse-session-1.csv': Buffer.concat([Buffer.from('participant,useful,recommend\np01,4,8\np02,'), Buffer.from([0xff, 0xfe]), Buffer.from(',9\n')]) },
      /^pack\/responses\/pulse-session-1\.csv:3:5 error .*UTF-8.* report\/syntax$/m,
    ],
    [
      'a missing header',
      { 'pulse-session-1.csv': 'p01,4,8\np02,5,9\n' },
      /^pack\/responses\/pulse-session-1\.csv:1:1 error .*header.* report\/unknown-column$/m,
    ],
    [
      "a participant's email",
      { 'pulse-session-1.csv': 'participant,useful,recommend\np01,4,8\np02,5,9\np03,3,"call me: dana.lee@northwind.co.uk"\n' },
      /^pack\/responses\/pulse-session-1\.csv:4:7 error .*email.* report\/personal-data$/m,
    ],
    ['a binary file', { 'baseline.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]) }, /^pack\/responses\/baseline\.csv:1:1 error .* report\/syntax$/m],
  ];
  for (const [name, responses, expected] of cases)
    it(name, async () => {
      const dir = projectWith(responses);
      const r = await cli(['report', '--programme', 'pilot'], { cwd: dir });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr.match(/ (error|warning) /g)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(join(dir, 'pack', 'report'))).toBe(false);
      expect(existsSync(join(dir, 'pack', 'leader', 'results.md'))).toBe(false);
    });

  it('accepts a BOM, CRLF and quoted newlines', async () => {
    const dir = projectWith({
      'check-in-1.csv':
        '\ufeffparticipant,workflow,minutes,uses,blockers,corrected\r\np01,variance-commentary,20,2,"time;\r\naccess",no\r\np02,variance-commentary,25,1,none,yes\r\np03,variance-commentary,,0,none,\r\n',
    });
    const r = await cli(['report', '--programme', 'pilot', '--min-group', '1', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(dir, 'pack', 'report', 'report.json'), 'utf8')).check_ins[0];
    // A tally of nobody is no one: shown as 0 (docs/report.md, "Suppression", rule 1).
    expect(c.blockers).toEqual({ access: 1, 'data-rules': 0, time: 1, manager: 0, tool: 0, none: 2 });
  });
});
