import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { HtmlValidate } from 'html-validate';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, fixtureCopy, readTree, tempDir } from '../helpers.js';
import { CHROMIUM, needing, pathOf, skipWithout } from '../tools.js';
import { evidenceRecords } from '../../src/pipeline/evidence/evidence-data.js';

/**
 * Issue 30: cocoon evidence. The record is checked against an independent reading of the role files
 * (parsed here with `yaml`, not cocoon's loader) and of the pack cocoon wrote (the facilitator agendas),
 * so a risk the record says is taught in a block must be in that block of that session's agenda.
 */

interface RiskRowJson {
  risk: string;
  source: string;
  status: string;
  taught: { session: number; block: string; start: string; end: string; minutes: number }[];
  checked_by: { checks: string[]; verify: string[]; skills_items: string[] };
}
interface EvidenceJson {
  programme: string;
  matrix: { id: string; risks: RiskRowJson[] }[];
  data_policy: RiskRowJson[];
  gaps: { kind: string; what: string; ref: string }[];
  records: Record<string, { value: number | null; suppressed: boolean } | number | boolean | null>;
  review: { date: string | null; months: number };
}

/** A copy of the example project with evidence written; the records of finance-2027q1 come from its responses/. */
async function exampleWithEvidence(): Promise<string> {
  const dir = tempDir();
  cpSync(join(ROOT, 'examples', 'consultancy'), dir, { recursive: true });
  const r = await cli(['evidence'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

describe('cocoon evidence on the example project', () => {
  it('every risk of every taught workflow is in the matrix with a block that exists in the pack, or in Gaps (independent recomputation)', async () => {
    const dir = await exampleWithEvidence();
    const config = parseYaml(readFileSync(join(dir, 'cocoon.yaml'), 'utf8')) as {
      org: { tools: string[]; data_policy?: { forbidden?: string[] } };
      programmes: ({ id: string; role: string; out: string } | { file: string })[];
    };
    const programmes = config.programmes.map((p) =>
      'file' in p ? (parseYaml(readFileSync(join(dir, p.file), 'utf8')) as { id: string; role: string; out?: string }) : p,
    );
    expect(programmes.length).toBe(3);
    for (const prog of programmes) {
      const out = join(dir, prog.out ?? `programmes/${prog.id}`);
      const record = JSON.parse(readFileSync(join(out, 'evidence', 'ai-literacy.json'), 'utf8')) as EvidenceJson;
      const rolePath = existsSync(join(dir, 'roles', `${prog.role}.yaml`)) ? join(dir, 'roles', `${prog.role}.yaml`) : join(ROOT, 'roles', `${prog.role}.yaml`);
      const role = parseYaml(readFileSync(rolePath, 'utf8')) as {
        workflows: { id: string; title: string; risks?: string[]; checks?: string[] }[];
        data_policy?: { forbidden?: string[] };
      };
      // Which workflows the pack teaches, read from the facilitator agendas cocoon wrote.
      const agendas = Object.entries(readTree(join(out, 'facilitator'))).filter(([p]) => /^session-\d+\.md$/.test(p));
      expect(agendas.length).toBeGreaterThan(1);
      for (const w of record.matrix) {
        const roleW = role.workflows.find((x) => x.id === w.id)!;
        expect(w.risks.map((r) => r.risk)).toEqual(roleW.risks ?? []);
        for (const r of w.risks) {
          if (r.status === 'not-taught') {
            expect(record.gaps.some((g) => g.kind === 'untaught-risk' && g.what === r.risk)).toBe(true);
            continue;
          }
          expect(r.taught.length).toBeGreaterThan(0);
          for (const t of r.taught) {
            const agenda = agendas.find(([p]) => p === `session-${t.session}.md`)?.[1];
            expect(agenda, `session ${t.session} of ${prog.id}`).toBeDefined();
            // The agenda's row for the block: its clock time and its title.
            expect(agenda).toContain(`${t.start}–${t.end}`);
            expect(agenda).toContain(t.block.split(':')[0]!);
          }
          if (r.status === 'taught-and-checked')
            expect(r.checked_by.checks.length + r.checked_by.verify.length + r.checked_by.skills_items.length).toBeGreaterThan(0);
          else expect(record.gaps.some((g) => g.kind === 'unchecked-risk' && g.what === r.risk)).toBe(true);
        }
      }
      // Every forbidden item of the role and the organisation is a data-policy row.
      const forbidden = [...(role.data_policy?.forbidden ?? []), ...(config.org.data_policy?.forbidden ?? [])];
      expect(record.data_policy.map((r) => r.risk)).toEqual(forbidden);
      // And the Markdown page carries each risk of the matrix.
      const md = readFileSync(join(out, 'evidence', 'ai-literacy.md'), 'utf8');
      for (const w of record.matrix) for (const r of w.risks) expect(md).toContain(r.risk.replace(/"/g, '"').slice(0, 20));
    }
  });

  it('the records are counts with small groups hidden, and register.csv (marked personal data) is the only per-person file', async () => {
    const dir = await exampleWithEvidence();
    const out = join(dir, 'programmes/finance-2027q1');
    const record = JSON.parse(readFileSync(join(out, 'evidence/ai-literacy.json'), 'utf8')) as EvidenceJson;
    // The example's attendance: p07 missed session 3, p08 missed 2 and 3 — 6 at every session, 2 at some.
    // 2 < 5 is hidden, and so must be "every session" (8 − 6 would give the 2 away).
    expect(record.records.participants).toEqual({ value: 8, suppressed: false });
    expect(record.records.attended_some).toEqual({ value: null, suppressed: true });
    expect(record.records.attended_all).toEqual({ value: null, suppressed: true });
    const register = readFileSync(join(out, 'evidence/register.csv'), 'utf8').split('\n');
    expect(register[0]).toMatch(/^# PERSONAL DATA/);
    expect(register[1]).toBe('participant,sessions_attended,attended,of_sessions,skills_pre,skills_post');
    expect(register.find((l) => l.startsWith('p08,'))).toMatch(/^p08,1 4,2,4,/);
    // No page shows a participant id.
    for (const f of ['ai-literacy.md', 'ai-literacy.html', 'ai-literacy.json']) expect(readFileSync(join(out, 'evidence', f), 'utf8')).not.toMatch(/\bp0\d\b/);
  });

  it('is deterministic, in its manifest, and --check finds drift and edits', async () => {
    const dir = await exampleWithEvidence();
    const first = readTree(join(dir, 'programmes/finance-2027q1/evidence'));
    expect((await cli(['evidence'], { cwd: dir })).code).toBe(0);
    expect(readTree(join(dir, 'programmes/finance-2027q1/evidence'))).toEqual(first);
    expect(Object.keys(JSON.parse(first['.cocoon-evidence-manifest.json']!).files)).toContain('evidence/ai-literacy.html');
    expect((await cli(['evidence', '--check'], { cwd: dir })).code).toBe(0);
    const page = join(dir, 'programmes/finance-2027q1/evidence/ai-literacy.md');
    writeFileSync(page, `${readFileSync(page, 'utf8')}\nA hand edit.\n`);
    const check = await cli(['evidence', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('programmes/finance-2027q1/evidence/ai-literacy.md');
    // A real run refuses to overwrite the edit (exit 3) and writes nothing.
    const run = await cli(['evidence'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(readFileSync(page, 'utf8')).toContain('A hand edit.');
  });

  it('the committed example record is current (evidence --check in the example project)', async () => {
    const r = await cli(['evidence', '--check'], { cwd: join(ROOT, 'examples', 'consultancy') });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('the Markdown passes markdownlint and the HTML html-validate', async () => {
    const dir = await exampleWithEvidence();
    const lint = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), '**/evidence/*.md', '--config', join(ROOT, '.markdownlint-cli2.jsonc')],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });
    for (const page of ['programmes/finance-2027q1/evidence/ai-literacy.html', 'evidence/ai-literacy.html']) {
      const report = await validator.validateString(readFileSync(join(dir, page), 'utf8'), page);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${page} ${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
    }
  });

  it.skipIf(skipWithout(CHROMIUM))(
    needing('axe finds no violations in Chromium, nothing loads from the network, and each section prints on a page of its own', CHROMIUM),
    async () => {
      const dir = await exampleWithEvidence();
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: pathOf(CHROMIUM),
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      try {
        const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
        for (const rel of ['programmes/finance-2027q1/evidence/ai-literacy.html', 'evidence/ai-literacy.html']) {
          const url = pathToFileURL(join(dir, rel)).href;
          const page = await browser.newPage();
          const requests: string[] = [];
          page.on('request', (r) => r.url() !== url && requests.push(r.url()));
          await page.goto(url);
          await page.addScriptTag({ content: axe });
          const violations = (await page.evaluate(async () => {
            const r = await (
              globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
            ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
            return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          })) as string[];
          expect(violations, rel).toEqual([]);
          expect(requests, rel).toEqual([]);
          if (rel.startsWith('programmes/')) {
            await page.emulateMedia({ media: 'print' });
            const breaks = await page.evaluate(() => [...document.querySelectorAll('main h2')].map((h) => getComputedStyle(h).breakBefore));
            expect(breaks.length).toBe(7);
            expect(new Set(breaks)).toEqual(new Set(['page']));
          }
          await page.close();
        }
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});

describe('cocoon evidence: gaps and input', () => {
  it('a project without tools, with an untaught workflow, says so as gaps; validate warns evidence/untaught-risk', async () => {
    const dir = fixtureCopy('rules');
    const prog = readFileSync(join(dir, 'evidence/untaught-risk/fires.yaml'), 'utf8');
    writeFileSync(join(dir, 'q1.yaml'), prog.replace(/^# .*\n/gm, ''));
    writeFileSync(join(dir, 'cocoon.yaml'), 'org: { name: Test Org }\nroles_dir: roles\nprogrammes:\n  - { file: q1.yaml }\n');
    const validate = await cli(['validate', 'q1.yaml'], { cwd: dir });
    expect(validate.stdout).toContain('evidence/untaught-risk');
    const r = await cli(['evidence'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, 'programmes/q1/evidence/ai-literacy.json'), 'utf8')) as EvidenceJson;
    expect(record.gaps.map((g) => g.kind)).toEqual(expect.arrayContaining(['no-tools', 'untaught-risk', 'no-records']));
    const review = record.matrix.find((w) => w.id === 'supplier-review')!;
    expect(review.risks.every((x) => x.status === 'not-taught' && x.taught.length === 0)).toBe(true);
    const md = readFileSync(join(dir, 'programmes/q1/evidence/ai-literacy.md'), 'utf8');
    expect(md).toContain('none listed: add `org.tools`');
    expect(md).toMatch(/Not taught: A missed incident makes the summary too kind/);
    // The review date is 12 months after the last check-in (2027-01-12 + 2 weeks of sessions + 28 days).
    expect(record.review.months).toBe(12);
    expect(record.review.date).toMatch(/^2028-/);
  });

  it('a name in attendance.csv is refused as personal data, at its cell, and nothing is written', async () => {
    const dir = await exampleWithEvidence();
    rmSync(join(dir, 'programmes/finance-2027q1/evidence'), { recursive: true });
    writeFileSync(join(dir, 'programmes/finance-2027q1/responses/attendance.csv'), 'participant,session,attended\np01,1,yes\nJane Smith,1,yes\n');
    const r = await cli(['evidence', '--programme', 'finance-2027q1'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/attendance\.csv:3:1 .*report\/personal-data/);
    expect(r.stderr).not.toContain('Jane');
    expect(existsSync(join(dir, 'programmes/finance-2027q1/evidence'))).toBe(false);
  });
});

describe('records suppression (property)', () => {
  it('no shown count stands for 1..min−1 people, and the hidden cells together never stand for fewer than min-group people', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 25 }),
        (minGroup, sessions, people) => {
          const attendance = new Map(
            people.map((row, i) => [`p${String(i + 1).padStart(2, '0')}`, new Set(row.slice(0, sessions).flatMap((b, s) => (b ? [s + 1] : [])))]),
          );
          const r = evidenceRecords(sessions, 8, { attendance }, minGroup);
          const raw = { all: 0, some: 0, none: 0 };
          for (const set of attendance.values()) raw[set.size >= sessions ? 'all' : set.size ? 'some' : 'none']++;
          const cells = [
            [r.attended_all, raw.all],
            [r.attended_some, raw.some],
            [r.attended_none, raw.none],
          ] as const;
          for (const [c, v] of cells) {
            if (!c.suppressed) expect(c.value).toBe(v);
            if (!c.suppressed) expect(v === 0 || v >= minGroup).toBe(true);
          }
          const hidden = cells.filter(([c]) => c.suppressed);
          const shown = cells.filter(([c]) => !c.suppressed);
          // With the total shown, the hidden cells' sum is known: it must itself be a group of min-group or more.
          if (hidden.length && shown.length && !r.participants.suppressed) expect(hidden.reduce((s, [, v]) => s + v, 0)).toBeGreaterThanOrEqual(minGroup);
          // Changing the answers of a person in a hidden cell (which sessions they attended, their scores),
          // so that they stay in that cell, changes no published number.
          const kind = (set: Set<number>) => (set.size >= sessions ? 'all' : set.size ? 'some' : 'none');
          const names = { all: r.attended_all, some: r.attended_some, none: r.attended_none };
          const who = [...attendance.entries()].find(([, set]) => names[kind(set)].suppressed && kind(set) === 'some' && sessions > 2);
          if (who) {
            const changed = new Map(attendance);
            const other = new Set([...Array.from({ length: sessions }, (_, i) => i + 1)].filter((n) => !who[1].has(n)).slice(0, Math.max(1, who[1].size)));
            changed.set(who[0], other.size && other.size < sessions ? other : new Set([1]));
            expect(evidenceRecords(sessions, 8, { attendance: changed }, minGroup)).toEqual(r);
          }
          const pre = new Map([...attendance.keys()].map((id, i) => [id, i % 9]));
          const post = new Map([...attendance.keys()].map((id, i) => [id, (i * 7) % 9]));
          const scored = evidenceRecords(sessions, 9, { attendance, skillsPre: pre, skillsPost: post }, minGroup);
          if (scored.skills_pairs.suppressed) {
            const bumped = new Map([...pre].map(([id, v]) => [id, 8 - v]));
            expect(evidenceRecords(sessions, 9, { attendance, skillsPre: bumped, skillsPost: post }, minGroup)).toEqual(scored);
          } else expect(scored.skills_pre_mean).toBe(Math.round(([...pre.values()].reduce((a, b) => a + b, 0) / pre.size) * 10) / 10);
        },
      ),
      { numRuns: 300, seed: 30 },
    );
  });
});
