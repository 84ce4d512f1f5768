import { csvText } from '../load/csv.js';
import { giftComment, giftText } from '../../model/escape/gift.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { isoLocal } from '../plan/schedule.js';
import type { PackFile } from './markdown.js';
import { PROGRAMME_FILE, programmeFileText } from './report-spec.js';

/**
 * The follow-through forms (issue 17): machine-readable CSVs in long format — one row per
 * participant × workflow — that any survey tool's export can be mapped to, the pre/post skills
 * check derived from the role, and the view the printed pages use. Participants are pseudonymous
 * ids (p01…): the names stay with the facilitator, never in a file cocoon reads or writes.
 */

export const BLOCKER_CODES = ['access', 'data-rules', 'time', 'manager', 'tool', 'none'] as const;
const BLOCKER_LABELS: Record<(typeof BLOCKER_CODES)[number], string> = {
  access: 'access: no licence, account or permission',
  'data-rules': 'data-rules: unsure what data may go in',
  time: 'time: no time to try it',
  manager: 'manager: my manager did not back it',
  tool: 'tool: the tool could not do it',
  none: 'none: nothing got in the way',
};

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

export interface SkillsQuestion {
  id: string;
  kind: 'human-step' | 'data-policy' | 'verify' | 'plausible-wrong' | 'risk';
  stem: string;
  /** Options in the printed order; `correct` is the index of the right one. */
  options: string[];
  correct: number;
  /** Why, for the facilitator. */
  why: string;
  /** The workflow the question is about (the evidence record's "how it is checked"); none for general ones. */
  workflow?: string;
}

export const OPTION_LETTERS = ['a', 'b', 'c', 'd'];

/** Put the right answer at a position that moves with the question number, so it is not always (a). */
function place(right: string, wrong: string[], n: number): { options: string[]; correct: number } {
  const options = wrong.slice(0, 3);
  const correct = n % (options.length + 1);
  options.splice(correct, 0, right);
  return { options, correct };
}

/**
 * 6–10 questions from the role data: which step stays human, which data may not be pasted, what to
 * verify in an output, and what to do with a plausible-but-wrong output. Pure: the report scores
 * answers against the same questions it recomputes from the programme.
 */
