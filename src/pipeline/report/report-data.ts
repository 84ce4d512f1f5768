import type { Diagnostic, Severity } from '../../model/diagnostics.js';
import { parseCsv } from '../load/csv.js';
import { BLOCKER_CODES, CHECK_IN_OPTIONAL, FORM_HEADERS } from '../render/forms.js';
import { OPTION_LETTERS } from '../render/skills.js';
import type { ReportSpec } from '../render/report-spec.js';
import { findRealLooking } from '../../rules/data/real-looking-example.js';
import { reportAt } from '../lint/lint.js';
import { partnerFor, splitShown } from './suppress.js';

/**
 * cocoon report, the pure part: filled forms (CSV bytes) → diagnostics, or the numbers of report.json.
 *
 * Privacy is decided here, once. Every number is let out through `Gate.publish(people, …)`, which
 * returns null unless at least `min_group` distinct people stand behind it; the pages receive only
 * `ReportData`, never a row, so they can print nothing that did not survive (docs/report.md,
 * "Suppression"). A count of people with an answer leaves only when `splitShown` (./suppress.ts, the
 * rule `cocoon evidence` uses too) says neither it nor its complement is small. A check-in's totals and
 * blocker tallies add up only the workflow groups that are shown, so no total minus what is shown can
 * reveal a hidden group.
 *
 * Every number is computed with integers (BigInt for money) and rounded half away from zero at the
 * end, so the result does not depend on the order of the rows or on floating-point sums
 * (tests/report/sql.test.ts recomputes each one in SQLite and compares exactly).
 */

type Blocker = (typeof BLOCKER_CODES)[number];

/** A published number: null when fewer than min_group people stand behind it, or nothing was counted. */
export type Published = number | null;

interface WorkflowResult {
  id: string;
  title: string;
  respondents: number;
  using: Published;
  adoption: Published;
  uses_per_month: Published;
  baseline_median: Published;
  now_median: Published;
  hours_reclaimed_per_month: Published;
  hours_potential_per_month: Published;
  corrected_share: Published;
  at_target: Published;
  target_attainment: Published;
  suppressed: boolean;
}

interface CheckInResult {
  n: number;
  after_days: number;
  days_covered: number;
  respondents: number;
  hours_reclaimed_per_month: Published;
  hours_potential_per_month: Published;
  blockers: Record<Blocker, Published> | null;
  suppressed: boolean;
  workflows: WorkflowResult[];
}

interface QuestionResult {
  id: string;
  pre_correct_rate: Published;
  post_correct_rate: Published;
  /** Corrected item–total (point-biserial) correlation in the post sitting. */
  discrimination: Published;
  /** Everyone who sat the pre check got it right: it measures nothing the programme taught. */
  everyone_right_before: boolean | null;
}

export interface Roi {
  currency: string;
  hourly_cost: number;
  cost: number;
  benefit_per_year: number;
  net: number;
  roi_percent: Published;
  benefit_cost_ratio: Published;
  adjusted: boolean;
  attribution: number;
  estimate_confidence: number;
  hours_per_month: number;
  check_in: number;
  /** What the participants' time is counted from: the attended person-sessions, or group size × sessions. */
  cost_basis: 'attendance' | 'group-size';
  /** Participant hours in the sessions that the cost counts. */
  participant_hours: number;
  if_use_halves: { benefit_per_year: number; net: number; roi_percent: Published };
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
    workflows: { id: string; title: string; respondents: number; minutes_median: Published; confidence_median: Published; suppressed: boolean }[];
  };
  check_ins: CheckInResult[];
  pulse: { session: number; respondents: number; useful_mean: Published; recommend_mean: Published; suppressed: boolean }[];
  /** attendance.csv: people marked for each session, and how many of them attended (a count from at least min_group people). */
  attendance: { session: number; marked: number; attended: Published; suppressed: boolean }[];
  skills: {
    questions: number;
    pre: { respondents: number; mean_score: Published; suppressed: boolean };
    post: { respondents: number; mean_score: Published; suppressed: boolean };
    /** (post − pre) ÷ (1 − pre), with the mean scores as shares. */
    normalised_gain: Published;
    per_question: QuestionResult[];
  };
  /** Cost and return (Phillips); null without org.hourly_cost, or before a check-in's hours are shown. */
  roi: Roi | null;
  /** Why roi is null, in a few words the pages turn into a sentence. */
  roi_missing?: 'no-hourly-cost' | 'no-hours';
}

