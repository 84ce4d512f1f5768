import { jsonText } from '../../model/escape/json.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { moment } from '../plan/schedule.js';
import type { PageShell } from '../render/html.js';
import { skillsQuestions, type SkillsQuestion } from '../render/skills.js';
import { planEvidence, type PlannedEvidence } from './evidence-data.js';

/**
 * What `cocoon evidence` needs of a programme's plan, as data: the planned half of the record (risks,
 * where each is taught, with sessions, blocks and clock times; the tools; the measures), the date
 * labels the agendas print, the page shell, and the skills check's answer key. A project computes it
 * from the planned programme on every run; a pack made by `cocoon plan` carries it as
 * `forms/evidence.json`, so `cocoon evidence <pack-dir>` needs no cocoon.yaml (as `cocoon report <pack-dir>`
 * reads forms/programme.json), and records exactly the programme that was printed.
 */
export interface EvidencePlan {
  shell: PageShell;
  /** The sessions' and check-ins' dates as the agendas print them, and the next review's. */
  when: { sessions: string[]; check_ins: string[]; review: string | null };
  sessions: number;
  /** The skills check: each question's id and the index of its right option. */
  questions: { id: string; correct: number }[];
  record: PlannedEvidence;
}

export const EVIDENCE_PLAN_FILE = 'forms/evidence.json';

export function evidencePlan(
  p: PlannedProgramme,
  o: { reviewMonths: number; aiActRole: 'deployer' | 'provider' },
  questions: readonly SkillsQuestion[] = skillsQuestions(p),
): EvidencePlan {
  const record = planEvidence(p, questions, o);
  const when = (x: { dateLabel?: string; week: number; start: string; end: string }) =>
    x.dateLabel ? `${x.dateLabel}, ${x.start}–${x.end}` : `week ${x.week}, ${x.start}–${x.end}`;
  return {
    shell: {
      title: p.title,
      org: p.org.name ? { name: p.org.name } : {},
      role: { name: p.role.name },
      sessions: p.sessions.map((s) => ({ number: s.number })),
    },
    when: {
      sessions: p.sessions.map(when),
      check_ins: p.checkIns.map((c) => c.dateLabel ?? `${c.afterDays} days after the last session`),
      review: record.review.date ? moment(record.review.date, p.schedule.time, p.schedule.timezone).dateLabel : null,
    },
    sessions: p.sessions.length,
    questions: questions.map((q) => ({ id: q.id, correct: q.correct })),
    record,
  };
}

/** forms/evidence.json, with the project's review months and AI Act role (a plan pack has the defaults). */
export const evidencePlanText = (p: PlannedProgramme): string =>
  jsonText({ cocoon_evidence: 1, ...evidencePlan(p, { reviewMonths: p.org.review_months ?? 12, aiActRole: p.org.ai_act_role ?? 'deployer' }) });

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.length <= 20_000;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1_000_000;
const texts = (x: unknown): x is string[] => Array.isArray(x) && x.every(isText);

/** Read forms/evidence.json back; a file that is not what cocoon wrote is a problem, never a crash. */
export function parseEvidencePlan(text: string): EvidencePlan | { problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  if (!isObj(v) || v.cocoon_evidence !== 1) return { problem: 'it is not an evidence plan written by `cocoon plan`' };
  const { shell, when, sessions, questions, record } = v;
  const risksOk = (rows: unknown) =>
    Array.isArray(rows) &&
    rows.every(
      (r) =>
        isObj(r) &&
        isText(r.risk) &&
        Array.isArray(r.taught) &&
        r.taught.every((t) => isObj(t) && isInt(t.session) && isText(t.block) && isText(t.start) && isText(t.end) && isInt(t.minutes)) &&
        isObj(r.checked_by) &&
        texts(r.checked_by.checks) &&
        texts(r.checked_by.verify) &&
        texts(r.checked_by.skills_items) &&
        ['taught-and-checked', 'not-taught', 'not-checked'].includes(r.status as string),
    );
  const ok =
    isObj(shell) &&
    isText(shell.title) &&
    isObj(shell.org) &&
    (shell.org.name === undefined || isText(shell.org.name)) &&
    isObj(shell.role) &&
    isText(shell.role.name) &&
    Array.isArray(shell.sessions) &&
    shell.sessions.every((s) => isObj(s) && isInt(s.number)) &&
    isInt(sessions) &&
    shell.sessions.length === sessions &&
    isObj(when) &&
    texts(when.sessions) &&
    when.sessions.length === sessions &&
    texts(when.check_ins) &&
    (when.review === null || isText(when.review)) &&
    Array.isArray(questions) &&
    questions.every((q) => isObj(q) && isText(q.id) && isInt(q.correct) && q.correct < 4) &&
    isObj(record) &&
    isText(record.programme) &&
    isText(record.title) &&
    ['deployer', 'provider'].includes(record.ai_act_role as string) &&
    isObj(record.scope) &&
    texts(record.scope.tools) &&
    Array.isArray(record.scope.roles) &&
    Array.isArray(record.matrix) &&
    record.matrix.every((w) => isObj(w) && isText(w.id) && isText(w.title) && risksOk(w.risks)) &&
    risksOk(record.data_policy) &&
    isObj(record.measures) &&
    Array.isArray(record.measures.sessions) &&
    record.measures.sessions.length === sessions &&
    Array.isArray(record.measures.check_ins) &&
    record.measures.check_ins.length === when.check_ins.length &&
    isObj(record.review) &&
    isInt(record.review.months) &&
    Array.isArray(record.gaps) &&
    record.gaps.every((g) => isObj(g) && isText(g.kind) && isText(g.what) && isText(g.ref));
  if (!ok) return { problem: 'its fields are not what `cocoon plan` writes' };
  return { shell, when, sessions, questions, record } as unknown as EvidencePlan;
}
