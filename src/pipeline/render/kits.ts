import { championForums, kitDate, weeksBefore, workingDay, type KitDate } from '../plan/kit-dates.js';
import type { Person } from '../../model/model.js';
import { CASCADE_CAPSTONE, isCascade, isInIt } from '../../model/people.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { listJoin } from '../../model/text.js';
import { commsMessages } from './comms.js';
import { BLOCKER_CODES } from './forms.js';
import type { PackView } from './view.js';
import type { Messages } from './messages.js';

/**
 * The people kits (issue 19): what the business owner, the sponsor, line managers, IT, facilitators
 * and champions each do, when, and the messages they send. Computed once here, added to the view as
 * `kits`, so the templates stay free of logic. Every string is plain text; templates escape it.
 * Nothing here reads facilitator-only role fields (exercise brief, solution, demo): these pages are
 * read by people other than facilitators.
 */

/** Minutes a week a line manager protects for practice between sessions: one slot the day after each session. */
const PRACTICE_MINUTES_A_WEEK = 60;

const lowerTitle = (t: string): string => (/^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);

const named = (p: Person | undefined): boolean => Boolean(p && !p.tbd && p.name);

function personLine(p: Person | undefined, extra: 'team' | 'title', fallback: string): string {
  if (!p || p.tbd) return `${fallback} (to be named)`;
  return p[extra] ? `${p.name}, ${p[extra]}` : p.name;
}

/** R, A, C, I for one activity, in the column order of the RACI table. */
type Raci = [owner: string, sponsor: string, facilitators: string, managers: string, it: string, participants: string];

interface Activity {
  what: string;
  when: string;
  raci: Raci;
}

/** The entry a champion fills in to give a prompt back to the role file: the role schema's own shape. */
function contributeTemplate(roleId: string, workflowId: string): string {
  return [
    `# roles/${roleId}.yaml, under workflows → id: ${workflowId} → prompts:`,
    '- id: your-prompt-id            # lowercase words joined by hyphens, unique in the role',
    '  title: What the prompt does, in the words of the job',
    '  template: |',
    '    You are … For {{thing}}, draft …',
    '    {{material}}',
    '  variables:',
    '    thing: { description: What to fill in, example: A synthetic example, never real data }',
    '    material: { description: The text the prompt works on, example: A short synthetic excerpt }',
    '  weak: The one-line prompt people write first',
    '  verify: [What to check in the output before it leaves your hands]',
    '# contributed by: your name, team, cohort; used on: the work you used it for; minutes before → after',
  ].join('\n');
}

