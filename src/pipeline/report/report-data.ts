import type { Diagnostic, Severity } from '../../model/diagnostics.js';
import { parseCsv } from '../load/csv.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { BLOCKER_CODES, FORM_HEADERS, OPTION_LETTERS, skillsQuestions } from '../render/forms.js';
import { findRealLooking } from '../../rules/data/real-looking-example.js';
import { reportAt } from '../lint/lint.js';

/**
 * cocoon report, the pure part: filled forms (CSV bytes) → diagnostics, or the numbers of report.json.
 * Every number is computed with integers and rounded half away from zero at the end, so the result
 * does not depend on the order of the rows or on floating-point sums (tests/report/sql.test.ts
 * recomputes each one in SQLite and compares exactly).
 */

type Blocker = (typeof BLOCKER_CODES)[number];

interface WorkflowResult {
  id: string;
  title: string;
  respondents: number;
  using: number | null;
  adoption: number | null;
  baseline_median: number | null;
  now_median: number | null;
  hours_reclaimed_per_month: number | null;
  at_target: number | null;
  target_attainment: number | null;
  suppressed: boolean;
}

interface CheckInResult {
  n: number;
  after_days: number;
  respondents: number;
  hours_reclaimed_per_month: number | null;
  blockers: Record<Blocker, number> | null;
  suppressed: boolean;
  workflows: WorkflowResult[];
}

export interface ReportData {
  programme: string;
  title: string;
  role: string;
  group_size: number;
  min_group: number;
  baseline: {
    respondents: number;
    suppressed: boolean;
    workflows: { id: string; title: string; respondents: number; minutes_median: number | null; confidence_median: number | null; suppressed: boolean }[];
  };
  check_ins: CheckInResult[];
  pulse: { session: number; respondents: number; useful_mean: number | null; recommend_mean: number | null; suppressed: boolean }[];
  skills: {
    questions: number;
    pre: { respondents: number; mean_score: number | null; suppressed: boolean };
    post: { respondents: number; mean_score: number | null; suppressed: boolean };
    per_question: { id: string; pre_correct_rate: number | null; post_correct_rate: number | null }[];
  };
}

/** round(num / den, decimals), half away from zero, in integers. */
export function roundDiv(num: number, den: number, decimals: number): number {
  const scale = 10 ** decimals;
  const sign = Math.sign(num) * Math.sign(den);
  const a = Math.abs(num) * scale;
  const b = Math.abs(den);
  const q = Math.floor((2 * a + b) / (2 * b));
  return (sign * q) / scale || 0;
}

/** Median of integers: the middle value, or the mean of the middle two (so at most one decimal). */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface ResponseFile {
  /** Shown in diagnostics, e.g. programmes/x/responses/baseline.csv. */
  display: string;
  bytes: Uint8Array;
}

interface Cell {
  text: string;
  line: number;
  column: number;
}
type Record_ = Map<string, Cell> & { line: number };

const diag = (
  id: string,
  messageId: string,
  data: Record<string, string | number>,
  file: string,
  line: number,
  column: number,
  severity?: Severity,
): Diagnostic => reportAt(id, { messageId, data, severity }, { file, line, column });

/** A header cell is a column name, not an answer: shown, short, one line, no control characters. */
const headerShown = (s: string): string => {
  const one = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return one.length > 30 ? `${one.slice(0, 30)}…` : one;
};

/**
 * A cell's text as it may be echoed in a message (L1): a code, a number or an id is shown; anything
 * else may be a person's free text or name, and a diagnostic (printed in CI logs) never repeats it:
 * the message names the column and the row, and the cell itself says "text not shown".
 */
const shown = (s: string): string => {
  const t = s.trim();
  if (t === '') return '';
  if (t.length > 30 || !/^[A-Za-z0-9._+,;-]+$/.test(t) || /^\p{Lu}\p{Ll}+$/u.test(t)) return 'text not shown';
  return t;
};

