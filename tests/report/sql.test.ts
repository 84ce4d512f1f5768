import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';
import { SQLITE3, needing, pathOf, skipWithout } from '../tools.js';

/**
 * Acceptance 2 of issue 17: every number of report.json, recomputed independently in SQLite from the
 * committed synthetic responses of the example project, agrees exactly. Rounding is done in SQL with
 * integers, half away from zero, as the README defines it.
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

/** round(a / b, d), half away from zero, in integer SQL. */
const rnd = (a: string, b: string, d: number) =>
  `(CASE WHEN (${b}) = 0 THEN NULL ELSE (CASE WHEN (${a}) < 0 THEN -1 ELSE 1 END) * ((2 * abs(${a}) * ${10 ** d} + (${b})) / (2 * (${b}))) * 1.0 / ${10 ** d} END)`;

const median = (table: string, col: string, where: string) =>
  `(SELECT AVG(v) FROM (SELECT ${col} AS v FROM ${table} WHERE ${where} ORDER BY ${col} LIMIT 2 - (SELECT COUNT(*) FROM ${table} WHERE ${where}) % 2 OFFSET ((SELECT COUNT(*) FROM ${table} WHERE ${where}) - 1) / 2))`;

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

describe.skipIf(skipWithout(SQLITE3))(needing('report.json agrees with SQLite', SQLITE3), () => {
  it('recomputes every number of the example report in SQL', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    const data = JSON.parse(readFileSync(join(PACK, 'report', 'report.json'), 'utf8')) as {
      min_group: number;
      baseline: { respondents: number; workflows: { id: string; respondents: number; minutes_median: number | null; confidence_median: number | null }[] };
      check_ins: {
        n: number;
        respondents: number;
        hours_reclaimed_per_month: number | null;
        blockers: Record<string, number> | null;
        workflows: {
          id: string;
          respondents: number;
          using: number | null;
          adoption: number | null;
          baseline_median: number | null;
          now_median: number | null;
          hours_reclaimed_per_month: number | null;
          suppressed: boolean;
        }[];
      }[];
      pulse: { session: number; respondents: number; useful_mean: number | null; recommend_mean: number | null }[];
      skills: { questions: number; pre: { respondents: number; mean_score: number | null }; post: { respondents: number; mean_score: number | null } };
    };
    // Import: .import with --csv --skip 1 into typed tables; blanks become NULL below.
    const files = [
      'baseline',
      'check-in-1',
      'check-in-2',
      'pulse-session-1',
      'pulse-session-2',
      'pulse-session-3',
      'pulse-session-4',
      'skills-pre',
      'skills-post',
    ];
    const tables: Record<string, string> = {
      baseline: 'participant TEXT, workflow TEXT, minutes TEXT, per_month TEXT, confidence TEXT',
      'check-in': 'participant TEXT, workflow TEXT, minutes TEXT, uses TEXT, blockers TEXT, corrected TEXT',
      pulse: 'participant TEXT, useful TEXT, recommend TEXT',
      skills: 'participant TEXT, question TEXT, answer TEXT',
    };
    const script = files
      .map((f) => {
        const t = f.replace(/-/g, '_');
        const kind = f.startsWith('check-in') ? 'check-in' : f.startsWith('pulse') ? 'pulse' : f.startsWith('skills') ? 'skills' : 'baseline';
        return `CREATE TABLE ${t} (${tables[kind]});\n.import --csv --skip 1 '${join(PACK, 'responses', `${f}.csv`)}' ${t}`;
      })
      .join('\n');
    writeFileSync(join(dir, 'import.sql'), `${script}\n`);
    execFileSync(pathOf(SQLITE3), ['-batch', db, `.read ${join(dir, 'import.sql')}`]);
    // The answer key: the letter of the right option per question, from the facilitator's page.
    const key = [...readFileSync(join(PACK, 'facilitator', 'skills-check.md'), 'utf8').matchAll(/^\| (\d+)\. .*?\| \(([a-d])\)/gm)].map(
      (m) => `('q${m[1]}','${m[2]}')`,
    );
    sql(db, `CREATE TABLE answer_key (question TEXT, answer TEXT); INSERT INTO answer_key VALUES ${key.join(',')};`);
    const B = `SELECT participant, workflow, CAST(minutes AS INTEGER) AS minutes, CAST(round(CAST(per_month AS REAL) * 100) AS INTEGER) AS pm FROM baseline WHERE minutes <> ''`;
    sql(db, `CREATE VIEW b AS ${B};`);

    const [baseResp] = sql(db, 'SELECT COUNT(DISTINCT participant) FROM b');
    expect(data.baseline.respondents).toBe(Number(baseResp![0]));
    for (const w of data.baseline.workflows) {
      const [row] = sql(
        db,
        `SELECT COUNT(*), ${median('b', 'minutes', `workflow = '${w.id}'`)}, ${median('baseline', 'CAST(confidence AS INTEGER)', `workflow = '${w.id}' AND minutes <> '' AND confidence <> ''`)} FROM b WHERE workflow = '${w.id}'`,
      );
      expect([w.respondents, w.minutes_median, w.confidence_median]).toEqual([Number(row![0]), num(row![1]), num(row![2])]);
    }

    for (const c of data.check_ins) {
      const t = `check_in_${c.n}`;
      sql(
        db,
        `CREATE VIEW c${c.n} AS SELECT participant, workflow, CASE WHEN minutes = '' THEN NULL ELSE CAST(minutes AS INTEGER) END AS minutes, CAST(uses AS INTEGER) AS uses, blockers FROM ${t} WHERE minutes <> '' OR uses <> '' OR blockers <> '' OR corrected <> '';`,
      );
      const [resp] = sql(db, `SELECT COUNT(DISTINCT participant) FROM c${c.n}`);
      expect(c.respondents).toBe(Number(resp![0]));
      let hoursNum = 0;
      for (const w of c.workflows) {
        const where = `workflow = '${w.id}'`;
        const [r] = sql(
          db,
          `SELECT COUNT(DISTINCT participant), SUM(uses >= 1), ${rnd(`SUM(uses >= 1)`, 'COUNT(*)', 2)},
             ${median('b', 'minutes', where)},
             ${median(`c${c.n}`, 'minutes', `${where} AND uses >= 1`)},
             (SELECT COALESCE(SUM((b.minutes - c.minutes) * b.pm), 0) FROM c${c.n} c JOIN b ON b.participant = c.participant AND b.workflow = c.workflow WHERE c.${where} AND c.uses >= 1)
           FROM c${c.n} WHERE ${where}`,
        );
        const respondents = Number(r![0]);
        expect(w.respondents).toBe(respondents);
        expect(w.suppressed).toBe(respondents < data.min_group);
        if (w.suppressed) {
          expect([w.using, w.adoption, w.baseline_median, w.now_median, w.hours_reclaimed_per_month]).toEqual([null, null, null, null, null]);
          continue;
        }
        const s = Number(r![5]);
        hoursNum += s;
        const [h] = sql(db, `SELECT ${rnd(String(s), '6000', 1)}`);
        expect([w.using, w.adoption, w.baseline_median, w.now_median, w.hours_reclaimed_per_month]).toEqual([
          Number(r![1]),
          num(r![2]),
          num(r![3]),
          num(r![4]),
          num(h![0]),
        ]);
      }
      const [total] = sql(db, `SELECT ${rnd(String(hoursNum), '6000', 1)}`);
      expect(c.hours_reclaimed_per_month).toBe(num(total![0]));
      const counts = Object.fromEntries(
        ['access', 'data-rules', 'time', 'manager', 'tool', 'none'].map((code) => [
          code,
          Number(sql(db, `SELECT COUNT(*) FROM c${c.n} WHERE ';' || replace(blockers, ' ', '') || ';' LIKE '%;${code};%'`)[0]![0]),
        ]),
      );
      expect(c.blockers).toEqual(counts);
    }

    for (const p of data.pulse) {
      const t = `pulse_session_${p.session}`;
      const [r] = sql(
        db,
        `SELECT COUNT(*), ${rnd('SUM(CAST(useful AS INTEGER))', `SUM(useful <> '')`, 1)}, ${rnd('SUM(CAST(recommend AS INTEGER))', `SUM(recommend <> '')`, 1)} FROM ${t} WHERE useful <> '' OR recommend <> ''`,
      );
      expect([p.respondents, p.useful_mean, p.recommend_mean]).toEqual([Number(r![0]), num(r![1]), num(r![2])]);
    }

    for (const phase of ['pre', 'post'] as const) {
      const t = `skills_${phase}`;
      const [r] = sql(
        db,
        `SELECT COUNT(DISTINCT participant), SUM(lower(s.answer) = k.answer) FROM ${t} s JOIN answer_key k ON k.question = s.question WHERE s.answer <> ''`,
      );
      const [score] = sql(db, `SELECT ${rnd(r![1]!, `${r![0]} * ${data.skills.questions}`, 2)}`);
      expect([data.skills[phase].respondents, data.skills[phase].mean_score]).toEqual([Number(r![0]), num(score![0])]);
    }
  });

  it('the committed report is what cocoon report computes from the committed responses', async () => {
    const dir = tempDir();
    cpSync(EXAMPLE, dir, { recursive: true });
    const r = await cli(['report', '--check'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