export function kitsView(p: PlannedProgramme, view: PackView, msg: Messages) {
  const cascade = isCascade(p.role) && p.capstoneId === CASCADE_CAPSTONE;
  const org = p.org.name ?? null;
  const orgOr = org ?? 'your organisation';
  const ownerName = named(p.owner) ? p.owner!.name : 'the business owner';
  const ownerTeam = named(p.owner) ? (p.owner!.team ?? null) : null;
  const sponsorName = view.programme.sponsorShort;
  const facilitators = p.facilitators.filter((f) => !f.tbd);
  const facilitatorNames = facilitators.length ? listJoin(facilitators.map((f) => f.name)) : 'the facilitators';
  const first = p.sessions[0];
  const last = p.sessions.at(-1);
  const lastCheckIn = p.checkIns.at(-1);
  const tool = listJoin(p.tools, 'or');
  // A cascade's participants are the leaders: its facilitators are leaders who already use AI, not "people from Leadership".
  const facilitatorsFrom = cascade ? 'among leaders who already use AI on their own work' : `from ${p.role.name}`;
  const firstWorkflow = view.workflows[0] ?? null;

  // Who is in IT: the pack says so instead of claiming to be business-led (ownership/it-led still warns).
  const ownerIt = isInIt(p.owner);
  const sponsorIt = isInIt(p.sponsor);
  const facilitatorsIt = facilitators.length > 0 && facilitators.every((f) => isInIt(f));
  const paren = (p: Person | undefined, extra: 'team' | 'title'): string => (p && !p.tbd ? `${p.name}${p[extra] ? ` (${p[extra]})` : ''}` : 'to be named');
  const itNames = [
    ownerIt ? `the owner, ${paren(p.owner, 'team')},` : null,
    sponsorIt ? `the sponsor, ${paren(p.sponsor, 'title')},` : null,
    facilitatorsIt ? `${facilitators.length === 1 ? 'the facilitator' : 'the facilitators'}, ${listJoin(facilitators.map((f) => paren(f, 'team')))},` : null,
  ].filter((x): x is string => Boolean(x));
  const itRoles = [
    ownerIt && 'the owner',
    sponsorIt && 'the sponsor',
    facilitatorsIt && (facilitators.length === 1 ? 'the facilitator' : 'the facilitators'),
  ].filter((x): x is string => Boolean(x));
  const are = itNames.length === 1 && (!facilitatorsIt || facilitators.length === 1) ? 'is' : 'are';
  const itLed = itNames.length
    ? {
        claim: `This programme is not business-led as planned: ${listJoin(itNames)} ${are} in IT.`,
        short: `not met as planned: ${listJoin(itRoles)} ${are} in IT (see "Who leads it" below).`,
        mustOwn: [
          `A manager from ${p.role.name} owns the programme: the choice of workflows, the data rules, the time people get to practise, and the check-in results.`,
          `At least one facilitator does ${p.role.name} work every day and runs the demos and exercises on it.`,
          `A leader of ${p.role.name} opens session 1 with their own work and closes the showcase: people copy what their own leaders do.`,
          'IT keeps what only IT can do: accounts, the tool, its data settings and support during the sessions.',
        ],
      }
    : null;

  const when = (d: KitDate) => d.label;
  const sessionWhen = (n: number) => view.sessions[n - 1]?.whenLabel ?? `session ${n}`;
  const firstLabel = first?.shortLabel ?? 'session 1';
  const lastLabel = last?.shortLabel ?? `session ${last?.number ?? 1}`;

  // The owner's run-up, week by week, then the sessions, the check-ins and the champions' forums.
  const forums = championForums(p);
  const reminderText = (n: number): string => {
    const d = workingDay(p, p.sessions[n - 1]?.day ?? 0, 2, '');
    return d.date ? `On ${d.label}, send the reminder for session ${n}.` : `Two working days before session ${n}, send its reminder.`;
  };
  /** One task in the owner's week: plain text, and the page of the pack that helps with it. */
  const t = (text: string, label: string | null = null, href: string | null = null) => ({ text, label, href });
  const weekRows: { when: string; who: string; what: ReturnType<typeof t>[] }[] = [
    {
      when: when(weeksBefore(p, 8)),
      who: ownerName,
      what: [
        t(
          `Agree the programme with ${sponsorName}: the workflows, the capstone, the dates below and groups of ${p.groupSize} or fewer. Book ${sponsorName} for session 1 and session ${last?.number ?? 1}.`,
        ),
      ],
    },
    {
      when: when(weeksBefore(p, 7)),
      who: ownerName,
      what: [
        t(
          `Name the facilitators ${facilitatorsFrom} (${facilitatorNames}) and give them their preparation page.`,
          'Facilitator preparation',
          '../facilitator/prepare.md',
        ),
        t("Ask each participant's line manager to release the session time and an hour a week of practice."),
      ],
    },
    {
      when: when(weeksBefore(p, 6)),
      who: `${ownerName} with IT`,
      what: [
        t(`Send IT the checklist: ${tool}, its data settings, accounts for ${p.groupSize} participants.`, 'IT checklist', '../it/checklist.md'),
        t('Agree the data rules for the programme and who answers questions about them: you, the owner.'),
      ],
    },
    {
      when: when(weeksBefore(p, 5)),
      who: `${sponsorName} with a facilitator`,
      what: [
        t(
          `Sponsor onboarding: ${sponsorName} runs ${firstWorkflow ? lowerTitle(firstWorkflow.title) : 'the first workflow'} on their own material with a facilitator.`,
          'Sponsor onboarding',
          '../leader/onboarding.md',
        ),
      ],
    },
    {
      when: when(weeksBefore(p, 4)),
      who: sponsorName,
      what: [
        t('Send the announcement.', 'Announcement', '../comms/announcement.md'),
        t('Send the note to line managers with their brief.', 'Note to line managers', '../comms/managers.md'),
      ],
    },
    {
      when: when(weeksBefore(p, 3)),
      who: ownerName,
      what: [
        t('Send the invitation with the dates and what to bring; attach calendar.ics when the pack has one.', 'Invitation', '../comms/invitation.md'),
        t('Facilitators run every exercise themselves.'),
      ],
    },
    {
      when: when(weeksBefore(p, 2)),
      who: `${ownerName}, facilitators`,
      what: [
        t('Dry run of session 1 with the facilitators; rehearse each demo with its fallback output.'),
        t(`${sponsorName} finishes the story worksheet for the two-minute opening.`, 'Story worksheet', '../leader/story.md'),
      ],
    },
    {
      when: when(weeksBefore(p, 1)),
      who: `${ownerName} with IT`,
      what: [
        t('IT confirms every participant has signed in to the tool once; chase anyone who has not. Send the baseline form, forms/baseline.csv.'),
        t('Send the reminder for session 1.', 'Reminder', '../comms/reminder-session-1.md'),
      ],
    },
    ...view.sessions.map((s) => ({
      when: s.whenLabel,
      who: s.isFirst || s.isLast ? `${ownerName}, ${sponsorName}, facilitators` : `${ownerName}, facilitators`,
      what: [
        s.isFirst
          ? t(`Session 1. Be in the room for the opening; ${sponsorName} opens with their story.`)
          : s.isLast
            ? t(
                `Session ${s.number}, the showcase. ${sponsorName} closes it; send the post-showcase message the next working day.`,
                'Post-showcase message',
                '../comms/after-showcase.md',
              )
            : t(
                `Session ${s.number}. Read the pulse form of session ${s.number - 1} (forms/pulse-session-${s.number - 1}.csv) and fix one thing before this session.`,
              ),
        ...(s.isLast ? [] : [t(reminderText(s.number + 1), `Reminder for session ${s.number + 1}`, `../comms/reminder-session-${s.number + 1}.md`)]),
      ],
    })),
    ...view.checkIns.map((c, i) => ({
      when: c.whenLabel,
      who: `${ownerName}, facilitators`,
      what: [
        t(`Check-in ${c.number}. Collect forms/check-in-${c.number}.csv and route every blocker by its code (the table below) within five working days.`),
        ...(i === view.checkIns.length - 1
          ? [t('Run cocoon report, give leader/results.md to the sponsor and invite the champions.', 'Champions kit', '../champions/guide.md')]
          : []),
      ],
    })),
    ...forums.map((f) => ({
      when: f.label,
      who: 'champions',
      what: [t(`Champions' forum ${f.number} of ${forums.length}, ${f.minutes} minutes. Drop in to one.`)],
    })),
  ];

  const S = sponsorName;
  const activities: Activity[] = [
    { what: 'Choose the workflows, the capstone and the dates', when: when(weeksBefore(p, 8)), raci: ['A/R', 'C', 'C', 'C', 'I', 'I'] },
    { what: 'Name and prepare the facilitators', when: when(weeksBefore(p, 7)), raci: ['A', 'I', 'R', 'C', '—', '—'] },
    { what: 'Set the data rules: what may go into the tool', when: when(weeksBefore(p, 6)), raci: ['A/R', 'I', 'C', 'I', 'C', 'I'] },
    { what: "Accounts, access and the tool's data settings", when: when(weeksBefore(p, 6)), raci: ['A', '—', 'I', '—', 'R', 'I'] },
    { what: 'Sponsor onboarding on their own work', when: when(weeksBefore(p, 5)), raci: ['C', 'A/R', 'R', '—', '—', '—'] },
    { what: 'Announce the programme', when: when(weeksBefore(p, 4)), raci: ['C', 'A/R', 'I', 'I', 'I', 'I'] },
    { what: 'Brief line managers', when: when(weeksBefore(p, 4)), raci: ['R', 'A', '—', 'I', '—', '—'] },
    { what: 'Invitations and reminders', when: `${when(weeksBefore(p, 3))}, then before each session`, raci: ['A/R', '—', 'C', 'I', '—', 'I'] },
    { what: 'Run every exercise and rehearse the demos', when: when(weeksBefore(p, 2)), raci: ['A', '—', 'R', '—', 'C', '—'] },
    { what: 'Run the sessions', when: `${firstLabel} to ${lastLabel}`, raci: ['A', 'I', 'R', 'I', 'C', 'C'] },
    { what: 'Open session 1 and close the showcase', when: `${firstLabel} and ${lastLabel}`, raci: ['C', 'A/R', 'C', '—', '—', 'I'] },
    { what: 'Protect practice time between sessions', when: `${firstLabel} to ${lastCheckIn?.shortLabel ?? lastLabel}`, raci: ['A', 'C', '—', 'R', '—', 'I'] },
    { what: 'Practise on real work and bring the evidence', when: 'between sessions', raci: ['I', '—', 'C', 'C', '—', 'A/R'] },
    { what: 'Collect the baseline, pulse and check-in forms', when: 'session 1, each session, each check-in', raci: ['A', 'I', 'R', '—', '—', 'C'] },
    { what: 'Remove the blockers the check-ins report', when: 'within five working days of each check-in', raci: ['A/R', 'R', 'C', 'R', 'R', 'I'] },
    { what: 'Share the results', when: lastCheckIn?.shortLabel ?? 'after the last check-in', raci: ['R', 'A', 'C', 'I', 'I', 'I'] },
    {
      what: 'Champions and their monthly forum',
      when: forums.length ? `${forums[0]!.label} to ${forums.at(-1)!.label}` : 'after the last check-in',
      raci: ['A', 'I', 'C', 'C', '—', 'R'],
    },
  ];

  // Who removes which blocker code from the check-in forms, and how.
  const ROUTES: Record<(typeof BLOCKER_CODES)[number], { who: string; how: string; within: string }> = {
    access: {
      who: 'IT, chased by the owner',
      how: `Give the person a working account for ${tool}; the owner tells them it is done.`,
      within: 'two working days',
    },
    'data-rules': {
      who: `${ownerName} (the business owns the data rules)`,
      how: 'Answer the question in one line, add it to the data rules in the facilitator guide and send it to the whole group.',
      within: 'five working days',
    },
    time: {
      who: 'the line manager, asked by the owner',
      how: `Book the ${PRACTICE_MINUTES_A_WEEK}-minute practice slot in the diary and take one task off the list to make room.`,
      within: 'the next week',
    },
    manager: {
      who: `${S}, with the manager's own manager`,
      how: 'A conversation, not an email: what the programme asks of managers (managers/brief.md) and why it matters to the sponsor.',
      within: 'five working days',
    },
    tool: {
      who: 'IT for faults; the facilitators for "it could not do it"',
      how: 'IT fixes what is broken; a facilitator runs a 20-minute prompt clinic on the task; the owner decides whether that step stays human.',
      within: 'five working days',
    },
    none: { who: 'nobody', how: `Nothing to remove: ${S} thanks the group for the evidence.`, within: '—' },
  };
  const blockerRoutes = BLOCKER_CODES.map((code) => ({ code, ...ROUTES[code] }));

  const sessionsWithPractice = view.sessions.filter((s) => !s.isLast);
  const practiceDays = sessionsWithPractice.map((s) => kitDate(p, (p.sessions[s.number - 1]?.day ?? 0) + 1, `the day after session ${s.number}`).label);

  const comms = commsMessages(p, view, { ownerName, sponsorName, facilitatorNames, orgOr, cascade }, msg);

  // The leadership cascade: each participant leaves with their own team's programme drafted.
  const teamProgramme = cascade
    ? {
        capstoneTitle: view.programme.capstone?.title ?? "your team's programme",
        planCommand: `cocoon plan --role <your team's role> --start <YYYY-MM-DD> --owner "<name>, <team>" --sponsor "<your name>, <your title>" --facilitators "<name>, <team>; <name>, <team>"${org ? ` --org "${org}"` : ''}`,
      }
    : null;

  return {
    cascade,
    org: orgOr,
    ownerName,
    ownerTeam,
    ownerLine: personLine(p.owner, 'team', 'the business owner'),
    sponsorName,
    sponsorLine: personLine(p.sponsor, 'title', 'the sponsor'),
    sponsorNamed: named(p.sponsor),
    facilitatorNames,
    facilitatorsFrom,
    facilitatorLines: facilitators.map((f) => personLine(f, 'team', 'facilitator')),
    facilitatorsNamed: facilitators.length > 0,
    tool,
    itLed,
    ownershipLine: itLed
      ? itLed.short
      : cascade && !named(p.owner)
        ? 'the executive who commissions it owns it, leaders who already use AI on their own work facilitate it, and IT supports.'
        : `${named(p.owner) ? `${ownerName}${ownerTeam ? ` (${ownerTeam})` : ''} owns it for the business` : `a business owner from ${p.role.name} owns it`} and facilitators from ${p.role.name} run it; IT supports.`,
    onboardingWhen: when(weeksBefore(p, 5)),
    announceWhen: when(weeksBefore(p, 4)),
    storyWhen: when(weeksBefore(p, 2)),
    itAccountsWhen: when(weeksBefore(p, 1)),
    itSettingsWhen: when(weeksBefore(p, 6)),
    prepareWhen: { read: when(weeksBefore(p, 4)), run: when(weeksBefore(p, 3)), rehearse: when(weeksBefore(p, 2)), confirm: when(weeksBefore(p, 1)) },
    firstWorkflow,
    firstWorkflowSession: (firstWorkflow && view.sessions.find((x) => x.taught.some((w) => w.id === firstWorkflow.id))?.number) ?? 1,
    contributePrompt: contributeTemplate(p.role.id, p.role.workflows[0]?.id ?? 'your-workflow'),
    roleId: p.role.id,
    firstWhen: first ? sessionWhen(1) : '',
    lastWhen: last ? sessionWhen(last.number) : '',
    weekRows,
    activities,
    blockerRoutes,
    practiceMinutes: PRACTICE_MINUTES_A_WEEK,
    practiceDays: listJoin(practiceDays),
    protectUntil: lastCheckIn?.shortLabel ?? `${lastCheckIn ? `${lastCheckIn.afterDays} days after the last session` : 'the last session'}`,
    forums: forums.map((f) => ({ number: f.number, label: f.label, start: f.start, end: f.end, minutes: f.minutes })),
    forumMinutes: forums[0]?.minutes ?? 45,
    comms,
    teamProgramme,
  };
}
export type KitsView = ReturnType<typeof kitsView>;

