import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';

/**
 * Issues 25 and 30: one suppression rule for `cocoon report` and `cocoon evidence`
 * (docs/report.md, "Suppression"), proved on both at once, on a pack made by `cocoon plan` with no
 * cocoon.yaml: `cocoon evidence <pack-dir>` reads the plan from the pack's forms/evidence.json.
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
const who = (i: number) => `p${String(i + 1).padStart(2, '0')}`;
const ids = (n: number) => Array.from({ length: n }, (_, i) => who(i));
const wrong = (a: string) => 'abcd'[('abcd'.indexOf(a) + 1) % 4]!;

/** The published pages of the report and the record: md, html and json, never register.csv (personal data by design). */
function pages(pack: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|html|json)$/.test(n) && !n.startsWith('.')) out[relative(pack, p)] = readFileSync(p, 'latin1');
    }
  };
  for (const d of ['report', 'evidence', 'leader']) if (existsSync(join(pack, d))) walk(join(pack, d));
  for (const k of Object.keys(out)) if (k.startsWith('leader/') && !k.startsWith('leader/results')) delete out[k];
  return out;
}

/** Fill `pack/responses/` with exactly these files, run report and evidence on the pack, return both outputs. */
async function both(pack: string, files: Record<string, string>, k: number): Promise<Record<string, string>> {
  rmSync(join(pack, 'responses'), { recursive: true, force: true });
  mkdirSync(join(pack, 'responses'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(pack, 'responses', n), t);
  const cwd = join(pack, '..');
  const r = await cli(['report', 'pack', '--min-group', String(k), '--force'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  const e = await cli(['evidence', 'pack', '--min-group', String(k), '--force'], { cwd });
  expect(e.code, e.stderr).toBe(0);
  return pages(pack);
}

/** DESIGN.md's rule, written here from the definition: which cells of a table (adding up to a shown total) are hidden. */
function hiddenOracle(cells: number[], k: number): boolean[] {
  const small = (n: number) => n > 0 && n < k;
  const total = cells.reduce((a, b) => a + b, 0);
  if (small(total)) return cells.map(() => true);
  const h = cells.map(small);
  for (;;) {
    const sum = cells.reduce((s, c, i) => s + (h[i] ? c : 0), 0);
    if (!h.some(Boolean) || sum >= k) return h;
    const shown = cells.map((c, i) => ({ c, i })).filter(({ c, i }) => !h[i] && c > 0);
    if (!shown.length) return h;
    shown.sort((a, b) => a.c - b.c || a.i - b.i);
    h[shown[0]!.i] = true;
  }
}

type Attendance = (boolean | null)[][]; // person × session: yes, no, or no row
interface Records {
  attendance: Attendance;
  pre: (number[] | null)[]; // person → answer index per question (0 = right), or not in the sitting
  post: (number[] | null)[];
}

function files(s: Records, sp: Spec): Record<string, string> {
  const rows = s.attendance.flatMap((row, i) => row.flatMap((a, si) => (a === null ? [] : [`${who(i)},${sp.sessions[si]!.number},${a ? 'yes' : 'no'}`])));
  const sitting = (xs: (number[] | null)[]) =>
    xs.flatMap((a, i) =>
      a === null
        ? []
        : sp.questions.map((q, qi) => {
            const off = a[qi % a.length]!;
            return `${who(i)},${q.id},${off ? 'abcd'[('abcd'.indexOf(q.answer) + off) % 4] : q.answer}`;
          }),
    );
  return {
    'attendance.csv': `participant,session,attended\n${rows.join('\n')}\n`,
    'skills-pre.csv': `participant,question,answer\n${sitting(s.pre).join('\n')}\n`,
    'skills-post.csv': `participant,question,answer\n${sitting(s.post).join('\n')}\n`,
  };
}

describe('cocoon evidence <pack-dir> (a pack made by cocoon plan, no cocoon.yaml)', () => {
  it('writes the record of plan --role finance with filled forms; every taught block is in the agendas; counts as defined', async () => {
    const pack = join(PLAN, 'programmes', 'finance');
    const sp = spec(pack);
    expect(existsSync(join(pack, 'forms', 'evidence.json'))).toBe(true);
    const manifest = readFileSync(join(pack, '.cocoon-manifest.json'), 'utf8');
    expect(manifest).toContain('forms/evidence.json');
    mkdirSync(join(pack, 'responses'), { recursive: true });
    // Ten people: six at every session, none absent from all; pre and post by all ten.
    const attendance = ids(10).flatMap((p, i) => sp.sessions.map((s) => `${p},${s.number},${i < 6 || s.number !== 2 ? 'yes' : 'no'}`));
    writeFileSync(join(pack, 'responses', 'attendance.csv'), `participant,session,attended\n${attendance.join('\n')}\n`);
    const answers = (right: (i: number, qi: number) => boolean) =>
      `participant,question,answer\n${ids(10)
        .flatMap((p, i) => sp.questions.map((q, qi) => `${p},${q.id},${right(i, qi) ? q.answer : wrong(q.answer)}`))
        .join('\n')}\n`;
    writeFileSync(
      join(pack, 'responses', 'skills-pre.csv'),
      answers((i, qi) => (i + qi) % 2 === 0),
    );
    writeFileSync(
      join(pack, 'responses', 'skills-post.csv'),
      answers((i, qi) => (i + qi) % 5 !== 0),
    );
    const r = await cli(['evidence', 'programmes/finance'], { cwd: PLAN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^finance {2}programmes\/finance\/evidence\/ {2}\d+ of \d+ risks taught and checked, \d+ gaps$/m);
    for (const f of ['ai-literacy.md', 'ai-literacy.html', 'ai-literacy.json', 'register.csv', '.cocoon-evidence-manifest.json'])
      expect(existsSync(join(pack, 'evidence', f)), f).toBe(true);
    const record = JSON.parse(readFileSync(join(pack, 'evidence', 'ai-literacy.json'), 'utf8'));
    // Every risk of the role's workflows, taught in a block whose title and clock time the facilitator agenda has.
    const role = readFileSync(join(ROOT, 'roles', 'finance.yaml'), 'utf8');
    let taught = 0;
    for (const w of record.matrix)
      for (const risk of w.risks) {
        expect(role).toContain(risk.risk.slice(0, 40));
        for (const t of risk.taught) {
          const agenda = readFileSync(join(pack, 'facilitator', `session-${t.session}.md`), 'utf8');
          expect(agenda).toContain(`${t.start}–${t.end}`);
          expect(agenda).toContain(t.block.split(':')[0]);
          taught++;
        }
      }
    expect(taught).toBeGreaterThan(5);
    // 6 at every session, 4 at some (cells of 6 and 4 with none = 0: the 4 is small, and hiding the 6 with it
    // makes the hidden cells stand for 10 people). Complete records: 6 of 10 → the 4 incomplete are small.
    expect(record.records).toMatchObject({
      participants: { value: 10, suppressed: false },
      attended_all: { value: null, suppressed: true },
      attended_some: { value: null, suppressed: true },
      attended_none: { value: 0, suppressed: false },
      incomplete: { value: null, suppressed: true },
      skills_pairs: { value: 10, suppressed: false },
    });
    expect(record.records.skills_pre_mean).not.toBeNull();
    expect(readFileSync(join(pack, 'evidence', 'ai-literacy.md'), 'utf8')).not.toMatch(/\bp\d{2}\b/);
    expect(readFileSync(join(pack, 'evidence', 'register.csv'), 'utf8').split('\n')[0]).toMatch(/^# PERSONAL DATA/);
    // --check: current; the same record from the pack's own directory.
    expect((await cli(['evidence', 'programmes/finance', '--check'], { cwd: PLAN })).code).toBe(0);
    expect((await cli(['evidence', '--check'], { cwd: pack })).code).toBe(0);
    // Without a pack or a project: a usage error that says what to type.
    const none = await cli(['evidence'], { cwd: PLAN });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('cocoon evidence programmes/<role>');
  });

  it("the pack's forms/evidence.json gives the very record the project computes (example project without its cocoon.yaml)", async () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'examples', 'consultancy'), dir, { recursive: true });
    renameSync(join(dir, 'cocoon.yaml'), join(dir, 'elsewhere.yaml'));
    for (const p of ['finance-2027q1', 'support-2027q1']) {
      const r = await cli(['evidence', `programmes/${p}`, '--check'], { cwd: dir });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  });

  it('a forms/evidence.json that is not what cocoon wrote is a usage error, not a crash', async () => {
    const dir = tempDir();
    cpSync(join(PLAN, 'programmes', 'finance'), join(dir, 'pack'), { recursive: true });
    const file = join(dir, 'pack', 'forms', 'evidence.json');
    const good = JSON.parse(readFileSync(file, 'utf8'));
    for (const bad of ['{', '[]', JSON.stringify({ ...good, sessions: 99 }), JSON.stringify({ ...good, record: { ...good.record, matrix: [{ id: 1 }] } })]) {
      writeFileSync(file, bad);
      const r = await cli(['evidence', 'pack'], { cwd: dir });
      expect(r.code, bad.slice(0, 40)).toBe(2);
      expect(r.stderr).toMatch(/forms\/evidence\.json cannot be read/);
      expect(r.stderr).not.toMatch(/at .*\.(ts|js|cjs):\d+/);
    }
    rmSync(file);
    const gone = await cli(['evidence', 'pack'], { cwd: dir });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('has no forms/evidence.json');
  });
});

describe('one rule, the edges one by one (k = 5)', () => {
  const HEAD = 'participant,workflow,minutes,uses,blockers,corrected,attribution,estimate_confidence';

  it('a group of exactly k − 1, one user among many, one rater, non-users below k, and a total whose parts would reveal a hidden cell', async () => {
    const pack = join(tempDir(), 'pack');
    cpSync(join(PLAN, 'programmes', 'finance'), pack, { recursive: true });
    const sp = spec(pack);
    const [w1, w2, w3] = sp.workflows.map((w) => w.id) as [string, string, string];
    const checkIn = [
      HEAD,
      // exactly k − 1 answered
      ...ids(4).map((p, i) => `${p},${w1},${20 + i},3,manager,yes,80,70`),
      // one user among ten
      ...ids(10).map((p, i) => (i === 0 ? `${p},${w2},5,9,manager,yes,90,90` : `${p},${w2},,0,time,,,`)),
      // eight answered, six use AI: the two non-users are respondents − using
      ...ids(8).map((p, i) => (i < 6 ? `${p},${w3},${30 + i},${1 + i},time,no,,` : `${p},${w3},,0,none,,,`)),
    ].join('\n');
    const baseline = ['participant,workflow,minutes,per_month,confidence', ...ids(10).flatMap((p) => [w1, w2, w3].map((w) => `${p},${w},60,4,3`))].join('\n');
    // Skills after: ten people; q1 wrong for one person only, every other question right for all: q1 alone
    // would be the mean score's total minus the shown rates, so the next-smallest goes with it.
    const post = ids(10).flatMap((p, i) => sp.questions.map((q, qi) => `${p},${q.id},${qi === 0 && i === 0 ? wrong(q.answer) : q.answer}`));
    // Skills before: four people (k − 1).
    const pre = ids(4).flatMap((p) => sp.questions.map((q) => `${p},${q.id},${q.answer}`));
    // Attendance: ten people, six at every session, one at some, three at none.
    const attendance = ids(10).flatMap((p, i) => sp.sessions.map((s) => `${p},${s.number},${i < 6 || (i === 6 && s.number === 1) ? 'yes' : 'no'}`));
    const out = await both(
      pack,
      {
        'baseline.csv': `${baseline}\n`,
        'check-in-1.csv': `${checkIn}\n`,
        'pulse-session-1.csv': 'participant,useful,recommend\np01,5,10\n',
        'skills-pre.csv': `participant,question,answer\n${pre.join('\n')}\n`,
        'skills-post.csv': `participant,question,answer\n${post.join('\n')}\n`,
        'attendance.csv': `participant,session,attended\n${attendance.join('\n')}\n`,
      },
      5,
    );
    const report = JSON.parse(out['report/report.json']!);
    const [a, b, c] = report.check_ins[0].workflows;
    expect(a).toMatchObject({ respondents: 4, suppressed: true, using: null, now_median: null, hours_reclaimed_per_month: null });
    expect(b).toMatchObject({ respondents: 10, suppressed: true, using: null, now_median: null, hours_reclaimed_per_month: null });
    expect(c).toMatchObject({ respondents: 8, suppressed: false, using: null, adoption: null, target_attainment: null });
    expect(c.hours_reclaimed_per_month).not.toBeNull();
    expect(report.pulse[0]).toMatchObject({ respondents: 1, useful_mean: null, recommend_mean: null, suppressed: true });
    expect(report.skills.pre).toMatchObject({ respondents: 4, mean_score: null, suppressed: true });
    expect(report.skills.post.mean_score).not.toBeNull();
    const rates = report.skills.per_question.map((q: { post_correct_rate: number | null }) => q.post_correct_rate);
    expect(rates.slice(0, 2)).toEqual([null, null]);
    expect(rates.slice(2).every((x: number | null) => x === 1)).toBe(true);
    // Attendance in the report: session 1 has 7 of 10 (3 absent, small), the others 6 of 10 (4 absent): all hidden.
    expect(report.attendance.map((x: { attended: number | null }) => x.attended)).toEqual(sp.sessions.map(() => null));
    const record = JSON.parse(out['evidence/ai-literacy.json']!);
    // 6 / 1 / 3: the 1 is small; the 3 with it stand for 4 < k, so the 6 goes too — the total (10) then
    // gives away only that the three hidden cells are ten people.
    expect(record.records).toMatchObject({
      participants: { value: 10, suppressed: false },
      attended_all: { value: null, suppressed: true },
      attended_some: { value: null, suppressed: true },
      attended_none: { value: null, suppressed: true },
      incomplete: { value: null, suppressed: true },
    });
    // Pre sitting of four: the record's means are hidden too (they would be the report's sitting).
    expect(record.records.skills_pre_mean).toBeNull();
    for (const [path, text] of Object.entries(out)) {
      expect(text, path).not.toMatch(/\bp\d{2}\b/);
      expect(text, path).not.toMatch(/manager \(/);
    }
    expect(out['leader/results.md']).not.toMatch(/\b6 (people|of 8)\b/);
  });
});

describe('suppression, proved for the report and the record together', () => {
  it('changing the answers that fall in hidden cells changes no byte of any report or evidence page (md, html, json)', async () => {
    const base = join(PLAN, 'programmes', 'finance');
    const sp = spec(base);
    const S = sp.sessions.length;
    const pack = join(tempDir(), 'pack');
    cpSync(base, pack, { recursive: true });
    const person = fc.record({
      attendance: fc.array(fc.constantFrom<boolean | null>(true, true, true, false, null), { minLength: S, maxLength: S }),
      pre: fc.option(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }), { nil: null }),
      post: fc.option(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }), { nil: null }),
    });
    let perturbed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 14 }), fc.integer({ min: 2, max: 5 }), fc.integer(), async (people, k, seed) => {
        const s: Records = { attendance: people.map((p) => p.attendance), pre: people.map((p) => p.pre), post: people.map((p) => p.post) };
        const before = await both(pack, files(s, sp), k);
        let x = seed >>> 0;
        const rand = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0), x % n);
        const t: Records = structuredClone(s);
        // A skills sitting of fewer than k people: anything its people answered.
        for (const phase of ['pre', 'post'] as const) {
          const n = t[phase].filter((a) => a !== null).length;
          if (n > 0 && n < k)
            t[phase] = t[phase].map((a) => {
              if (a === null) return null;
              perturbed++;
              return a.map(() => rand(4));
            });
        }
        // Attendance: a mark flipped where the session's count is hidden, kept only when (by the rule, from
        // its definition) the session's count stays hidden and the record's three cells hide the same cells
        // with the same shown values.
        const category = (row: (boolean | null)[]) => {
          const yes = row.filter((a) => a === true).length;
          return yes >= S ? 0 : yes > 0 ? 1 : 2;
        };
        const inRecord = (r: Records) =>
          r.attendance.map((row, i) => ({ row, i })).filter(({ i }) => r.attendance[i]!.some((a) => a !== null) || r.pre[i] !== null || r.post[i] !== null);
        const cells = (r: Records) => {
          const c = [0, 0, 0];
          for (const { row } of inRecord(r)) c[category(row)]!++;
          return c;
        };
        const sessionHidden = (r: Records, si: number) => {
          const marks = r.attendance.map((row) => row[si]).filter((a) => a !== null);
          const yes = marks.filter(Boolean).length;
          return marks.length < k || hiddenOracle([yes, marks.length - yes], k)[0]!;
        };
        for (let tries = 0; tries < 6; tries++) {
          const i = rand(t.attendance.length);
          const si = rand(S);
          const mark = t.attendance[i]![si];
          if (mark === null || mark === undefined || !sessionHidden(t, si)) continue;
          const c0 = cells(t);
          const h0 = hiddenOracle(c0, k);
          t.attendance[i]![si] = !mark;
          const c1 = cells(t);
          const h1 = hiddenOracle(c1, k);
          const same = sessionHidden(t, si) && h0.every((h, j) => h === h1[j] && (h || c0[j] === c1[j]));
          // Who has a complete record may change only where the count of incomplete records is hidden (any hidden cell).
          if (same && (h0.some(Boolean) || category(t.attendance[i]!) === category(t.attendance[i]!.map((a, j) => (j === si ? mark : a))))) perturbed++;
          else t.attendance[i]![si] = mark;
        }
        const after = await both(pack, files(t, sp), k);
        expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
        for (const f of Object.keys(before)) expect(after[f], f).toBe(before[f]);
      }),
      { seed: 30, numRuns: 30 },
    );
    expect(perturbed).toBeGreaterThan(30);
  }, 300_000);
});
