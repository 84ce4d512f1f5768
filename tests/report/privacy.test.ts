import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

/**
 * Issue 25: a pack made by `cocoon plan` reports with `cocoon report <pack>`, and suppression is
 * proved, not promised: for random response sets, changing the answers that fall in a suppressed
 * group (a workflow at a check-in, a baseline workflow, a pulse, a skills sitting) changes no byte of
 * any file the report writes.
 */

let PLAN = '';
beforeAll(async () => {
  PLAN = tempDir();
  const r = await cli(['plan', '--role', 'finance', '--group-size', '12'], { cwd: PLAN });
  expect(r.code, r.stderr).toBe(0);
});

interface Spec {
  workflows: { id: string }[];
  sessions: { number: number }[];
  check_ins: { number: number }[];
  questions: { id: string; answer: string }[];
}
const spec = (pack: string) => JSON.parse(readFileSync(join(pack, 'forms', 'programme.json'), 'utf8')) as Spec;

/** Every file under dir except responses/, by path: what a reader of the pack could see. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      const rel = relative(dir, p);
      if (rel === 'responses') continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[rel] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

const who = (i: number) => `p${String(i + 1).padStart(2, '0')}`;
const CODES = ['access', 'data-rules', 'time', 'manager', 'tool', 'none'];

interface Row {
  who: number;
  minutes: number;
  uses: number;
  blocker: number;
  corrected: boolean;
  attribution: number;
  confidence: number;
}
const rowArb = fc.record({
  who: fc.integer({ min: 0, max: 11 }),
  minutes: fc.integer({ min: 1, max: 120 }),
  uses: fc.integer({ min: 0, max: 6 }),
  blocker: fc.integer({ min: 0, max: 5 }),
  corrected: fc.boolean(),
  attribution: fc.integer({ min: 0, max: 100 }),
  confidence: fc.integer({ min: 0, max: 100 }),
});
const groupArb = fc.array(rowArb, { maxLength: 12 }).map((rs) => [...new Map(rs.map((r) => [r.who, r])).values()]);

interface Set_ {
  baseline: { who: number; minutes: number; perMonth: number; confidence: number }[][];
  checkIns: Row[][][];
  pulses: { who: number; useful: number; recommend: number }[][];
  pre: { who: number; answers: number[] }[];
  post: { who: number; answers: number[] }[];
}

function files(s: Set_, sp: Spec): Record<string, string> {
  const out: Record<string, string> = {};
  out['baseline.csv'] = [
    'participant,workflow,minutes,per_month,confidence',
    ...s.baseline.flatMap((g, wi) => g.map((b) => `${who(b.who)},${sp.workflows[wi]!.id},${b.minutes},${b.perMonth},${b.confidence}`)),
  ].join('\n');
  s.checkIns.forEach((c, ci) => {
    out[`check-in-${ci + 1}.csv`] = [
      'participant,workflow,minutes,uses,blockers,corrected,attribution,estimate_confidence',
      ...c.flatMap((g, wi) =>
        g.map(
          (r) =>
            `${who(r.who)},${sp.workflows[wi]!.id},${r.minutes},${r.uses},${CODES[r.blocker]},${r.corrected ? 'yes' : 'no'},${r.attribution},${r.confidence}`,
        ),
      ),
    ].join('\n');
  });
  s.pulses.forEach((p, i) => {
    out[`pulse-session-${i + 1}.csv`] = ['participant,useful,recommend', ...p.map((r) => `${who(r.who)},${r.useful},${r.recommend}`)].join('\n');
  });
  for (const phase of ['pre', 'post'] as const)
    out[`skills-${phase}.csv`] = [
      'participant,question,answer',
      ...s[phase].flatMap((r) => sp.questions.map((q, qi) => `${who(r.who)},${q.id},${'abcd'[r.answers[qi % r.answers.length]!]}`)),
    ].join('\n');
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, `${v}\n`]));
}

async function report(pack: string, responses: Record<string, string>, minGroup: number): Promise<Record<string, string>> {
  rmSync(join(pack, 'responses'), { recursive: true, force: true });
  mkdirSync(join(pack, 'responses'));
  for (const [n, t] of Object.entries(responses)) writeFileSync(join(pack, 'responses', n), t);
  const r = await cli(['report', 'pack', '--min-group', String(minGroup), '--force'], { cwd: join(pack, '..') });
  expect(r.code, r.stderr).toBe(0);
  return tree(pack);
}

describe('cocoon report <pack-dir>', () => {
  it('reports a pack made by cocoon plan (no cocoon.yaml), and its pages name the command that works', async () => {
    const pack = join(PLAN, 'programmes', 'finance');
    expect(readFileSync(join(pack, 'README.md'), 'utf8')).toContain('`cocoon report programmes/finance`');
    expect(readFileSync(join(pack, 'facilitator', 'check-ins.md'), 'utf8')).toContain('`cocoon report programmes/finance`');
    const sp = spec(pack);
    mkdirSync(join(pack, 'responses'), { recursive: true });
    const people = Array.from({ length: 8 }, (_, i) => who(i));
    writeFileSync(
      join(pack, 'responses', 'baseline.csv'),
      `participant,workflow,minutes,per_month,confidence\n${people.flatMap((p, i) => sp.workflows.map((w) => `${p},${w.id},${40 + i},4,3`)).join('\n')}\n`,
    );
    // Six columns, as files filled before attribution existed.
    writeFileSync(
      join(pack, 'responses', 'check-in-1.csv'),
      `participant,workflow,minutes,uses,blockers,corrected\n${people.flatMap((p, i) => sp.workflows.map((w) => `${p},${w.id},${20 + i},2,time,yes`)).join('\n')}\n`,
    );
    const r = await cli(['report', 'programmes/finance'], { cwd: PLAN });
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['report/report.json', 'report/report.md', 'report/report.html', 'leader/results.md', 'leader/results.html'])
      expect(statSync(join(pack, f)).size, f).toBeGreaterThan(0);
    const data = JSON.parse(readFileSync(join(pack, 'report', 'report.json'), 'utf8'));
    expect(data.check_ins[0].workflows[0]).toMatchObject({ respondents: 8, using: 8, corrected_share: 1, suppressed: false });
    expect(data.roi).toBeNull();
    expect(readFileSync(join(pack, 'leader', 'results.md'), 'utf8')).toContain('add `hourly_cost`');
    // report.md has a table for every chart of report.html.
    const html = readFileSync(join(pack, 'report', 'report.html'), 'utf8');
    const md = readFileSync(join(pack, 'report', 'report.md'), 'utf8');
    for (const [, title] of html.matchAll(/<title id="chart-[a-z]+-t">([^<]+)<\/title>/g)) {
      const plain = title!.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      expect(md.includes(plain) || md.includes(plain.split(':')[0]!), plain).toBe(true);
    }
    // Without a pack and without cocoon.yaml: a usage error that says what to type.
    const none = await cli(['report'], { cwd: PLAN });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('cocoon report programmes/<role>');
  });
});

describe('suppression, proved', () => {
  it('changing the answers in any suppressed group changes no byte of any file the report writes', async () => {
    const base = join(PLAN, 'programmes', 'finance');
    const sp = spec(base);
    const W = sp.workflows.length;
    const setArb = fc.record({
      baseline: fc.array(
        fc
          .array(
            fc.record({
              who: fc.integer({ min: 0, max: 11 }),
              minutes: fc.integer({ min: 1, max: 200 }),
              perMonth: fc.integer({ min: 1, max: 30 }),
              confidence: fc.integer({ min: 1, max: 5 }),
            }),
            { maxLength: 12 },
          )
          .map((rs) => [...new Map(rs.map((r) => [r.who, r])).values()]),
        { minLength: W, maxLength: W },
      ),
      checkIns: fc.array(fc.array(groupArb, { minLength: W, maxLength: W }), { minLength: sp.check_ins.length, maxLength: sp.check_ins.length }),
      pulses: fc.array(
        fc
          .array(fc.record({ who: fc.integer({ min: 0, max: 11 }), useful: fc.integer({ min: 1, max: 5 }), recommend: fc.integer({ min: 0, max: 10 }) }), {
            maxLength: 12,
          })
          .map((rs) => [...new Map(rs.map((r) => [r.who, r])).values()]),
        { minLength: sp.sessions.length, maxLength: sp.sessions.length },
      ),
      pre: fc
        .array(fc.record({ who: fc.integer({ min: 0, max: 11 }), answers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }) }), {
          maxLength: 8,
        })
        .map((rs) => [...new Map(rs.map((r) => [r.who, r])).values()]),
      post: fc
        .array(fc.record({ who: fc.integer({ min: 0, max: 11 }), answers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }) }), {
          maxLength: 8,
        })
        .map((rs) => [...new Map(rs.map((r) => [r.who, r])).values()]),
    });
    const pack = join(tempDir(), 'pack');
    cpSync(base, pack, { recursive: true });
    let perturbed = 0;
    await fc.assert(
      fc.asyncProperty(setArb, fc.integer({ min: 2, max: 5 }), fc.integer(), async (s: Set_, k, seed) => {
        const before = await report(pack, files(s, sp), k);
        const data = JSON.parse(before['report/report.json']!);
        // A deterministic scramble of one answer, from the seed.
        let x = seed >>> 0;
        const rand = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), x % n);
        const t: Set_ = structuredClone(s);
        data.check_ins.forEach((c: { workflows: { suppressed: boolean }[] }, ci: number) =>
          c.workflows.forEach((w, wi) => {
            if (!w.suppressed) return;
            const rows = t.checkIns[ci]![wi]!;
            const users = rows.filter((r) => r.uses >= 1).length;
            for (const r of rows) {
              r.minutes = 1 + rand(120);
              r.blocker = rand(6);
              r.corrected = rand(2) === 1;
              r.attribution = rand(101);
              r.confidence = rand(101);
              // Too few answered: anything goes. Too few users: who uses it may not change the count.
              if (rows.length < k) r.uses = rand(7);
              else if (users < k && r.uses >= 1) r.uses = 1 + rand(6);
              perturbed++;
            }
          }),
        );
        data.baseline.workflows.forEach((w: { suppressed: boolean }, wi: number) => {
          if (w.suppressed)
            for (const b of t.baseline[wi]!) {
              b.minutes = 1 + rand(200);
              b.perMonth = 1 + rand(30);
              b.confidence = 1 + rand(5);
              perturbed++;
            }
        });
        data.pulse.forEach((p: { suppressed: boolean }, i: number) => {
          if (p.suppressed)
            for (const r of t.pulses[i]!) {
              r.useful = 1 + rand(5);
              r.recommend = rand(11);
              perturbed++;
            }
        });
        for (const phase of ['pre', 'post'] as const)
          if (data.skills[phase].suppressed)
            for (const r of t[phase]) {
              r.answers = r.answers.map(() => rand(4));
              perturbed++;
            }
        const after = await report(pack, files(t, sp), k);
        expect(Object.keys(after)).toEqual(Object.keys(before));
        for (const f of Object.keys(before)) expect(after[f], f).toBe(before[f]);
      }),
      { seed: 25, numRuns: 40 },
    );
    expect(perturbed).toBeGreaterThan(100);
  }, 120_000);
});

describe('no output of cocoon report carries a number from fewer than --min-group people (issue 24)', () => {
  const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'consultancy');
  const HEAD = 'participant,workflow,minutes,uses,blockers,corrected,attribution,estimate_confidence';
  /** Check-in 1 with a group of exactly k − 1 = 4, one user among 8, and a shown group; `canary` goes into the hidden ones. */
  const checkIn = (canary: number) =>
    [
      HEAD,
      ...ids(4).map((p, i) => `${p},variance-commentary,${canary + i},${1 + (canary % 5)},${canary % 2 ? 'manager' : 'tool'},yes,${canary % 100},50`),
      ...ids(8).map((p, i) =>
        i === 0
          ? `${p},reconciliation-exceptions,${canary % 60},${1 + (canary % 7)},manager,${canary % 2 ? 'yes' : 'no'},90,90`
          : `${p},reconciliation-exceptions,,0,time,,,`,
      ),
      ...ids(8).map((p, i) => `${p},board-pack-narrative,${70 + i},${1 + i},time,no,60,80`),
    ].join('\n') + '\n';
  function ids(n: number) {
    return Array.from({ length: n }, (_, i) => who(i));
  }

  it('report.json, report.md, report.html, leader/results.md|html and portfolio.* are byte-identical whatever the hidden answers', async () => {
    const outputs = async (canary: number) => {
      const dir = tempDir();
      cpSync(EXAMPLE, dir, { recursive: true });
      const pack = join(dir, 'programmes', 'finance-2027q1');
      writeFileSync(join(pack, 'responses', 'check-in-1.csv'), checkIn(canary));
      writeFileSync(join(pack, 'responses', 'pulse-session-2.csv'), `participant,useful,recommend\np01,${1 + (canary % 5)},${canary % 11}\n`);
      const r = await cli(['report'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return {
        ...tree(join(dir, 'report')),
        ...Object.fromEntries(Object.entries(tree(pack)).filter(([p]) => p.startsWith('report/') || p.startsWith('leader/results'))),
      };
    };
    const a = await outputs(17);
    const b = await outputs(43);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['portfolio.json', 'portfolio.md', 'portfolio.html', 'report/report.json', 'leader/results.html']));
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
  });

  it('a diagnostic about a response never repeats what a person wrote', async () => {
    const dir = tempDir();
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'programmes', 'finance-2027q1', 'responses', 'check-in-1.csv'),
      `${HEAD}\np01,variance-commentary,off sick with flu all week,2,none,no,,\np02,variance-commentary,20,2,stuck because of my boss,no,,\n`,
    );
    const r = await cli(['report', '--programme', 'finance-2027q1'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/flu|boss/);
    expect(r.stderr).toContain('text not shown');
  });
});