export function skillsQuestions(p: PlannedProgramme): SkillsQuestion[] {
  const drafts: Omit<SkillsQuestion, 'id' | 'options' | 'correct'>[] = [];
  const picks: { right: string; wrong: string[] }[] = [];
  // Each wrong option at most twice in one check: a novice cannot learn the check's tells.
  const used = new Map<string, number>();
  const add = (q: Omit<SkillsQuestion, 'id' | 'options' | 'correct'>, right: string, pool: readonly string[], exclude: readonly string[] = []) => {
    if (drafts.length >= 10) return;
    const seen = new Set([right, ...exclude].map((x) => x.toLowerCase()));
    const wrong: string[] = [];
    // The least-used candidates first, in the role's own order.
    const candidates = pool.map((x, i) => ({ x, i })).sort((a, b) => (used.get(a.x) ?? 0) - (used.get(b.x) ?? 0) || a.i - b.i);
    for (const { x } of candidates) {
      if (wrong.length >= 3 || (used.get(x) ?? 0) >= 2 || seen.has(x.toLowerCase())) continue;
      seen.add(x.toLowerCase());
      wrong.push(x);
    }
    if (wrong.length < 2) return;
    for (const w of wrong) used.set(w, (used.get(w) ?? 0) + 1);
    drafts.push(q);
    picks.push({ right, wrong });
  };
  const tool = p.tools[0] ?? 'an AI tool';
  const forbidden = p.dataPolicy.forbidden;
  const allowed = p.dataPolicy.allowed;
  if (forbidden.length && allowed.length >= 2)
    add(
      { kind: 'data-policy', stem: `Which of these may NOT go into ${tool}?`, why: `The data policy forbids ${forbidden[0]}; the others are allowed.` },
      forbidden[0]!,
      allowed,
    );
  // What people learn per workflow is its checks, its prompts' verify lists and its risks; a wrong option
  // is one of those from another workflow of the role: plausible, and wrong only to someone who learnt this one.
  const all = [...p.workflows, ...p.role.workflows.filter((w) => !p.workflows.some((x) => x.id === w.id))];
  const checksOf = (w: (typeof all)[number]) => [...(w.checks ?? []), ...(w.prompts ?? []).flatMap((x) => x.verify ?? [])];
  for (const w of p.workflows) {
    const others = all.filter((o) => o.id !== w.id);
    const otherChecks = others.flatMap(checksOf);
    const human = w.steps.filter((s) => s.ai === 'human');
    const ai = w.steps.filter((s) => s.ai !== 'human');
    if (human.length && ai.length >= 2)
      add(
        {
          kind: 'human-step',
          workflow: w.id,
          stem: `${w.title}: which step stays with a person, with no AI?`,
          why: `"${human[0]!.do}" is marked human in the workflow; the others are automate or augment.`,
        },
        human[0]!.do,
        ai.map((s) => s.do),
      );
    const prompt = (w.prompts ?? []).find((x) => x.verify?.length);
    if (prompt)
      add(
        {
          kind: 'verify',
          workflow: w.id,
          stem: `Before you use the output of the prompt "${prompt.title}", what must you check?`,
          why: `Its verify list starts with: ${prompt.verify![0]}. The other options are checks of other workflows: they do not apply here.`,
        },
        prompt.verify![0]!,
        otherChecks,
        checksOf(w),
      );
    const check = w.checks?.[0];
    const risk = w.risks?.[0];
    if (check && risk)
      add(
        {
          kind: 'plausible-wrong',
          workflow: w.id,
          stem: `${w.title}: the AI output reads well and looks complete. What do you do before it leaves your hands?`,
          why: `A fluent output can still hide this risk: ${risk}. The workflow's check: ${check}. The other options are checks of other workflows.`,
        },
        check,
        [...otherChecks].reverse(),
        checksOf(w),
      );
    const otherRisks = others.flatMap((o) => o.risks ?? []);
    if (risk && drafts.length < 10)
      add(
        {
          kind: 'risk',
          stem: `${w.title}: which of these is the risk to watch for when AI does this work?`,
          why: `The workflow names this risk: ${risk}. The others are risks of other workflows.`,
        },
        risk,
        otherRisks,
        w.risks ?? [],
      );
  }
  // A second data-policy question when the workflows gave too few.
  if (drafts.length < 6 && forbidden.length >= 2 && allowed.length >= 1)
    add(
      {
        kind: 'data-policy',
        stem: `Which of these may you paste into ${tool}?`,
        why: `${allowed[0]} is allowed; the others are forbidden by the data policy.`,
      },
      allowed[0]!,
      forbidden,
    );
  // Role-independent questions when the role gives fewer than six.
  const generic: [Omit<SkillsQuestion, 'id' | 'options' | 'correct'>, string, string[]][] = [
    [
      {
        kind: 'plausible-wrong',
        stem: 'An output names a figure, a person or a source you did not give the tool. What is the most likely explanation?',
        why: 'Fluent, specific details are what invented content looks like; only the source can confirm them.',
      },
      'The tool may have invented it: check it against your source',
      ["It found it in your organisation's systems", 'It is right because it is specific', 'It is a rounding difference'],
    ],
    [
      { kind: 'verify', stem: 'Who is accountable for a piece of work you send that AI drafted?', why: 'AI drafts; a person decides and signs it off.' },
      'You are',
      ["The AI tool's vendor", 'IT, who approved the tool', 'Nobody, if you say it was AI-assisted'],
    ],
    [
      {
        kind: 'data-policy',
        stem: `You are not sure whether some data may go into ${tool}. What do you do?`,
        why: 'When in doubt, leave it out and ask the owner of the data rules.',
      },
      'Leave it out and ask the programme owner',
      ['Paste it: the tool is approved', 'Paste it but delete the chat afterwards', 'Ask the tool whether it is allowed'],
    ],
  ];
  for (const [q, right, wrong] of generic) if (drafts.length < 6) add(q, right, wrong);
  return drafts.map((d, i) => ({ ...d, id: `q${i + 1}`, ...place(picks[i]!.right, picks[i]!.wrong, i) }));
}

function skillsGift(p: PlannedProgramme, questions: readonly SkillsQuestion[]): string {
  const head = `// Skills check for ${giftComment(p.title)}: import into Moodle (Question bank → Import → GIFT).\n// Generated by cocoon; the same questions are in facilitator/skills-check.md.\n`;
  const body = questions.map(
    (q) =>
      `::${q.id}:: ${giftText(q.stem)} {\n${q.options.map((o, i) => `${i === q.correct ? '=' : '~'}${giftText(o)}`).join('\n')}\n####${giftText(q.why)}\n}\n`,
  );
  return `${head}\n${body.join('\n')}`;
}

/** What the printed pages show of the forms. */
export function formsView(p: PlannedProgramme) {
  const questions = skillsQuestions(p);
  return {
    participants: participantIds(p.groupSize),
    participantRange: `p01–${participantIds(p.groupSize).at(-1)}`,
    blockers: BLOCKER_CODES.map((c) => ({ code: c, label: BLOCKER_LABELS[c] })),
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
export function renderForms(p: PlannedProgramme): PackFile[] {
  const people = participantIds(p.groupSize);
  const perWorkflow = (blanks: number) => people.flatMap((who) => p.workflows.map((w) => [who, w.id, ...Array<string>(blanks).fill('')]));
  const questions = skillsQuestions(p);
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
    { path: 'forms/skills-check.gift', content: skillsGift(p, questions) },
    { path: PROGRAMME_FILE, content: programmeFileText(p) },
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
