import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';
import { SQLITE3, needing, pathOf, skipWithout } from '../tools.js';

/**
 * Every number of report.json, recomputed independently in SQLite from the responses and DESIGN.md's
 * definitions ("Third round: Report numbers"), agrees exactly: the example project's committed
 * responses, and synthetic sets made to sit on the suppression edges (groups of exactly
 * min-group − 1, one user among many respondents, one rater, a total whose parts would reveal a
 * hidden cell). Rounding is done in SQL with integers, half away from zero. The SQL knows nothing of
 * cocoon's code: only the CSV files, forms/programme.json (workflows, check-in days, answer key) and
 * cocoon.yaml's money.
 */
const EXAMPLE = join(ROOT, 'examples', 'consultancy');
const PACK = join(EXAMPLE, 'programmes', 'finance-2027q1');

function sql(db: string, query: string): string[][] {
  return execFileSync(pathOf(SQLITE3), ['-batch', '-noheader', '-separator', '|', db, query], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'));
}
const one = (db: string, q: string): string | undefined => sql(db, q)[0]?.[0];

/** round(a / b, d), half away from zero, in integer SQL. */
const rnd = (a: string, b: string, d: number) =>
  `(CASE WHEN (${b}) = 0 THEN NULL ELSE (CASE WHEN (${a}) < 0 THEN -1 ELSE 1 END) * ((2 * abs(${a}) * ${10 ** d} + (${b})) / (2 * (${b}))) * 1.0 / ${10 ** d} END)`;

const median = (table: string, col: string, where: string) =>
  `(SELECT AVG(v) FROM (SELECT ${col} AS v FROM ${table} WHERE ${where} ORDER BY ${col} LIMIT 2 - (SELECT COUNT(*) FROM ${table} WHERE ${where}) % 2 OFFSET ((SELECT COUNT(*) FROM ${table} WHERE ${where}) - 1) / 2))`;

/**
 * DESIGN.md's complementary rule for a count of `yes` people out of `of` (a table of two cells), written
 * here from the definition: shown when the total is not 1..k−1 and neither side is 1..k−1.
 */
const small = (n: number, k: number) => n > 0 && n < k;
const twoCells = (yes: number, of: number, k: number) => of >= k && !small(yes, k) && !small(of - yes, k);

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
const CODES = ['access', 'data-rules', 'time', 'manager', 'tool', 'none'];

interface Spec {
  group_size: number;
  workflows: { id: string; baseline_minutes?: number; target_minutes?: number }[];
  sessions: { number: number; minutes: number }[];
  check_ins: { number: number; after_days: number }[];
  questions: { id: string; answer: string }[];
}

/**
 * The independent recomputation: report.json of `pack` against SQL over its responses. `money` is
 * cocoon.yaml's org.hourly_cost, and the programme's costs, when the report has a cost section.
 */
function recompute(pack: string, money?: { hourly_cost: number; facilitator_hours: number; other: number }): void {
  const dir = tempDir();
  const db = join(dir, 'r.db');
  const k = (JSON.parse(readFileSync(join(pack, 'report', 'report.json'), 'utf8')) as { min_group: number }).min_group;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const data = JSON.parse(readFileSync(join(pack, 'report', 'report.json'), 'utf8')) as any;
  const spec = JSON.parse(readFileSync(join(pack, 'forms', 'programme.json'), 'utf8')) as Spec;
  const R = (f: string) => join(pack, 'responses', `${f}.csv`);
  const lines: string[] = [
    'CREATE TABLE baseline (participant TEXT, workflow TEXT, minutes TEXT, per_month TEXT, confidence TEXT);',
    `.import --csv --skip 1 '${R('baseline')}' baseline`,
    'CREATE TABLE answer_key (question TEXT, answer TEXT);',
    'CREATE TABLE wf (id TEXT, base INTEGER, target INTEGER);',
  ];
  for (const c of spec.check_ins) {
    const header = readFileSync(R(`check-in-${c.number}`), 'utf8').split(/\r?\n/)[0]!;
    const cols = header.split(',').map((h) => `${h.trim()} TEXT`);
    lines.push(`CREATE TABLE raw${c.number} (${cols.join(', ')});`, `.import --csv --skip 1 '${R(`check-in-${c.number}`)}' raw${c.number}`);
  }
  for (const s of spec.sessions)
    if (existsSync(R(`pulse-session-${s.number}`)))
      lines.push(
        `CREATE TABLE pulse${s.number} (participant TEXT, useful TEXT, recommend TEXT);`,
        `.import --csv --skip 1 '${R(`pulse-session-${s.number}`)}' pulse${s.number}`,
      );
  if (existsSync(R('attendance')))
    lines.push('CREATE TABLE attendance (participant TEXT, session TEXT, attended TEXT);', `.import --csv --skip 1 '${R('attendance')}' attendance`);
  for (const phase of ['pre', 'post'])
    lines.push(
      `CREATE TABLE skills_${phase} (participant TEXT, question TEXT, answer TEXT);`,
      ...(existsSync(R(`skills-${phase}`)) ? [`.import --csv --skip 1 '${R(`skills-${phase}`)}' skills_${phase}`] : []),
    );
  writeFileSync(join(dir, 'import.sql'), `${lines.join('\n')}\n`);
  execFileSync(pathOf(SQLITE3), ['-batch', db, `.read ${join(dir, 'import.sql')}`]);
  sql(db, `INSERT INTO answer_key VALUES ${spec.questions.map((q) => `('${q.id}','${q.answer}')`).join(',')};`);
  sql(db, `INSERT INTO wf VALUES ${spec.workflows.map((w) => `('${w.id}', ${w.baseline_minutes ?? 'NULL'}, ${w.target_minutes ?? 'NULL'})`).join(',')};`);
  sql(
    db,
    `CREATE VIEW b AS SELECT participant, workflow, CAST(minutes AS INTEGER) AS minutes, CAST(round(CAST(per_month AS REAL) * 100) AS INTEGER) AS pm, confidence FROM baseline WHERE minutes <> '' AND per_month <> '';`,
  );

  // Baseline: a cell from fewer than k rows is null.
  expect(data.baseline.respondents).toBe(Number(one(db, 'SELECT COUNT(DISTINCT participant) FROM b')));
  for (const w of data.baseline.workflows) {
    const n = Number(one(db, `SELECT COUNT(*) FROM b WHERE workflow = '${w.id}'`));
    const nc = Number(one(db, `SELECT COUNT(*) FROM b WHERE workflow = '${w.id}' AND confidence <> ''`));
    expect(w.respondents).toBe(n);
    expect(w.minutes_median).toBe(n >= k ? num(one(db, `SELECT ${median('b', 'minutes', `workflow = '${w.id}'`)}`)) : null);
    expect(w.confidence_median).toBe(
      n >= k && nc >= k ? num(one(db, `SELECT ${median('b', 'CAST(confidence AS INTEGER)', `workflow = '${w.id}' AND confidence <> ''`)}`)) : null,
    );
  }

  let prevDays = 0;
  const latest: { n: number; hours: number | null } = { n: 0, hours: null };
  const shownUsers: Record<number, string> = {};
  for (const c of data.check_ins) {
    const after = spec.check_ins.find((x) => x.number === c.n)!.after_days;
    const D = after > prevDays ? after - prevDays : after;
    prevDays = after;
    expect(c.days_covered).toBe(D);
    const hasAttr = sql(db, `SELECT name FROM pragma_table_info('raw${c.n}') WHERE name = 'attribution'`).length > 0;
    sql(
      db,
      `CREATE VIEW c${c.n} AS SELECT participant, workflow, CASE WHEN minutes = '' THEN NULL ELSE CAST(minutes AS INTEGER) END AS minutes, CAST(uses AS INTEGER) AS uses, ';' || replace(lower(blockers), ' ', '') || ';' AS blockers, lower(corrected) AS corrected, ${hasAttr ? "NULLIF(attribution, '')" : 'NULL'} AS attribution, ${hasAttr ? "NULLIF(estimate_confidence, '')" : 'NULL'} AS conf FROM raw${c.n} WHERE uses <> '';`,
    );
    // The rows behind each user's realised and potential hours: users with a baseline and minutes now.
    sql(
      db,
      `CREATE VIEW p${c.n} AS SELECT c.participant, c.workflow, b.minutes - c.minutes AS saved, b.pm, min(c.uses * 3000, b.pm * ${D}) AS upm, c.minutes AS now, b.minutes AS base FROM c${c.n} c JOIN b ON b.participant = c.participant AND b.workflow = c.workflow WHERE c.uses >= 1 AND c.minutes IS NOT NULL;`,
    );
    const respondents = Number(one(db, `SELECT COUNT(DISTINCT participant) FROM c${c.n}`));
    expect(c.respondents).toBe(respondents);
    let real = 0;
    let potential = 0;
    let any = false;
    const shown: string[] = [];
    for (const w of c.workflows) {
      const W = `workflow = '${w.id}'`;
      const [n, users, corrected] = sql(
        db,
        `SELECT COUNT(*), COALESCE(SUM(uses >= 1), 0), COALESCE(SUM(uses >= 1 AND corrected = 'yes'), 0) FROM c${c.n} WHERE ${W}`,
      )[0]!.map(Number) as [number, number, number];
      expect(w.respondents).toBe(n);
      const suppressed = n < k || users < k;
      expect(w.suppressed).toBe(suppressed);
      if (suppressed) {
        for (const f of [
          'using',
          'adoption',
          'uses_per_month',
          'baseline_median',
          'now_median',
          'hours_reclaimed_per_month',
          'hours_potential_per_month',
          'corrected_share',
          'at_target',
          'target_attainment',
        ])
          expect(w[f], `${c.n}/${w.id}/${f}`).toBeNull();
        continue;
      }
      shown.push(w.id);
      const paired = Number(one(db, `SELECT COUNT(*) FROM p${c.n} WHERE ${W}`));
      const nowN = Number(one(db, `SELECT COUNT(*) FROM c${c.n} WHERE ${W} AND uses >= 1 AND minutes IS NOT NULL`));
      const baseN = Number(one(db, `SELECT COUNT(*) FROM b WHERE ${W}`));
      const [r, pot, upm] = sql(
        db,
        `SELECT COALESCE(SUM(saved * upm), 0), COALESCE(SUM(saved * pm), 0), COALESCE(SUM(upm), 0) FROM p${c.n} WHERE ${W}`,
      )[0]!.map(Number) as [number, number, number];
      const wfRow = spec.workflows.find((x) => x.id === w.id)!;
      const hasTarget = wfRow.baseline_minutes !== undefined && wfRow.target_minutes !== undefined;
      const at = Number(one(db, `SELECT COUNT(*) FROM p${c.n} p JOIN wf ON wf.id = p.workflow WHERE p.${W} AND p.now * wf.base <= p.base * wf.target`));
      const expected = {
        using: twoCells(users, n, k) ? users : null,
        adoption: twoCells(users, n, k) ? num(one(db, `SELECT ${rnd(String(users), String(n), 2)}`)) : null,
        uses_per_month: paired >= k ? num(one(db, `SELECT ${rnd(String(upm), String(D * 100), 1)}`)) : null,
        baseline_median: baseN >= k ? num(one(db, `SELECT ${median('b', 'minutes', W)}`)) : null,
        now_median: nowN >= k ? num(one(db, `SELECT ${median(`c${c.n}`, 'minutes', `${W} AND uses >= 1 AND minutes IS NOT NULL`)}`)) : null,
        hours_reclaimed_per_month: paired >= k ? num(one(db, `SELECT ${rnd(String(r), String(D * 6000), 1)}`)) : null,
        hours_potential_per_month: paired >= k ? num(one(db, `SELECT ${rnd(String(pot), '6000', 1)}`)) : null,
        corrected_share: twoCells(corrected, users, k) ? num(one(db, `SELECT ${rnd(String(corrected), String(users), 2)}`)) : null,
        at_target: hasTarget && twoCells(at, paired, k) ? at : null,
        target_attainment: hasTarget && twoCells(at, paired, k) && twoCells(users, n, k) ? num(one(db, `SELECT ${rnd(String(at), String(paired), 2)}`)) : null,
      };
      expect(Object.fromEntries(Object.keys(expected).map((f) => [f, w[f]])), `${c.n}/${w.id}`).toEqual(expected);
      if (paired >= k) {
        real += r;
        potential += pot;
        any = true;
      }
    }
    const inShown = shown.length ? `workflow IN (${shown.map((x) => `'${x}'`).join(',')})` : '0';
    shownUsers[c.n] = inShown;
    expect(c.suppressed).toBe(respondents < k);
    expect(c.hours_reclaimed_per_month).toBe(respondents >= k && any ? num(one(db, `SELECT ${rnd(String(real), String(D * 6000), 1)}`)) : null);
    expect(c.hours_potential_per_month).toBe(respondents >= k && any ? num(one(db, `SELECT ${rnd(String(potential), '6000', 1)}`)) : null);
    if (respondents < k) expect(c.blockers).toBeNull();
    else {
      const people = Number(one(db, `SELECT COUNT(DISTINCT participant) FROM c${c.n} WHERE ${inShown}`));
      expect(c.blockers).toEqual(
        Object.fromEntries(
          CODES.map((code) => {
            const t = Number(one(db, `SELECT COUNT(DISTINCT participant) FROM c${c.n} WHERE ${inShown} AND blockers LIKE '%;${code};%'`));
            return [code, twoCells(t, people, k) ? t : null];
          }),
        ),
      );
    }
    if (c.hours_reclaimed_per_month !== null) Object.assign(latest, { n: c.n, hours: c.hours_reclaimed_per_month });
  }

  for (const p of data.pulse) {
    const t = `pulse${p.session}`;
    if (!sql(db, `SELECT name FROM sqlite_master WHERE name = '${t}'`).length) {
      expect([p.respondents, p.useful_mean, p.recommend_mean]).toEqual([0, null, null]);
      continue;
    }
    const [n, nu, nr] = sql(db, `SELECT COUNT(*), SUM(useful <> ''), SUM(recommend <> '') FROM ${t} WHERE useful <> '' OR recommend <> ''`)[0]!.map(Number) as [
      number,
      number,
      number,
    ];
    expect(p.respondents).toBe(n);
    expect(p.useful_mean).toBe(
      n >= k && nu >= k ? num(one(db, `SELECT ${rnd(`SUM(CAST(useful AS INTEGER))`, String(nu), 1)} FROM ${t} WHERE useful <> ''`)) : null,
    );
    expect(p.recommend_mean).toBe(
      n >= k && nr >= k ? num(one(db, `SELECT ${rnd(`SUM(CAST(recommend AS INTEGER))`, String(nr), 1)} FROM ${t} WHERE recommend <> ''`)) : null,
    );
  }

  const Q = spec.questions.length;
  const sit: Record<string, { n: number; right: number; mean: boolean }> = {};
  for (const phase of ['pre', 'post'] as const) {
    const t = `skills_${phase}`;
    const [n, right] = sql(
      db,
      `SELECT COUNT(DISTINCT s.participant), COALESCE(SUM(lower(s.answer) = k.answer), 0) FROM ${t} s JOIN answer_key k ON k.question = s.question WHERE s.answer <> ''`,
    )[0]!.map(Number) as [number, number];
    const counts = data.skills.per_question.map((q: { id: string }) =>
      Number(one(db, `SELECT COUNT(*) FROM ${t} s JOIN answer_key k ON k.question = s.question WHERE s.question = '${q.id}' AND lower(s.answer) = k.answer`)),
    ) as number[];
    // Each rate is a table of two cells; and the mean adds every question up, so a lone hidden rate takes
    // the smallest shown one with it (not one everyone got right before: its flag would still say n).
    const shownRate = counts.map((c) => twoCells(c, n, k));
    let mean = n >= k;
    if (shownRate.filter((x) => !x).length === 1) {
      const candidates = counts.map((c, i) => ({ c, i })).filter(({ c, i }) => shownRate[i] && !(phase === 'pre' && c === n));
      candidates.sort((a, b) => a.c - b.c || a.i - b.i);
      if (candidates.length) shownRate[candidates[0]!.i] = false;
      else mean = false;
    }
    sit[phase] = { n, right, mean };
    expect(data.skills[phase].respondents).toBe(n);
    expect(data.skills[phase].mean_score).toBe(mean ? num(one(db, `SELECT ${rnd(String(right), String(n * Q), 2)}`)) : null);
    data.skills.per_question.forEach((q: Record<string, unknown>, i: number) => {
      const c = counts[i]!;
      expect(q[`${phase}_correct_rate`], `${phase} ${String(q.id)}`).toBe(shownRate[i] ? num(one(db, `SELECT ${rnd(String(c), String(n), 2)}`)) : null);
      if (phase === 'pre') expect(q.everyone_right_before).toBe(n >= k ? c === n : null);
      if (phase === 'post' && !shownRate[i]) expect(q.discrimination).toBeNull();
    });
  }
  const { pre, post } = sit as Record<'pre' | 'post', { n: number; right: number; mean: boolean }>;
  expect(data.skills.normalised_gain).toBe(
    pre.mean && post.mean && Q * pre.n > pre.right
      ? num(one(db, `SELECT ${rnd(String(post.right * pre.n - pre.right * post.n), String(post.n * (Q * pre.n - pre.right)), 2)}`))
      : null,
  );

  // Attendance: people marked for each session, and how many attended (a table of two cells).
  const hasAttendance = sql(db, "SELECT name FROM sqlite_master WHERE name = 'attendance'").length > 0;
  const attendedBy = new Map<number, number>();
  for (const a of data.attendance) {
    const [marked, yes] = hasAttendance
      ? (sql(db, `SELECT COUNT(*), COALESCE(SUM(lower(attended) = 'yes'), 0) FROM attendance WHERE session = '${a.session}' AND attended <> ''`)[0]!.map(
          Number,
        ) as [number, number])
      : [0, 0];
    expect(a.marked, `session ${a.session}`).toBe(marked);
    expect(a.attended, `session ${a.session}`).toBe(twoCells(yes, marked, k) ? yes : null);
    if (a.attended !== null) attendedBy.set(a.session, yes);
  }

  // Cost and return, from DESIGN.md's formula: whole cents, then the ratios.
  if (!money) {
    expect(data.roi).toBeNull();
    return;
  }
  if (latest.hours === null) {
    expect(data.roi).toBeNull();
    return;
  }
  const inShown = shownUsers[latest.n]!;
  const factor = (col: string) => {
    const [people, s, n] = sql(
      db,
      `SELECT COUNT(DISTINCT participant), COALESCE(SUM(CAST(${col} AS INTEGER)), 0), COUNT(${col}) FROM c${latest.n} WHERE ${inShown} AND uses >= 1 AND ${col} IS NOT NULL`,
    )[0]!.map(Number) as [number, number, number];
    return people >= k ? Number(one(db, `SELECT ${rnd(String(s), String(n), 0)}`)) : null;
  };
  const a = factor('attribution');
  const cf = factor('conf');
  const adjusted = a !== null && cf !== null;
  const hc = Math.round(money.hourly_cost * 100);
  const minutes = spec.sessions.reduce((t, s) => t + s.minutes, 0);
  // Participants' minutes: as attended, when every session's attended count is shown; else group × sessions.
  const fromAttendance = data.attendance.some((a: { marked: number }) => a.marked > 0) && attendedBy.size === spec.sessions.length;
  const personMinutes = fromAttendance
    ? Number(
        one(
          db,
          `SELECT SUM(CASE session ${spec.sessions.map((s) => `WHEN '${s.number}' THEN ${s.minutes}`).join(' ')} END) FROM attendance WHERE lower(attended) = 'yes'`,
        ),
      )
    : spec.group_size * minutes;
  const cost = Number(
    one(
      db,
      `SELECT ${rnd(`${personMinutes} * ${hc} * 100 + ${Math.round(money.facilitator_hours * 100)} * ${hc} * 60 + ${Math.round(money.other * 100)} * 6000`, '6000', 0)}`,
    ),
  );
  const benefit = Number(
    one(db, `SELECT ${rnd(`${Math.round(latest.hours * 10)} * 12 * ${hc} * ${adjusted ? a : 100} * ${adjusted ? cf : 100}`, '100000', 0)}`),
  );
  const half = Number(one(db, `SELECT ${rnd(String(benefit), '2', 0)}`));
  expect(data.roi).toMatchObject({
    cost: cost / 100,
    benefit_per_year: benefit / 100,
    net: (benefit - cost) / 100,
    roi_percent: num(one(db, `SELECT ${rnd(`(${benefit - cost}) * 100`, String(cost), 0)}`)),
    benefit_cost_ratio: num(one(db, `SELECT ${rnd(String(benefit), String(cost), 2)}`)),
    adjusted,
    hours_per_month: latest.hours,
    check_in: latest.n,
    cost_basis: fromAttendance ? 'attendance' : 'group-size',
    participant_hours: num(one(db, `SELECT ${rnd(String(personMinutes), '60', 1)}`)),
    if_use_halves: {
      benefit_per_year: half / 100,
      net: (half - cost) / 100,
      roi_percent: num(one(db, `SELECT ${rnd(`(${half - cost}) * 100`, String(cost), 0)}`)),
    },
  });
}

/** A copy of the example project whose finance pack has the given responses (and no others). */
async function exampleWith(files: Record<string, string>, minGroup = 5): Promise<string> {
  const dir = tempDir();
  cpSync(EXAMPLE, dir, { recursive: true });
  const responses = join(dir, 'programmes', 'finance-2027q1', 'responses');
  rmSync(responses, { recursive: true });
  cpSync(join(PACK, 'responses'), responses, { recursive: true });
  for (const [n, t] of Object.entries(files)) writeFileSync(join(responses, n), t);
  const r = await cli(['report', '--programme', 'finance-2027q1', '--min-group', String(minGroup)], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return join(dir, 'programmes', 'finance-2027q1');
}

const MONEY = { hourly_cost: 55, facilitator_hours: 24, other: 1200 };
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `p${String(i + from).padStart(2, '0')}`);
const HEAD = 'participant,workflow,minutes,uses,blockers,corrected,attribution,estimate_confidence';

describe.skipIf(skipWithout(SQLITE3))(needing('report.json agrees with SQLite', SQLITE3), () => {
  it('recomputes every number of the example report in SQL, cost and return included', () => {
    recompute(PACK, MONEY);
  });

  it('hidden synthetic responses on the suppression edges agree with SQL, and hide what they must', async () => {
    // Check-in 1: variance-commentary answered by exactly k − 1 = 4; reconciliation by 8 with ONE user;
    // board-pack by 8 with 6 users, 1 of whom corrected and 5 with attribution. Pulse 1: one rater.
    const c1 = [
      HEAD,
      ...ids(4).map((p, i) => `${p},variance-commentary,${20 + i},3,manager,yes,80,70`),
      ...ids(8).map((p, i) => (i === 0 ? `${p},reconciliation-exceptions,5,9,manager,yes,90,90` : `${p},reconciliation-exceptions,,0,time,,,`)),
      ...ids(8).map((p, i) =>
        i < 6
          ? `${p},board-pack-narrative,${70 + i * 3},${1 + i},${i < 4 ? 'time' : 'tool'},${i === 0 ? 'yes' : 'no'},${i < 5 ? 60 + i : ''},${i < 5 ? 80 : ''}`
          : `${p},board-pack-narrative,,0,none,,,`,
      ),
    ].join('\n');
    const pack = await exampleWith({
      'check-in-1.csv': `${c1}\n`,
      'check-in-2.csv': `${c1}\n`,
      'pulse-session-1.csv': 'participant,useful,recommend\np01,5,10\n',
      // Ten people marked at every session: all of them at 1 and 3, five at 2, none at 4 — every count shown,
      // so the cost counts the attended person-sessions, not the group × every session.
      'attendance.csv': `participant,session,attended\n${ids(10)
        .flatMap((p, i) => [`${p},1,yes`, `${p},2,${i < 5 ? 'yes' : 'no'}`, `${p},3,yes`, `${p},4,no`])
        .join('\n')}\n`,
    });
    recompute(pack, MONEY);
    const data = JSON.parse(readFileSync(join(pack, 'report', 'report.json'), 'utf8'));
    const [vc, rec, board] = data.check_ins[0].workflows;
    expect(vc).toMatchObject({ respondents: 4, suppressed: true, now_median: null });
    expect(rec).toMatchObject({ respondents: 8, suppressed: true, now_median: null, hours_reclaimed_per_month: null });
    expect(board.suppressed).toBe(false);
    expect(board.corrected_share).toBeNull();
    // Five users gave attribution and confidence: the benefit is adjusted by their means.
    expect(data.roi).toMatchObject({ adjusted: true, check_in: 2, cost_basis: 'attendance' });
    expect(data.attendance.map((x: { attended: number | null }) => x.attended)).toEqual([10, 5, 10, 0]);
    // manager was named by 5 people, but 4 of them in a hidden group and one in another: not a tally of 5;
    // in the one shown group nobody named it, and a zero is shown.
    expect(data.check_ins[0].blockers.manager).toBe(0);
    // Non-users below k: 6 of 8 use AI for the board pack, so respondents − using would give the two away.
    expect(board).toMatchObject({ respondents: 8, using: null, adoption: null, target_attainment: null });
    expect(board.hours_reclaimed_per_month).not.toBeNull();
    expect(data.pulse[0]).toMatchObject({ respondents: 1, useful_mean: null, recommend_mean: null, suppressed: true });
    // The total adds up only the shown workflows: nothing hidden can be worked out from it.
    expect(data.check_ins[0].hours_reclaimed_per_month).toBe(board.hours_reclaimed_per_month);
    // No page carries the one user's minutes (5) or the hidden group's (20–23) as the workflow's figure.
    for (const page of ['report/report.md', 'leader/results.md']) {
      const text = readFileSync(join(pack, page), 'utf8');
      expect(text).not.toMatch(/\bp\d{2}\b/);
      expect(text).not.toContain('manager (');
    }
  });

  it('the committed report is what cocoon report computes from the committed responses', async () => {
    const dir = tempDir();
    cpSync(EXAMPLE, dir, { recursive: true });
    const r = await cli(['report', '--check'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
