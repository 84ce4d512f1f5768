import type { Workflow } from '../../model/model.js';
import type { PlannedBlock, PlannedProgramme, PlannedSession } from '../plan/plan.js';
import type { SkillsQuestion } from '../render/skills.js';
import { hiddenCells, isSmall, splitShown } from '../report/suppress.js';

/**
 * cocoon evidence, the pure part: a planned programme (and, when they exist, its attendance and skills
 * records) → the AI-literacy record of the measures the organisation took (EU AI Act Art. 4; ISO/IEC
 * 42001 7.2 and 7.3). Facts only: which risk is taught in which block at what time, and how it is
 * checked. Every sentence around them is in templates/md/evidence.md.hbs.
 *
 * "Taught" is defined once, here: a workflow's risk is taught in every demo, exercise or failure-gallery
 * block of that workflow; a data-policy item in session 1's norms block (the data rules are also on
 * every participant handout). "Checked" means the workflow has a check, a verify list or a skills-check
 * item, or — for a data-policy item — a skills-check item whose options name it.
 */

const TEACHING_KINDS: ReadonlySet<string> = new Set(['demo', 'exercise', 'failure-gallery']);

interface Taught {
  session: number;
  session_title: string;
  block: string;
  kind: string;
  /** Local date, when the programme has a start date. */
  date: string | null;
  start: string;
  end: string;
  minutes: number;
}

interface RiskRow {
  risk: string;
  source: 'workflow' | 'data-policy';
  /** The workflow's check that answers this risk best (shared words), or null when none does. */
  goal_check: string | null;
  taught: Taught[];
  checked_by: { checks: string[]; verify: string[]; skills_items: string[] };
  status: 'taught-and-checked' | 'not-taught' | 'not-checked';
}

interface MatrixWorkflow {
  id: string;
  title: string;
  tools: string[];
  risks: RiskRow[];
}

interface Gap {
  kind: 'untaught-risk' | 'unchecked-risk' | 'no-tools' | 'tool-without-session' | 'incomplete-record' | 'no-records';
  what: string;
  /** Where it comes from: a workflow id, a tool name, a participant count. */
  ref: string;
}

/** A count that is null, with suppressed: true, when drawn from fewer than min_group people. */
interface Count {
  value: number | null;
  suppressed: boolean;
}

export interface EvidenceRecords {
  min_group: number;
  /** Whether the pack has filled attendance (responses/attendance.csv) and skills (skills-pre/post.csv) files. */
  attendance_file: boolean;
  skills_files: boolean;
  participants: Count;
  attended_all: Count;
  attended_some: Count;
  attended_none: Count;
  /** Participants with both a pre and a post skills check. */
  skills_pairs: Count;
  skills_pre_mean: number | null;
  skills_post_mean: number | null;
  skills_questions: number;
  /** Participants without a complete record (not at every session, or without both skills checks). */
  incomplete: Count;
}

export interface EvidenceData {
  programme: string;
  title: string;
  organisation: string | null;
  ai_act_role: 'deployer' | 'provider';
  scope: {
    tools: string[];
    roles: { id: string; name: string; audience: string[]; headcount: number }[];
  };
  matrix: MatrixWorkflow[];
  data_policy: RiskRow[];
  measures: {
    sessions: {
      number: number;
      title: string;
      date: string | null;
      start: string;
      end: string;
      minutes: number;
      workflows: string[];
      practice: string[];
      leader_block: boolean;
    }[];
    check_ins: { number: number; after_days: number; date: string | null }[];
    facilitators: string[];
    owner: string | null;
    sponsor: string | null;
  };
  records: EvidenceRecords;
  review: { months: number; after: string; date: string | null; last_check_in_date: string | null };
  gaps: Gap[];
}

const person = (p?: { name: string; title?: string; team?: string; tbd?: boolean }): string | null =>
  p && !p.tbd ? [p.name, p.title ?? p.team].filter(Boolean).join(', ') : null;

const taughtAt = (s: PlannedSession, b: PlannedBlock): Taught => ({
  session: s.number,
  session_title: s.title,
  block: b.title,
  kind: b.kind,
  date: s.date ?? null,
  start: b.start,
  end: b.end,
  minutes: b.minutes,
});

/** Content words of a sentence, cut to five letters so "invents" meets "invented". */
const stems = (s: string): Set<string> =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 4 && !STOP.has(w))
      .map((w) => w.slice(0, 5)),
  );
const STOP: ReadonlySet<string> = new Set([
  'that',
  'this',
  'with',
  'from',
  'into',
  'every',
  'each',
  'than',
  'they',
  'their',
  'there',
  'when',
  'what',
  'nobody',
  'anyone',
]);

/** The check sharing the most content words with the risk (the first on a tie), or null. */
function goalCheck(risk: string, checks: readonly string[]): string | null {
  const r = stems(risk);
  let best: string | null = null;
  let score = 0;
  for (const c of checks) {
    let n = 0;
    for (const w of stems(c)) if (r.has(w)) n++;
    if (n > score) [best, score] = [c, n];
  }
  return best;
}

