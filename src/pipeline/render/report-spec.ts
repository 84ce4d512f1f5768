import type { PlannedProgramme } from '../plan/plan.js';
import { OPTION_LETTERS, skillsQuestions, type SkillsQuestion } from './skills.js';
import { jsonText } from '../../model/escape/json.js';

/**
 * What `cocoon report` needs to know about a programme, and nothing more: its workflows (with the
 * role's baseline and target times), sessions, check-ins and the skills check's answer key. A project
 * derives it from the planned programme on every run; a pack made by `cocoon plan` carries it as
 * `forms/programme.json`, so the report of a plan pack scores the very forms that were printed, with
 * no cocoon.yaml and even after a later cocoon changes how questions are made.
 */
export interface ReportSpec {
  programme: string;
  title: string;
  role: string;
  org?: string;
  group_size: number;
  workflows: { id: string; title: string; baseline_minutes?: number; target_minutes?: number }[];
  sessions: { number: number; minutes: number }[];
  check_ins: { number: number; after_days: number }[];
  /** The skills check: question id and the letter of the right option. */
  questions: { id: string; answer: string }[];
}

/** The spec of a planned programme; `questions`, when the caller has made the skills check already, is not made again. */
export function reportSpec(p: PlannedProgramme, questions: readonly SkillsQuestion[] = skillsQuestions(p)): ReportSpec {
  return {
    programme: p.id,
    title: p.title,
    role: p.role.id,
    ...(p.org.name ? { org: p.org.name } : {}),
    group_size: p.groupSize,
    workflows: p.workflows.map((w) => ({
      id: w.id,
      title: w.title,
      ...(w.baseline ? { baseline_minutes: w.baseline.minutes } : {}),
      ...(w.baseline && w.target_minutes !== undefined ? { target_minutes: w.target_minutes } : {}),
    })),
    sessions: p.sessions.map((s) => ({ number: s.number, minutes: s.minutes })),
    check_ins: p.checkIns.map((c) => ({ number: c.number, after_days: c.afterDays })),
    questions: questions.map((q) => ({ id: q.id, answer: OPTION_LETTERS[q.correct]! })),
  };
}

/** forms/programme.json: the spec, for `cocoon report <pack>` on a pack with no project file. */
export const PROGRAMME_FILE = 'forms/programme.json';

export const programmeFileText = (p: PlannedProgramme, questions?: readonly SkillsQuestion[]): string =>
  jsonText({ cocoon_report: 1, ...reportSpec(p, questions) });

const isInt = (x: unknown, min = 0): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= 1_000_000;
const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 20_000;

/** Read forms/programme.json back; a file that is not what plan wrote is a problem, never a crash. */
export function parseReportSpec(text: string): ReportSpec | { problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  const o = v as Partial<ReportSpec> & { cocoon_report?: unknown };
  if (!o || typeof o !== 'object' || o.cocoon_report !== 1) return { problem: 'it is not a programme file written by `cocoon plan`' };
  const ok =
    isText(o.programme) &&
    isText(o.title) &&
    isText(o.role) &&
    (o.org === undefined || isText(o.org)) &&
    isInt(o.group_size, 1) &&
    Array.isArray(o.workflows) &&
    o.workflows.every(
      (w) =>
        isText(w?.id) &&
        isText(w.title) &&
        (w.baseline_minutes === undefined || isInt(w.baseline_minutes, 1)) &&
        (w.target_minutes === undefined || isInt(w.target_minutes)),
    ) &&
    Array.isArray(o.sessions) &&
    o.sessions.every((s) => isInt(s?.number, 1) && isInt(s.minutes, 1)) &&
    Array.isArray(o.check_ins) &&
    o.check_ins.every((c) => isInt(c?.number, 1) && isInt(c.after_days, 1)) &&
    Array.isArray(o.questions) &&
    o.questions.every((q) => isText(q?.id) && typeof q.answer === 'string' && OPTION_LETTERS.includes(q.answer));
  if (!ok) return { problem: 'a field is missing or has the wrong type (regenerate the pack with `cocoon plan`)' };
  const { cocoon_report: _, ...spec } = o as ReportSpec & { cocoon_report: 1 };
  return spec;
}
