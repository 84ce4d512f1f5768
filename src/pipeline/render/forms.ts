import { csvText } from '../load/csv.js';
import { giftComment, giftText } from '../../model/escape/gift.js';
import type { PlannedProgramme } from '../plan/plan.js';
import type { PackFile } from '../../model/pack.js';
import type { Messages } from './messages.js';
import { OPTION_LETTERS, skillsQuestions, type SkillsQuestion } from './skills.js';
import { isoLocal } from '../plan/schedule.js';
import { PROGRAMME_FILE, programmeFileText } from './report-spec.js';

/**
 * The follow-through forms (issue 17): machine-readable CSVs in long format — one row per
 * participant × workflow — that any survey tool's export can be mapped to, the pre/post skills
 * check derived from the role, and the view the printed pages use. Participants are pseudonymous
 * ids (p01…): the names stay with the facilitator, never in a file cocoon reads or writes.
 */

export const BLOCKER_CODES = ['access', 'data-rules', 'time', 'manager', 'tool', 'none'] as const;

export const FORM_HEADERS = {
  baseline: ['participant', 'workflow', 'minutes', 'per_month', 'confidence'],
  checkIn: ['participant', 'workflow', 'minutes', 'uses', 'blockers', 'corrected', 'attribution', 'estimate_confidence'],
  pulse: ['participant', 'useful', 'recommend'],
  skills: ['participant', 'question', 'answer'],
  attendance: ['participant', 'session', 'attended'],
  roster: ['session', 'title', 'start', 'end', 'location', 'facilitator'],
} as const;

/** The check-in's trailing columns that a file of the six older columns may leave out. */
export const CHECK_IN_OPTIONAL: readonly string[] = ['attribution', 'estimate_confidence'];

const participantIds = (groupSize: number): string[] => Array.from({ length: groupSize }, (_, i) => `p${String(i + 1).padStart(2, '0')}`);

function skillsGift(p: PlannedProgramme, questions: readonly SkillsQuestion[], t: Messages['t']): string {
  const head = `// ${t('forms.giftHead', { programme: giftComment(p.title) })}\n// ${t('forms.giftGenerated')}\n`;
  const body = questions.map(
    (q) =>
      `::${q.id}:: ${giftText(q.stem)} {\n${q.options.map((o, i) => `${i === q.correct ? '=' : '~'}${giftText(o)}`).join('\n')}\n####${giftText(q.why)}\n}\n`,
  );
  return `${head}\n${body.join('\n')}`;
}

/** What the printed pages show of the forms. */
export function formsView(p: PlannedProgramme, msg: Messages) {
  const t = msg.t;
  const questions = skillsQuestions(p, t);
  return {
    participants: participantIds(p.groupSize),
    participantRange: `p01–${participantIds(p.groupSize).at(-1)}`,
    blockers: BLOCKER_CODES.map((c) => ({ code: c, label: t(`forms.blocker.${c}`) })),
    blockerCodes: BLOCKER_CODES.join(', '),
    questions: questions.map((q, i) => ({
      ...q,
      number: i + 1,
      options: q.options.map((o, i) => ({ letter: OPTION_LETTERS[i]!, text: o, right: i === q.correct })),
      answer: OPTION_LETTERS[q.correct]!,
    })),
    checkInFiles: p.checkIns.map((c) => `forms/check-in-${c.number}.csv`),
    pulseFiles: p.sessions.map((s) => `forms/pulse-session-${s.number}.csv`),
    // The pulse has its own block at the end of each generated session; else it takes the last two minutes.
    pulses: p.sessions.map((s) => {
      const block = s.blocks.find((b) => b.role === 'pulse' || b.role === 'skills-post');
      if (block) return { number: s.number, from: block.start, to: block.end };
      const [h, m] = s.end.split(':').map(Number) as [number, number];
      const t = (h * 60 + m + 24 * 60 - 2) % (24 * 60);
      return { number: s.number, from: `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`, to: s.end };
    }),
  };
}

/** forms/*.csv and forms/skills-check.gift: blank forms, one row per participant × workflow. */
export function renderForms(p: PlannedProgramme, msg: Messages): PackFile[] {
  const people = participantIds(p.groupSize);
  const perWorkflow = (blanks: number) => people.flatMap((who) => p.workflows.map((w) => [who, w.id, ...Array<string>(blanks).fill('')]));
  const questions = skillsQuestions(p, msg.t);
  const skillsRows = people.flatMap((who) => questions.map((q) => [who, q.id, '']));
  const files: PackFile[] = [
    { path: 'forms/baseline.csv', content: csvText(FORM_HEADERS.baseline, perWorkflow(3)) },
    ...p.checkIns.map((c) => ({ path: `forms/check-in-${c.number}.csv`, content: csvText(FORM_HEADERS.checkIn, perWorkflow(6)) })),
    {
      path: 'forms/attendance.csv',
      content: csvText(
        FORM_HEADERS.attendance,
        p.sessions.flatMap((s) => people.map((who) => [who, s.number, ''])),
      ),
    },
    ...p.sessions.map((s) => ({
      path: `forms/pulse-session-${s.number}.csv`,
      content: csvText(
        FORM_HEADERS.pulse,
        people.map((who) => [who, '', '']),
      ),
    })),
    { path: 'forms/skills-pre.csv', content: csvText(FORM_HEADERS.skills, skillsRows) },
    { path: 'forms/skills-post.csv', content: csvText(FORM_HEADERS.skills, skillsRows) },
    { path: 'forms/skills-check.gift', content: skillsGift(p, questions, msg.t) },
    { path: PROGRAMME_FILE, content: programmeFileText(p, questions) },
  ];
  const roster = rosterCsv(p);
  if (roster) files.push(roster);
  return files;
}

/**
 * forms/roster.csv: one row per dated session in the columns an LMS's instructor-led session import reads
 * (Moodle's Face-to-face, Cornerstone ILT, Docebo ILT sessions): start and end as local ISO 8601 date-times
 * with their offset. A plan without dates has no roster; every cell goes through the CSV escaper.
 */
function rosterCsv(p: PlannedProgramme): PackFile | undefined {
  const dated = p.sessions.filter((s) => s.startUtc && s.endUtc);
  if (!dated.length) return undefined;
  const location = p.location ?? (p.delivery === 'remote' ? 'Online' : '');
  const facilitator = p.facilitators.map((f) => f.name).join('; ');
  const rows = dated.map((s) => [
    s.number,
    s.title,
    isoLocal(s.startUtc!, p.schedule.timezone),
    isoLocal(s.endUtc!, p.schedule.timezone),
    location,
    facilitator,
  ]);
  return { path: 'forms/roster.csv', content: csvText(FORM_HEADERS.roster, rows) };
}