function workflowRow(w: Workflow, risk: string, taught: Taught[], skills: string[]): RiskRow {
  const checks = w.checks ?? [];
  const verify = (w.prompts ?? []).flatMap((p) => p.verify ?? []);
  const checked = checks.length + verify.length + skills.length > 0;
  return {
    risk,
    source: 'workflow',
    goal_check: goalCheck(risk, checks),
    taught,
    checked_by: { checks: [...checks], verify, skills_items: skills },
    status: !taught.length ? 'not-taught' : checked ? 'taught-and-checked' : 'not-checked',
  };
}

/** The blocks that teach each workflow, in session order. */
function teachingBlocks(p: PlannedProgramme): Map<string, Taught[]> {
  const by = new Map<string, Taught[]>();
  for (const s of p.sessions)
    for (const b of s.blocks) {
      const ids = b.kind === 'failure-gallery' ? (b.gallery ?? []).map((g) => g.workflow.id) : b.workflowId ? [b.workflowId] : [];
      for (const id of new Set(ids)) if (TEACHING_KINDS.has(b.kind)) by.set(id, [...(by.get(id) ?? []), taughtAt(s, b)]);
    }
  return by;
}

export interface RecordsInput {
  /** participant → the session numbers they attended (yes), from responses/attendance.csv. */
  attendance?: Map<string, Set<number>>;
  /** participant → score, from responses/skills-pre.csv and skills-post.csv. */
  skillsPre?: Map<string, number>;
  skillsPost?: Map<string, number>;
}

/** Round half away from zero to one decimal. */
const one = (n: number): number => (Math.sign(n) * Math.round(Math.abs(n) * 10)) / 10 || 0;

/**
 * Counts only, with the report's rule (../report/suppress.ts, docs/report.md "Suppression"): a small
 * count is hidden, and the three attendance counts, which add up to the participants, are one table,
 * so when one is hidden the next smallest is hidden too until the total cannot give them away.
 */
export function evidenceRecords(sessions: number, questions: number, input: RecordsInput, minGroup: number): EvidenceRecords {
  const cell = (n: number, hidden: boolean): Count => (hidden ? { value: null, suppressed: true } : { value: n, suppressed: false });
  const people = new Set<string>([...(input.attendance?.keys() ?? []), ...(input.skillsPre?.keys() ?? []), ...(input.skillsPost?.keys() ?? [])]);
  const total = sessions;
  let all = 0;
  let some = 0;
  let none = 0;
  let incomplete = 0;
  const pairs: [number, number][] = [];
  for (const id of [...people].sort()) {
    const n = input.attendance?.get(id)?.size ?? 0;
    if (n >= total) all++;
    else if (n > 0) some++;
    else none++;
    const pre = input.skillsPre?.get(id);
    const post = input.skillsPost?.get(id);
    if (pre !== undefined && post !== undefined) pairs.push([pre, post]);
    // Complete: at every session (when attendance is recorded) and checked before and after (when skills are).
    if ((input.attendance && n < total) || ((input.skillsPre || input.skillsPost) && (pre === undefined || post === undefined))) incomplete++;
  }
  const raw = [all, some, none];
  const hidden = hiddenCells(raw, minGroup);
  const attendance = raw.map((v, i) => cell(v, hidden[i]!));
  // The means are over the people checked before and after; the report's are over everyone in each
  // sitting. The people in one sitting only are the difference, so they may not be a small group either.
  const enough =
    pairs.length >= minGroup &&
    splitShown(pairs.length, input.skillsPre?.size ?? 0, minGroup) &&
    splitShown(pairs.length, input.skillsPost?.size ?? 0, minGroup);
  const mean = (k: 0 | 1) => (enough ? one(pairs.reduce((s, x) => s + x[k], 0) / pairs.length) : null);
  const participants = cell(people.size, isSmall(people.size, minGroup));
  // Complete and incomplete records are a table of two cells over the participants; and beside any
  // hidden attendance cell the incomplete count is hidden too, since without skills records
  // incomplete = some + none would give the hidden cells away.
  const inc = cell(incomplete, !splitShown(incomplete, people.size, minGroup) || hidden.some(Boolean));
  return {
    min_group: minGroup,
    attendance_file: input.attendance !== undefined,
    skills_files: input.skillsPre !== undefined || input.skillsPost !== undefined,
    participants,
    attended_all: attendance[0]!,
    attended_some: attendance[1]!,
    attended_none: attendance[2]!,
    skills_pairs: cell(pairs.length, !splitShown(pairs.length, people.size, minGroup)),
    skills_pre_mean: mean(0),
    skills_post_mean: mean(1),
    skills_questions: questions,
    incomplete: inc,
  };
}