/** What the money needs from cocoon.yaml: org.hourly_cost, org.currency, the programme's costs. */
export interface Money {
  currency: string;
  hourly_cost: number;
  facilitator_hours: number;
  other: number;
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
  return /^[\w.,;:+\-=@%/]{0,40}$/u.test(one) || /^[\w.,;:+\-=@%/ ]{0,12}$/u.test(one) ? one : `a text of ${[...one].length} characters`;
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
export function readFile(f: ResponseFile, header: readonly string[], optional: readonly string[] = []): Parsed {
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
  const missing = header.filter((h) => !names.includes(h) && !optional.includes(h));
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

/** The one door numbers leave by: a value from at least `min` distinct people, or null. */
class Gate {
  constructor(readonly min: number) {}
  publish(people: number, value: () => number | null): Published {
    return people >= this.min ? value() : null;
  }
  /**
   * `yes` people of `of` who answered: a count (or a share of `of`) that is shown only when neither
   * the people who did nor those who did not are a small group (complementary suppression).
   */
  split(yes: number, of: number, value: () => number | null): Published {
    return of >= this.min && splitShown(yes, of, this.min) ? value() : null;
  }
}

export interface Responses {
  baseline?: ResponseFile;
  checkIns: Map<number, ResponseFile>;
  pulses: Map<number, ResponseFile>;
  skillsPre?: ResponseFile;
  skillsPost?: ResponseFile;
  attendance?: ResponseFile;
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

export function computeReport(spec: ReportSpec, responses: Responses, minGroup: number, money?: Money): { data?: ReportData; diagnostics: Diagnostic[] } {
  const result = computeAll(spec, responses, minGroup, money);
  return { ...result, diagnostics: capPerFile(result.diagnostics) };
}

interface CheckInRow {
  who: string;
  workflow: string;
  minutes?: number;
  uses: number;
  blockers: Blocker[];
  corrected?: boolean;
  attribution?: number;
  confidence?: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const big = (x: number) => BigInt(Math.round(x));
/** round(a / b) in whole units, half away from zero, for BigInt cents. */
function roundBig(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a;
  const y = b < 0n ? -b : b;
  const q = (2n * x + y) / (2n * y);
  return neg ? -q : q;
}
const cents = (c: bigint) => Number(c) / 100;

function computeAll(spec: ReportSpec, responses: Responses, minGroup: number, money?: Money): { data?: ReportData; diagnostics: Diagnostic[] } {
  const gate = new Gate(minGroup);
  const diagnostics: Diagnostic[] = [];
  const workflowIds = new Set(spec.workflows.map((w) => w.id));
  const lowResponse = (f: ResponseFile, respondents: number, what: string) => {
    // A file with errors is reported for them; counting its answers would only add noise.
    if (diagnostics.some((d) => d.file === f.display && d.severity === 'error')) return;
    if (respondents * 2 < spec.group_size) diagnostics.push(diag('report/low-response', 'low', { what, respondents, group: spec.group_size }, f.display, 1, 1));
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
              { id: shown(w?.text ?? ''), programme: spec.programme, known: [...workflowIds].join(', ') },
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
  const baselineWorkflows = spec.workflows.map((w) => {
    const rows = [...base.values()].map((m) => m.get(w.id)).filter((x) => x !== undefined);
    const confidences = rows.flatMap((r) => (r.confidence === undefined ? [] : [r.confidence]));
    return {
      id: w.id,
      title: w.title,
      respondents: rows.length,
      minutes_median: gate.publish(rows.length, () => median(rows.map((r) => r.minutes))),
      confidence_median: gate.publish(rows.length, () => gate.publish(confidences.length, () => median(confidences))),
      suppressed: rows.length < minGroup,
    };
  });

  const checkIns: CheckInResult[] = [];
  /** The rows behind each check-in's shown groups: what the cost and return may draw on. */
  const shownRows = new Map<number, CheckInRow[]>();
  let previousDays = 0;
  for (const c of spec.check_ins) {
    // The days this check-in covers: since the last session, or since the check-in before.
    const days = c.after_days > previousDays ? c.after_days - previousDays : c.after_days;
    previousDays = c.after_days;
    const f = responses.checkIns.get(c.number);
    const rows: CheckInRow[] = [];
    if (f) {
      const parsed = readFile(f, FORM_HEADERS.checkIn, CHECK_IN_OPTIONAL);
      diagnostics.push(...parsed.diagnostics);
      for (const r of keyed(f, parsed.rows, 'workflow')) {
        const before = diagnostics.length;
        const uses = numberIn(r.get('uses'), { min: 0, max: 10_000, decimals: 0, what: 'uses' }, f.display, diagnostics);
        const minutes = numberIn(r.get('minutes'), MINUTES, f.display, diagnostics);
        const attribution = numberIn(r.get('attribution'), { min: 0, max: 100, decimals: 0, what: 'attribution' }, f.display, diagnostics);
        const confidence = numberIn(r.get('estimate_confidence'), { min: 0, max: 100, decimals: 0, what: 'estimate_confidence' }, f.display, diagnostics);
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
        rows.push({
          who: r.get('participant')!.text,
          workflow: r.get('workflow')!.text,
          minutes,
          uses,
          blockers,
          corrected: corrected.text ? corrected.text.toLowerCase() === 'yes' : undefined,
          attribution,
          confidence,
        });
      }
      lowResponse(f, new Set(rows.map((r) => r.who)).size, `check-in ${c.number}`);
    }
    const respondents = new Set(rows.map((r) => r.who)).size;
    let realTotal = 0;
    let potentialTotal = 0;
    let anyHours = false;
    const shownHere: CheckInRow[] = [];
    const workflows = spec.workflows.map((w, wi): WorkflowResult => {
      const mine = rows.filter((r) => r.workflow === w.id);
      const using = mine.filter((r) => r.uses >= 1);
      // The group is hidden whole when too few answered or too few use AI for it: every figure in its
      // row would be drawn from them.
      const suppressed = mine.length < minGroup || using.length < minGroup;
      if (!suppressed) shownHere.push(...mine);
      const nowMinutes = using.flatMap((u) => (u.minutes === undefined ? [] : [u.minutes]));
      let real = 0;
      let potential = 0;
      let usesNum = 0;
      let paired = 0;
      let atTarget = 0;
      const hasTarget = w.baseline_minutes !== undefined && w.target_minutes !== undefined;
      for (const u of using) {
        const b = base.get(u.who)?.get(w.id);
        if (!b || u.minutes === undefined) continue;
        // uses_per_month = uses × 30 ÷ days, capped at the baseline per_month; in units of 1 ÷ (100 × days).
        const perMonth = Math.min(u.uses * 3000, b.perMonth * days);
        usesNum += perMonth;
        real += (b.minutes - u.minutes) * perMonth;
        potential += (b.minutes - u.minutes) * b.perMonth;
        paired++;
        // The role's target as a share of its baseline, applied to the participant's own baseline.
        if (hasTarget && u.minutes * w.baseline_minutes! <= b.minutes * w.target_minutes!) atTarget++;
      }
      const show = (people: number, value: () => number | null) => (suppressed ? null : gate.publish(people, value));
      const hours = show(paired, () => roundDiv(real, days * 6000, 1));
      if (hours !== null) {
        realTotal += real;
        potentialTotal += potential;
        anyHours = true;
      }
      const corrected = using.filter((u) => u.corrected === true).length;
      // Users and non-users add up to the respondents, which are shown: the count of users leaves only
      // when the non-users are not a small group either (respondents − using would give them away).
      const usingShown = !suppressed && splitShown(using.length, mine.length, minGroup);
      const at = hasTarget ? show(paired, () => gate.split(atTarget, paired, () => atTarget)) : null;
      return {
        id: w.id,
        title: w.title,
        respondents: mine.length,
        using: usingShown ? using.length : null,
        adoption: usingShown ? roundDiv(using.length, mine.length, 2) : null,
        uses_per_month: show(paired, () => roundDiv(usesNum, days * 100, 1)),
        baseline_median: suppressed ? null : baselineWorkflows[wi]!.minutes_median,
        now_median: show(nowMinutes.length, () => median(nowMinutes)),
        hours_reclaimed_per_month: hours,
        hours_potential_per_month: show(paired, () => roundDiv(potential, 6000, 1)),
        corrected_share: show(using.length, () => gate.split(corrected, using.length, () => roundDiv(corrected, using.length, 2))),
        at_target: at,
        // at_target ÷ target_attainment is the number of users with a baseline: shown only beside a shown `using`.
        target_attainment: at === null || !usingShown ? null : roundDiv(atTarget, paired, 2),
        suppressed,
      };
    });
    shownRows.set(c.number, shownHere);
    const checkInShown = respondents >= minGroup;
    // Blocker tallies: distinct people citing the code in a shown group, out of the distinct people in
    // the shown groups; neither those who named it nor those who did not may be a small group.
    const shownPeople = new Set(shownHere.map((r) => r.who)).size;
    const blockers = Object.fromEntries(
      BLOCKER_CODES.map((code) => {
        const named = new Set(shownHere.filter((r) => r.blockers.includes(code)).map((r) => r.who)).size;
        return [code, gate.split(named, shownPeople, () => named)];
      }),
    ) as Record<Blocker, Published>;
    checkIns.push({
      n: c.number,
      after_days: c.after_days,
      days_covered: days,
      respondents,
      hours_reclaimed_per_month: checkInShown && anyHours ? roundDiv(realTotal, days * 6000, 1) : null,
      hours_potential_per_month: checkInShown && anyHours ? roundDiv(potentialTotal, 6000, 1) : null,
      blockers: checkInShown ? blockers : null,
      suppressed: !checkInShown,
      workflows,
    });
  }

  const pulse: ReportData['pulse'] = [];
  for (const s of spec.sessions) {
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
    // Each mean is from the people who gave that answer: a single rater's score is never a "mean".
    const mean = (xs: number[]) => (suppressed ? null : gate.publish(xs.length, () => roundDiv(sum(xs), xs.length, 1)));
    pulse.push({ session: s.number, respondents, useful_mean: mean(useful), recommend_mean: mean(recommend), suppressed });
  }

  const attendance: ReportData['attendance'] = [];
  {
    const f = responses.attendance;
    const marks = new Map<number, { who: string; yes: boolean }[]>();
    if (f) {
      const parsed = readFile(f, FORM_HEADERS.attendance);
      diagnostics.push(...parsed.diagnostics);
      const seen = new Map<string, number>();
      const sessions = new Set(spec.sessions.map((s) => String(s.number)));
      for (const r of parsed.rows) {
        const s = r.get('session')!;
        const a = r.get('attended')!;
        if (a.text === '') continue;
        if (!sessions.has(s.text)) {
          diagnostics.push(
            diag('report/bad-number', 'code', { value: shown(s.text), what: 'session', allowed: [...sessions].join(', ') }, f.display, s.line, s.column),
          );
          continue;
        }
        if (!/^(yes|no)$/i.test(a.text)) {
          diagnostics.push(diag('report/bad-number', 'code', { value: shown(a.text), what: 'attended', allowed: 'yes, no' }, f.display, a.line, a.column));
          continue;
        }
        const who = r.get('participant')!.text;
        const key = `${who}\0${s.text}`;
        if (seen.has(key)) {
          diagnostics.push(
            diag('report/duplicate-row', 'duplicate', { participant: who, what: ` and session ${s.text}`, first: seen.get(key)! }, f.display, r.line, 1),
          );
          continue;
        }
        seen.set(key, r.line);
        const n = Number(s.text);
        if (!marks.has(n)) marks.set(n, []);
        marks.get(n)!.push({ who, yes: a.text.toLowerCase() === 'yes' });
      }
    }
    for (const s of spec.sessions) {
      const m = marks.get(s.number) ?? [];
      attendance.push({
        session: s.number,
        marked: m.length,
        attended: gate.split(m.filter((x) => x.yes).length, m.length, () => m.filter((x) => x.yes).length),
        suppressed: m.length < minGroup,
      });
    }
  }

  const questions = spec.questions;
  const qIds = new Set(questions.map((q) => q.id));
  /** A sitting: participant → the questions they got right. */
  const sitting = (f: ResponseFile | undefined, phase: string) => {
    const right = new Map<string, Set<string>>();
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
        const who = r.get('participant')!.text;
        if (!right.has(who)) right.set(who, new Set());
        if (a.text.toLowerCase() === questions.find((x) => x.id === q.text)!.answer) right.get(who)!.add(q.text);
      }
      lowResponse(f, right.size, `the ${phase} skills check`);
    }
    const n = right.size;
    const total = sum([...right.values()].map((s) => s.size));
    const counts = questions.map((q) => [...right.values()].filter((s) => s.has(q.id)).length);
    const shownRate = counts.map((c) => n >= minGroup && splitShown(c, n, minGroup));
    // "Everyone right before" pins a question's count (all n) even where its rate is hidden.
    const pinned = counts.map((c, i) => shownRate[i]! || (phase === 'pre' && c === n));
    // The mean score adds up every question's right answers: one question left unreadable would be the
    // total minus the rest, so a second one is hidden with it (or, if none can be, the mean goes).
    const partner = partnerFor(
      pinned.map((p) => !p),
      counts,
      shownRate.map((x, i) => x && !(phase === 'pre' && counts[i] === n)),
    );
    for (const i of partner ?? []) shownRate[i] = false;
    const meanShown = n >= minGroup && partner !== null;
    const index = new Map(questions.map((q, i) => [q.id, i]));
    return {
      n,
      total,
      right,
      meanShown,
      summary: {
        respondents: n,
        mean_score: meanShown && questions.length ? roundDiv(total, n * questions.length, 2) : null,
        suppressed: n < minGroup,
      },
      rate: (id: string) => (shownRate[index.get(id)!] ? roundDiv(counts[index.get(id)!]!, n, 2) : null),
      shown: (id: string) => shownRate[index.get(id)!]!,
      all: (id: string) => (n >= minGroup ? counts[index.get(id)!] === n : null),
    };
  };
  const pre = sitting(responses.skillsPre, 'pre');
  const post = sitting(responses.skillsPost, 'post');
  const Q = questions.length;
  const normalisedGain =
    pre.meanShown && post.meanShown && Q * pre.n > pre.total ? roundDiv(post.total * pre.n - pre.total * post.n, post.n * (Q * pre.n - pre.total), 2) : null;

  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const roi = costAndReturn(spec, checkIns, shownRows, attendance, gate, money);
  const data: ReportData = {
    programme: spec.programme,
    title: spec.title,
    role: spec.role,
    group_size: spec.group_size,
    min_group: minGroup,
    baseline: { respondents: base.size, suppressed: base.size < minGroup, workflows: baselineWorkflows },
    check_ins: checkIns,
    pulse,
    attendance,
    skills: {
      questions: Q,
      pre: pre.summary,
      post: post.summary,
      normalised_gain: normalisedGain,
      per_question: questions.map((q) => ({
        id: q.id,
        pre_correct_rate: pre.rate(q.id),
        post_correct_rate: post.rate(q.id),
        discrimination: post.shown(q.id) ? discrimination(q.id, post.right) : null,
        everyone_right_before: pre.all(q.id),
      })),
    },
    roi: 'roi' in roi ? roi.roi : null,
    ...('missing' in roi ? { roi_missing: roi.missing } : {}),
  };
  return { data, diagnostics };
}

/** Corrected item–total correlation: the item (0/1) against the rest of the score; null when either does not vary. */
function discrimination(id: string, right: ReadonlyMap<string, ReadonlySet<string>>): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of right.values()) {
    const x = s.has(id) ? 1 : 0;
    xs.push(x);
    ys.push(s.size - x);
  }
  const n = xs.length;
  const mx = sum(xs) / n;
  const my = sum(ys) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return (Math.sign(r) * Math.round(Math.abs(r) * 100)) / 100 || 0;
}

/**
 * Phillips ROI: cost = participants' minutes in the sessions ÷ 60 × hourly_cost + facilitator_hours ×
 * hourly_cost + other, the minutes being Σ attended × session minutes when attendance.csv marks every
 * session and every attended count is shown (a hidden count must not be worked out from the cost),
 * else group size × Σ session minutes; benefit a year = the latest shown realised hours a month × 12 × hourly_cost ×
 * attribution × estimate_confidence (means of the answers in the shown groups, when at least
 * min_group people gave them; otherwise 1 and adjusted: false). Money in BigInt cents.
 */
function costAndReturn(
  spec: ReportSpec,
  checkIns: readonly CheckInResult[],
  shownRows: ReadonlyMap<number, CheckInRow[]>,
  attendance: ReportData['attendance'],
  gate: Gate,
  money: Money | undefined,
): { roi: Roi } | { missing: 'no-hourly-cost' | 'no-hours' } {
  if (!money) return { missing: 'no-hourly-cost' };
  const last = [...checkIns].reverse().find((c) => c.hours_reclaimed_per_month !== null);
  if (!last) return { missing: 'no-hours' };
  const rows = (shownRows.get(last.n) ?? []).filter((r) => r.uses >= 1);
  const factor = (pick: (r: CheckInRow) => number | undefined) => {
    const answers = rows.flatMap((r) => (pick(r) === undefined ? [] : [{ who: r.who, v: pick(r)! }]));
    const people = new Set(answers.map((a) => a.who)).size;
    return gate.publish(people, () => roundDiv(sum(answers.map((a) => a.v)), answers.length, 0));
  };
  const attribution = factor((r) => r.attribution);
  const confidence = factor((r) => r.confidence);
  const adjusted = attribution !== null && confidence !== null;
  const a = BigInt(adjusted ? attribution : 100);
  const c = BigInt(adjusted ? confidence : 100);
  const hc = big(money.hourly_cost * 100);
  const fromAttendance = attendance.some((a) => a.marked > 0) && attendance.every((a) => a.attended !== null);
  const minutesOf = (n: number) => spec.sessions.find((s) => s.number === n)?.minutes ?? 0;
  // Participant-minutes in the sessions.
  const personMinutes = BigInt(
    fromAttendance ? sum(attendance.map((a) => a.attended! * minutesOf(a.session))) : spec.group_size * sum(spec.sessions.map((s) => s.minutes)),
  );
  const costCents = roundBig(personMinutes * hc * 100n + big(money.facilitator_hours * 100) * hc * 60n + big(money.other * 100) * 6000n, 6000n);
  const hours10 = big(last.hours_reclaimed_per_month! * 10);
  const benefitCents = roundBig(hours10 * 12n * hc * a * c, 10n * 100n * 100n);
  const halfCents = roundBig(benefitCents, 2n);
  const pct = (net: bigint) => (costCents === 0n ? null : Number(roundBig(net * 100n, costCents)));
  return {
    roi: {
      currency: money.currency,
      hourly_cost: money.hourly_cost,
      cost: cents(costCents),
      benefit_per_year: cents(benefitCents),
      net: cents(benefitCents - costCents),
      roi_percent: pct(benefitCents - costCents),
      benefit_cost_ratio: costCents === 0n ? null : Number(roundBig(benefitCents * 100n, costCents)) / 100,
      adjusted,
      attribution: Number(a) / 100,
      estimate_confidence: Number(c) / 100,
      hours_per_month: last.hours_reclaimed_per_month!,
      check_in: last.n,
      cost_basis: fromAttendance ? 'attendance' : 'group-size',
      participant_hours: roundDiv(Number(personMinutes), 60, 1),
      if_use_halves: { benefit_per_year: cents(halfCents), net: cents(halfCents - costCents), roi_percent: pct(halfCents - costCents) },
    },
  };
}