/** The kit pages' templates, added to the pack renderer's list (pipeline/render/markdown.ts). */
export const KIT_PAGE_TEMPLATES = [
  'owner-guide.md.hbs',
  'managers-brief.md.hbs',
  'it-checklist.md.hbs',
  'leader-onboarding.md.hbs',
  'leader-story.md.hbs',
  'leader-close.md.hbs',
  'leader-follow-up.md.hbs',
  'comms-message.md.hbs',
  'facilitator-prepare.md.hbs',
  'champions-guide.md.hbs',
  'champions-session.md.hbs',
  'champions-contribute.md.hbs',
  'team-programme.md.hbs',
] as const;
export type KitPageName = (typeof KIT_PAGE_TEMPLATES)[number];

/** Every kit page of a pack: path → template, and the message a comms page prints. */
export function kitPages(kits: KitsView): { path: string; name: KitPageName; extra?: Record<string, unknown> }[] {
  return [
    { path: 'owner/guide.md', name: 'owner-guide.md.hbs' },
    { path: 'managers/brief.md', name: 'managers-brief.md.hbs' },
    { path: 'it/checklist.md', name: 'it-checklist.md.hbs' },
    { path: 'leader/onboarding.md', name: 'leader-onboarding.md.hbs' },
    { path: 'leader/story.md', name: 'leader-story.md.hbs' },
    { path: 'leader/close.md', name: 'leader-close.md.hbs' },
    { path: 'leader/follow-up.md', name: 'leader-follow-up.md.hbs' },
    ...kits.comms.map((message) => ({ path: message.path, name: 'comms-message.md.hbs' as const, extra: { message } })),
    { path: 'facilitator/prepare.md', name: 'facilitator-prepare.md.hbs' },
    { path: 'champions/guide.md', name: 'champions-guide.md.hbs' },
    { path: 'champions/session.md', name: 'champions-session.md.hbs' },
    { path: 'champions/contribute.md', name: 'champions-contribute.md.hbs' },
    ...(kits.teamProgramme ? [{ path: 'participant/team-programme.md', name: 'team-programme.md.hbs' as const }] : []),
  ];
}