/** `months` after a YYYY-MM-DD date, clamped to the month's last day (31 January + 1 month = 28 February). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The record without its records: everything the plan alone decides (what `forms/evidence.json` carries). */
export type PlannedEvidence = Omit<EvidenceData, 'records'>;

/** The planned record and the counts of the records, with the gaps the records leave. */
export function withRecords(e: PlannedEvidence, records: EvidenceRecords): EvidenceData {
  const gaps = [...e.gaps];
  if (!records.attendance_file) gaps.push({ kind: 'no-records', what: 'attendance', ref: 'responses/attendance.csv' });
  if (!records.skills_files) gaps.push({ kind: 'no-records', what: 'skills', ref: 'responses/skills-pre.csv' });
  if ((records.attendance_file || records.skills_files) && (records.incomplete.suppressed || (records.incomplete.value ?? 0) > 0))
    gaps.push({ kind: 'incomplete-record', what: records.incomplete.suppressed ? '' : String(records.incomplete.value), ref: '' });
  return {
    programme: e.programme,
    title: e.title,
    organisation: e.organisation,
    ai_act_role: e.ai_act_role,
    scope: e.scope,
    matrix: e.matrix,
    data_policy: e.data_policy,
    measures: e.measures,
    records,
    review: e.review,
    gaps,
  };
}

export function planEvidence(
  p: PlannedProgramme,
  questions: readonly SkillsQuestion[],
  o: { reviewMonths: number; aiActRole: 'deployer' | 'provider' },
): PlannedEvidence {
  const tools = [...(p.org.tools ?? [])];
  const teaching = teachingBlocks(p);
  const skillsOf = (id: string) => questions.filter((q) => q.workflow === id).map((q) => q.id);
  const matrix: MatrixWorkflow[] = p.workflows.map((w) => ({
    id: w.id,
    title: w.title,
    tools,
    risks: (w.risks ?? []).map((r) => workflowRow(w, r, teaching.get(w.id) ?? [], skillsOf(w.id))),
  }));
  const first = p.sessions[0];
  const norms = first?.blocks.find((b) => b.kind === 'norms');
  const policyQuestions = questions.filter((q) => q.kind === 'data-policy');
  const data_policy: RiskRow[] = p.dataPolicy.forbidden.map((item) => {
    const taught = first && norms ? [taughtAt(first, norms)] : [];
    const skills = policyQuestions.filter((q) => q.options.includes(item)).map((q) => q.id);
    return {
      risk: item,
      source: 'data-policy',
      goal_check: null,
      taught,
      checked_by: { checks: [], verify: [], skills_items: skills },
      status: !taught.length ? 'not-taught' : skills.length ? 'taught-and-checked' : 'not-checked',
    };
  });

  const gaps: Gap[] = [];
  if (!tools.length) gaps.push({ kind: 'no-tools', what: 'org.tools', ref: '' });
  for (const w of matrix)
    for (const r of w.risks)
      if (r.status !== 'taught-and-checked') gaps.push({ kind: r.status === 'not-taught' ? 'untaught-risk' : 'unchecked-risk', what: r.risk, ref: w.id });
  for (const r of data_policy)
    if (r.status !== 'taught-and-checked')
      gaps.push({ kind: r.status === 'not-taught' ? 'untaught-risk' : 'unchecked-risk', what: r.risk, ref: 'data_policy' });
  // A tool with no session: every session uses "the approved tool" unless a block names one, so a tool
  // is only without a session when no workflow is taught at all.
  if (tools.length && !teaching.size) for (const t of tools) gaps.push({ kind: 'tool-without-session', what: t, ref: t });

  const lastCheckIn = p.checkIns.at(-1);
  const lastDate = lastCheckIn?.date ?? null;
  return {
    programme: p.id,
    title: p.title,
    organisation: p.org.name ?? null,
    ai_act_role: o.aiActRole,
    scope: { tools, roles: [{ id: p.role.id, name: p.role.name, audience: [...(p.role.audience ?? [])], headcount: p.groupSize }] },
    matrix,
    data_policy,
    measures: {
      sessions: p.sessions.map((s) => ({
        number: s.number,
        title: s.title,
        date: s.date ?? null,
        start: s.start,
        end: s.end,
        minutes: s.minutes,
        workflows: s.taught.map((w) => w.id),
        practice: [...s.practiceIds],
        leader_block: s.blocks.some((b) => b.kind === 'leader' || b.kind === 'showcase'),
      })),
      check_ins: p.checkIns.map((c) => ({ number: c.number, after_days: c.afterDays, date: c.date ?? null })),
      facilitators: p.facilitators.filter((f) => !f.tbd).map((f) => person(f)!),
      owner: person(p.owner),
      sponsor: person(p.sponsor),
    },
    review: {
      months: o.reviewMonths,
      after: lastCheckIn ? `check-in-${lastCheckIn.number}` : `session-${p.sessions.length}`,
      date: lastDate ? addMonths(lastDate, o.reviewMonths) : null,
      last_check_in_date: lastDate,
    },
    gaps,
  };
}