const NAME = /^\p{Lu}\p{Ll}+(?:[ '-]\p{Lu}\p{Ll}+)+$/u;
const PARTICIPANT = /^p\d{2,4}$/;

interface Parsed {
  rows: Record_[];
  diagnostics: Diagnostic[];
}

/** Header and cells of one file, with the checks every file shares: columns, personal data, participant ids. */
export function readFile(f: ResponseFile, header: readonly string[]): Parsed {
  const res = parseCsv(f.bytes);
  if ('problem' in res)
    return { rows: [], diagnostics: [diag('report/syntax', 'unreadable', { reason: res.problem.message }, f.display, res.problem.line, res.problem.column)] };
  const names = res.header.cells.map((c) => c.trim().toLowerCase());
  if (!names.includes('participant') && res.header.cells.some((c) => PARTICIPANT.test(c.trim())))
    return { rows: [], diagnostics: [diag('report/unknown-column', 'no-header', { expected: header.join(',') }, f.display, res.header.line, 1)] };
  const diagnostics: Diagnostic[] = [];
  names.forEach((n, i) => {
    if (!header.includes(n))
      diagnostics.push(
        diag(
          'report/unknown-column',
          'unknown',
          { column: headerShown(res.header.cells[i]!), expected: header.join(',') },
          f.display,
          res.header.line,
          res.header.columns[i]!,
        ),
      );
    else if (names.indexOf(n) !== i)
      diagnostics.push(diag('report/unknown-column', 'twice', { column: n }, f.display, res.header.line, res.header.columns[i]!));
  });
  const missing = header.filter((h) => !names.includes(h));
  if (missing.length)
    diagnostics.push(diag('report/unknown-column', 'missing', { columns: missing.join(', '), expected: header.join(',') }, f.display, res.header.line, 1));
  if (diagnostics.length) return { rows: [], diagnostics };
  const rows: Record_[] = [];
  for (const row of res.rows) {
    const rec = new Map<string, Cell>() as Record_;
    rec.line = row.line;
    let bad = false;
    row.cells.forEach((text, i) => {
      const col = row.columns[i]!;
      if (i >= names.length) {
        if (text.trim()) {
          diagnostics.push(diag('report/unknown-column', 'extra-cell', { expected: header.join(',') }, f.display, row.line, col));
          bad = true;
        }
        return;
      }
      const real = findRealLooking(text);
      if (real || (names[i] !== 'participant' && NAME.test(text.trim()))) {
        diagnostics.push(diag('report/personal-data', 'looks', { kind: real?.kind ?? 'name', column: names[i]! }, f.display, row.line, col));
        bad = true;
        return;
      }
      rec.set(names[i]!, { text: text.trim(), line: row.line, column: col });
    });
    if (bad) continue;
    if ([...rec.values()].every((c) => c.text === '')) continue;
    const who = rec.get('participant');
    if (!who || !PARTICIPANT.test(who.text)) {
      const text = who?.text ?? '';
      diagnostics.push(
        NAME.test(text) || text.includes(' ')
          ? diag('report/personal-data', 'looks', { kind: 'name', column: 'participant' }, f.display, row.line, who?.column ?? 1)
          : diag('report/personal-data', 'not-pseudonymous', {}, f.display, row.line, who?.column ?? 1),
      );
      continue;
    }
    rows.push(rec);
  }
  return { rows, diagnostics };
}

interface NumberRule {
  min: number;
  max: number;
  decimals: number;
  what: string;
}

/** A number with at most `decimals` decimals in [min, max], as an integer in units of 10^-decimals. */
function numberIn(cell: Cell | undefined, rule: NumberRule, file: string, out: Diagnostic[]): number | undefined {
  if (!cell || cell.text === '') return undefined;
  const re = rule.decimals ? new RegExp(`^\\d+(\\.\\d{1,${rule.decimals}})?$`) : /^\d+$/;
  const v = Number(cell.text);
  if (!re.test(cell.text) || v < rule.min || v > rule.max) {
    out.push(
      diag(
        'report/bad-number',
        'range',
        {
          value: shown(cell.text),
          what: rule.what,
          min: rule.min,
          max: rule.max,
          decimals: rule.decimals ? `, at most ${rule.decimals} decimals` : ', a whole number',
        },
        file,
        cell.line,
        cell.column,
      ),
    );
    return undefined;
  }
  return Math.round(v * 10 ** rule.decimals);
}

const MINUTES: NumberRule = { min: 0, max: 100_000, decimals: 0, what: 'minutes' };
const PER_MONTH: NumberRule = { min: 0, max: 10_000, decimals: 2, what: 'per_month' };

function required(cell: Cell | undefined, what: string, why: string, file: string, line: number, out: Diagnostic[]): void {
  out.push(diag('report/bad-number', 'empty', { what, why }, file, cell?.line ?? line, cell?.column ?? 1));
}

export interface Responses {
  baseline?: ResponseFile;
  checkIns: Map<number, ResponseFile>;
  pulses: Map<number, ResponseFile>;
  skillsPre?: ResponseFile;
  skillsPost?: ResponseFile;
}

/** At most this many diagnostics per responses file, then one that says how many more there are. */
const MAX_FILE_DIAGNOSTICS = 50;

/**
 * A generated or corrupted file can hold a problem in every cell (a 256 KiB file gave 120 000
 * diagnostics): each file lists its first problems and one line with the count of the rest.
 */
function capPerFile(diagnostics: Diagnostic[]): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const out: Diagnostic[] = [];
  for (const list of byFile.values()) {
    if (list.length <= MAX_FILE_DIAGNOSTICS) {
      out.push(...list);
      continue;
    }
    const sorted = [...list].sort((a, b) => a.line - b.line || a.column - b.column);
    const next = sorted[MAX_FILE_DIAGNOSTICS]!;
    out.push(...sorted.slice(0, MAX_FILE_DIAGNOSTICS), {
      ...next,
      severity: sorted.some((d) => d.severity === 'error') ? 'error' : next.severity,
      message: `…and ${sorted.length - MAX_FILE_DIAGNOSTICS} more problems in this file from here on; only the first ${MAX_FILE_DIAGNOSTICS} are listed`,
      hint: 'Fix these and run the report again; a file with this many problems is often the wrong file, or saved with the wrong separator.',
    });
  }
  return out;
}

export function computeReport(p: PlannedProgramme, responses: Responses, minGroup: number): { data?: ReportData; diagnostics: Diagnostic[] } {
  const result = computeAll(p, responses, minGroup);
  return { ...result, diagnostics: capPerFile(result.diagnostics) };
}

function computeAll(p: PlannedProgramme, responses: Responses, minGroup: number): { data?: ReportData; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const workflowIds = new Set(p.workflows.map((w) => w.id));
  const lowResponse = (f: ResponseFile, respondents: number, what: string) => {
    // A file with errors is reported for them; counting its answers would only add noise.
    if (diagnostics.some((d) => d.file === f.display && d.severity === 'error')) return;
    if (respondents * 2 < p.groupSize) diagnostics.push(diag('report/low-response', 'low', { what, respondents, group: p.groupSize }, f.display, 1, 1));
  };
  /** Rows keyed by participant (and workflow or question); a second row for the same key is an error. */
  const keyed = (f: ResponseFile, rows: Record_[], second: 'workflow' | 'question' | undefined) => {
    const seen = new Map<string, number>();
    const out: Record_[] = [];
    for (const r of rows) {
      if (second === 'workflow') {
        const w = r.get('workflow');
        if (!w || !workflowIds.has(w.text)) {
          diagnostics.push(
            diag(
              'report/unknown-workflow',
              'unknown',
              { id: shown(w?.text ?? ''), programme: p.id, known: [...workflowIds].join(', ') },
              f.display,
              r.line,
              w?.column ?? 1,
            ),
          );
          continue;
        }
      }
      const key = `${r.get('participant')!.text}\0${second ? (r.get(second)?.text ?? '') : ''}`;
      const first = seen.get(key);
      if (first !== undefined) {
        diagnostics.push(
          diag(
            'report/duplicate-row',
            'duplicate',
            { participant: r.get('participant')!.text, what: second ? ` and ${second} ${shown(r.get(second)?.text ?? '')}` : '', first },
            f.display,
            r.line,
            1,
          ),
        );
        continue;
      }
      seen.set(key, r.line);
      out.push(r);
    }
    return out;
  };

  // Baseline: participant → workflow → { minutes, perMonth (hundredths), confidence }.
  const base = new Map<string, Map<string, { minutes: number; perMonth: number; confidence?: number }>>();
  if (responses.baseline) {
    const f = responses.baseline;
    const parsed = readFile(f, FORM_HEADERS.baseline);
    diagnostics.push(...parsed.diagnostics);
    for (const r of keyed(f, parsed.rows, 'workflow')) {
      const minutes = numberIn(r.get('minutes'), MINUTES, f.display, diagnostics);
      const perMonth = numberIn(r.get('per_month'), PER_MONTH, f.display, diagnostics);
      const confidence = numberIn(r.get('confidence'), { min: 1, max: 5, decimals: 0, what: 'confidence' }, f.display, diagnostics);
      if (minutes === undefined && r.get('minutes')?.text === '')
        required(r.get('minutes'), 'minutes', 'a baseline row needs the minutes one occurrence takes today', f.display, r.line, diagnostics);
      if (perMonth === undefined && r.get('per_month')?.text === '')
        required(r.get('per_month'), 'per_month', 'a baseline row needs how often it happens a month', f.display, r.line, diagnostics);
      if (minutes === undefined || perMonth === undefined) continue;
      const who = r.get('participant')!.text;
      if (!base.has(who)) base.set(who, new Map());
      base.get(who)!.set(r.get('workflow')!.text, { minutes, perMonth, confidence });
    }
    lowResponse(f, base.size, 'baseline');
  }

  const checkIns: CheckInResult[] = [];
  for (const c of p.checkIns) {
    const f = responses.checkIns.get(c.number);
    const rows: { who: string; workflow: string; minutes?: number; uses: number; blockers: Blocker[] }[] = [];
    if (f) {
      const parsed = readFile(f, FORM_HEADERS.checkIn);
      diagnostics.push(...parsed.diagnostics);
      for (const r of keyed(f, parsed.rows, 'workflow')) {
        const before = diagnostics.length;
        const uses = numberIn(r.get('uses'), { min: 0, max: 10_000, decimals: 0, what: 'uses' }, f.display, diagnostics);
        const minutes = numberIn(r.get('minutes'), MINUTES, f.display, diagnostics);
        if (uses === undefined && r.get('uses')?.text === '')
          required(r.get('uses'), 'uses', 'write 0 when the workflow was not done with AI since the last session', f.display, r.line, diagnostics);
        if (uses !== undefined && uses > 0 && minutes === undefined && r.get('minutes')?.text === '')
          required(r.get('minutes'), 'minutes', `uses is ${uses}, so the minutes one occurrence takes now are needed`, f.display, r.line, diagnostics);
        const blockerCell = r.get('blockers')!;
        const blockers: Blocker[] = [];
        for (const code of blockerCell.text
          .split(';')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean)) {
          if ((BLOCKER_CODES as readonly string[]).includes(code)) {
            if (!blockers.includes(code as Blocker)) blockers.push(code as Blocker);
          } else
            diagnostics.push(
              diag(
                'report/bad-number',
                'code',
                { value: shown(code), what: 'blockers', allowed: BLOCKER_CODES.join(', ') },
                f.display,
                blockerCell.line,
                blockerCell.column,
              ),
            );
        }
        const corrected = r.get('corrected')!;
        if (corrected.text && !/^(yes|no)$/i.test(corrected.text))
          diagnostics.push(
            diag(
              'report/bad-number',
              'code',
              { value: shown(corrected.text), what: 'corrected', allowed: 'yes, no' },
              f.display,
              corrected.line,
              corrected.column,
            ),
          );
        if (diagnostics.length > before || uses === undefined) continue;
        rows.push({ who: r.get('participant')!.text, workflow: r.get('workflow')!.text, minutes, uses, blockers });
      }
      lowResponse(f, new Set(rows.map((r) => r.who)).size, `check-in ${c.number}`);
    }
    const respondents = new Set(rows.map((r) => r.who)).size;
    const suppressedAll = respondents < minGroup;
    let hoursTotal = 0;
    const workflows = p.workflows.map((w): WorkflowResult => {
      const mine = rows.filter((r) => r.workflow === w.id);
      const using = mine.filter((r) => r.uses >= 1);
      const n = mine.length;
      const suppressed = n < minGroup;
      const baseMinutes = [...base.values()].map((m) => m.get(w.id)?.minutes).filter((x): x is number => x !== undefined);
      let s = 0;
      let paired = 0;
      let atTarget = 0;
      for (const u of using) {
        const b = base.get(u.who)?.get(w.id);
        if (!b || u.minutes === undefined) continue;
        s += (b.minutes - u.minutes) * b.perMonth;
        paired++;
        // The role's target as a share of its baseline, applied to the participant's own baseline.
        if (w.baseline && w.target_minutes !== undefined && u.minutes * w.baseline.minutes <= b.minutes * w.target_minutes) atTarget++;
      }
      const hasTarget = Boolean(w.baseline && w.target_minutes !== undefined);
      if (!suppressed) hoursTotal += s;
      return {
        id: w.id,
        title: w.title,
        respondents: n,
        using: suppressed ? null : using.length,
        adoption: suppressed || !n ? null : roundDiv(using.length, n, 2),
        baseline_median: suppressed ? null : median(baseMinutes),
        now_median: suppressed ? null : median(using.flatMap((u) => (u.minutes === undefined ? [] : [u.minutes]))),
        hours_reclaimed_per_month: suppressed ? null : roundDiv(s, 6000, 1),
        at_target: suppressed || !hasTarget ? null : atTarget,
        target_attainment: suppressed || !hasTarget || !paired ? null : roundDiv(atTarget, paired, 2),
        suppressed,
      };
    });
    const blockers = Object.fromEntries(BLOCKER_CODES.map((code) => [code, rows.filter((r) => r.blockers.includes(code)).length])) as Record<Blocker, number>;
    checkIns.push({
      n: c.number,
      after_days: c.afterDays,
      respondents,
      hours_reclaimed_per_month: suppressedAll ? null : roundDiv(hoursTotal, 6000, 1),
      blockers: suppressedAll ? null : blockers,
      suppressed: suppressedAll,
      workflows,
    });
  }

  const pulse: ReportData['pulse'] = [];
  for (const s of p.sessions) {
    const f = responses.pulses.get(s.number);
    const useful: number[] = [];
    const recommend: number[] = [];
    let respondents = 0;
    if (f) {
      const parsed = readFile(f, FORM_HEADERS.pulse);
      diagnostics.push(...parsed.diagnostics);
      for (const r of keyed(f, parsed.rows, undefined)) {
        const u = numberIn(r.get('useful'), { min: 1, max: 5, decimals: 0, what: 'useful' }, f.display, diagnostics);
        const rec = numberIn(r.get('recommend'), { min: 0, max: 10, decimals: 0, what: 'recommend' }, f.display, diagnostics);
        if (u === undefined && rec === undefined) continue;
        respondents++;
        if (u !== undefined) useful.push(u);
        if (rec !== undefined) recommend.push(rec);
      }
      lowResponse(f, respondents, `the pulse of session ${s.number}`);
    }
    const suppressed = respondents < minGroup;
    const mean = (xs: number[]) =>
      suppressed || !xs.length
        ? null
        : roundDiv(
            xs.reduce((a, b) => a + b, 0),
            xs.length,
            1,
          );
    pulse.push({ session: s.number, respondents, useful_mean: mean(useful), recommend_mean: mean(recommend), suppressed });
  }

  const questions = skillsQuestions(p);
  const qIds = new Set(questions.map((q) => q.id));
  const score = (f: ResponseFile | undefined, phase: string) => {
    const correct = new Map<string, number>();
    const people = new Set<string>();
    if (f) {
      const parsed = readFile(f, FORM_HEADERS.skills);
      diagnostics.push(...parsed.diagnostics);
      for (const r of keyed(f, parsed.rows, 'question')) {
        const q = r.get('question')!;
        const a = r.get('answer')!;
        if (!qIds.has(q.text)) {
          diagnostics.push(diag('report/unknown-workflow', 'question', { id: shown(q.text), count: questions.length }, f.display, q.line, q.column));
          continue;
        }
        if (a.text === '') continue;
        if (!OPTION_LETTERS.includes(a.text.toLowerCase())) {
          diagnostics.push(diag('report/bad-number', 'code', { value: shown(a.text), what: 'answer', allowed: 'a, b, c, d' }, f.display, a.line, a.column));
          continue;
        }
        people.add(r.get('participant')!.text);
        const question = questions.find((x) => x.id === q.text)!;
        if (OPTION_LETTERS.indexOf(a.text.toLowerCase()) === question.correct) correct.set(q.text, (correct.get(q.text) ?? 0) + 1);
      }
      lowResponse(f, people.size, `the ${phase} skills check`);
    }
    const n = people.size;
    const suppressed = n < minGroup;
    const total = [...correct.values()].reduce((a, b) => a + b, 0);
    return {
      summary: { respondents: n, mean_score: suppressed || !n ? null : roundDiv(total, n * questions.length, 2), suppressed },
      rate: (id: string) => (suppressed || !n ? null : roundDiv(correct.get(id) ?? 0, n, 2)),
    };
  };
  const pre = score(responses.skillsPre, 'pre');
  const post = score(responses.skillsPost, 'post');

  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const baseRespondents = base.size;
  const data: ReportData = {
    programme: p.id,
    title: p.title,
    role: p.role.id,
    group_size: p.groupSize,
    min_group: minGroup,
    baseline: {
      respondents: baseRespondents,
      suppressed: baseRespondents < minGroup,
      workflows: p.workflows.map((w) => {
        const rows = [...base.values()].map((m) => m.get(w.id)).filter((x) => x !== undefined);
        const suppressed = rows.length < minGroup;
        return {
          id: w.id,
          title: w.title,
          respondents: rows.length,
          minutes_median: suppressed ? null : median(rows.map((r) => r.minutes)),
          confidence_median: suppressed ? null : median(rows.flatMap((r) => (r.confidence === undefined ? [] : [r.confidence]))),
          suppressed,
        };
      }),
    },
    check_ins: checkIns,
    pulse,
    skills: {
      questions: questions.length,
      pre: pre.summary,
      post: post.summary,
      per_question: questions.map((q) => ({ id: q.id, pre_correct_rate: pre.rate(q.id), post_correct_rate: post.rate(q.id) })),
    },
  };
  return { data, diagnostics };
}
