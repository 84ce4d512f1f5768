import { championForums, kitDate, workingDay, type KitDate } from '../plan/kit-dates.js';
import type { Person } from '../../model/model.js';
import { CASCADE_CAPSTONE, isCascade, isInIt } from '../../model/people.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { commsMessages } from './comms.js';
import { BLOCKER_CODES } from './forms.js';
import type { PackView } from './view.js';
import type { Messages } from './messages.js';
import { upperFirst } from '../../model/text.js';

/**
 * The people kits (issue 19): what the business owner, the sponsor, line managers, IT, facilitators
 * and champions each do, when, and the messages they send. Computed once here, added to the view as
 * `kits`, so the templates stay free of logic. Every string is plain text; templates escape it.
 * Nothing here reads facilitator-only role fields (exercise brief, solution, demo): these pages are
 * read by people other than facilitators.
 */

/** Minutes a week a line manager protects for practice between sessions: one slot the day after each session. */
const PRACTICE_MINUTES_A_WEEK = 60;

const named = (p: Person | undefined): boolean => Boolean(p && !p.tbd && p.name);

function personLine(msg: Messages, p: Person | undefined, extra: 'team' | 'title', fallback: string): string {
  if (!p || p.tbd) return msg.t('kits.toBeNamed', { who: fallback });
  return p[extra] ? `${p.name}, ${p[extra]}` : p.name;
}

/** R, A, C, I for one activity, in the column order of the RACI table. */
type Raci = [owner: string, sponsor: string, facilitators: string, managers: string, it: string, participants: string];

interface Activity {
  what: string;
  when: string;
  raci: Raci;
}

/** The entry a champion fills in to give a prompt back to the role file: the role schema's own shape, its hints in the pack's language. */
function contributeTemplate(roleId: string, workflowId: string, tr: Messages['t']): string {
  return [
    `# roles/${roleId}.yaml, ${tr('kits.sample.where', { workflow: workflowId })}`,
    `- id: ${tr('kits.sample.id')}            # ${tr('kits.sample.idHint')}`,
    `  title: ${tr('kits.sample.title')}`,
    '  template: |',
    `    ${tr('kits.sample.templateStart')} {{thing}}, ${tr('kits.sample.templateEnd')}`,
    '    {{material}}',
    '  variables:',
    `    thing: { description: ${tr('kits.sample.thing')}, example: ${tr('kits.sample.thingExample')} }`,
    `    material: { description: ${tr('kits.sample.material')}, example: ${tr('kits.sample.materialExample')} }`,
    `  weak: ${tr('kits.sample.weak')}`,
    `  verify: [${tr('kits.sample.verify')}]`,
    `# ${tr('kits.sample.credit')}`,
  ].join('\n');
}

export function kitsView(p: PlannedProgramme, view: PackView, msg: Messages) {
  const tr = msg.t;
  const listJoin = msg.list;
  const lowerTitle = msg.inSentence;
  const cascade = isCascade(p.role) && p.capstoneId === CASCADE_CAPSTONE;
  const org = p.org.name ?? null;
  const orgOr = org ?? tr('kits.yourOrganisation');
  const ownerName = named(p.owner) ? p.owner!.name : tr('kits.theBusinessOwner');
  const ownerTeam = named(p.owner) ? (p.owner!.team ?? null) : null;
  const sponsorName = view.programme.sponsorShort;
  const facilitators = p.facilitators.filter((f) => !f.tbd);
  const facilitatorNames = facilitators.length ? listJoin(facilitators.map((f) => f.name)) : tr('kits.theFacilitators');
  const first = p.sessions[0];
  const last = p.sessions.at(-1);
  const lastCheckIn = p.checkIns.at(-1);
  const tool = listJoin(p.tools, 'or');
  // A cascade's participants are the leaders: its facilitators are leaders who already use AI, not "people from Leadership".
  const facilitatorsFrom = cascade ? tr('kits.facilitatorsFromCascade') : tr('kits.facilitatorsFrom', { role: p.role.name });
  const firstWorkflow = view.workflows[0] ?? null;

  // Who is in IT: the pack says so instead of claiming to be business-led (ownership/it-led still warns).
  const ownerIt = isInIt(p.owner);
  const sponsorIt = isInIt(p.sponsor);
  const facilitatorsIt = facilitators.length > 0 && facilitators.every((f) => isInIt(f));
  const paren = (p: Person | undefined, extra: 'team' | 'title'): string =>
    p && !p.tbd ? `${p.name}${p[extra] ? ` (${p[extra]})` : ''}` : tr('view.toBeNamed');
  const itNames = [
    ownerIt ? tr('kits.itLed.owner', { who: paren(p.owner, 'team') }) : null,
    sponsorIt ? tr('kits.itLed.sponsor', { who: paren(p.sponsor, 'title') }) : null,
    facilitatorsIt ? tr('kits.itLed.facilitators', { n: facilitators.length, who: listJoin(facilitators.map((f) => paren(f, 'team'))) }) : null,
  ].filter((x): x is string => Boolean(x));
  const itRoles = [
    ownerIt && tr('kits.itLed.roleOwner'),
    sponsorIt && tr('kits.itLed.roleSponsor'),
    facilitatorsIt && tr('kits.itLed.roleFacilitators', { n: facilitators.length }),
  ].filter((x): x is string => Boolean(x));
  const many = String(!(itNames.length === 1 && (!facilitatorsIt || facilitators.length === 1)));
  const role = p.role.name;
  const itLed = itNames.length
    ? {
        claim: tr('kits.itLed.claim', { who: listJoin(itNames), many }),
        short: tr('kits.itLed.short', { who: listJoin(itRoles), many }),
        mustOwn: [tr('kits.itLed.mustOwn1', { role }), tr('kits.itLed.mustOwn2', { role }), tr('kits.itLed.mustOwn3', { role }), tr('kits.itLed.mustOwn4')],
      }
    : null;

  const when = (d: KitDate): string => (d.date ? (msg.shortOf({ date: d.date, shortLabel: d.label }) ?? d.label) : d.label);
  const weeksBefore = (_: PlannedProgramme, weeks: number): KitDate => kitDate(p, -7 * weeks, tr('kits.weeksBefore', { weeks }));
  const sessionWhen = (n: number) => view.sessions[n - 1]?.whenLabel ?? tr('kits.sessionN', { n });
  const firstLabel = (first && msg.shortOf(first)) ?? tr('kits.sessionN', { n: 1 });
  const lastLabel = (last && msg.shortOf(last)) ?? tr('kits.sessionN', { n: last?.number ?? 1 });
  const lastCheckInLabel = lastCheckIn ? msg.shortOf(lastCheckIn) : undefined;

  // The owner's run-up, week by week, then the sessions, the check-ins and the champions' forums.
  const forums = championForums(p);
  const reminderText = (n: number): string => {
    const d = workingDay(p, p.sessions[n - 1]?.day ?? 0, 2, '');
    return d.date ? tr('kits.reminderDated', { date: when(d), n }) : tr('kits.reminderUndated', { n });
  };
  /** One task in the owner's week: plain text, and the page of the pack that helps with it. */
  // Each line of the week-by-week plan is a sentence, even when it opens with a name ("the sponsor finishes…").
  const t = (text: string, label: string | null = null, href: string | null = null) => ({ text: upperFirst(text), label, href });
  const weekRows: { when: string; who: string; what: ReturnType<typeof t>[] }[] = [
    {
      when: when(weeksBefore(p, 8)),
      who: ownerName,
      what: [t(tr('kits.week.agree', { sponsor: sponsorName, size: p.groupSize, last: last?.number ?? 1 }))],
    },
    {
      when: when(weeksBefore(p, 7)),
      who: ownerName,
      what: [
        t(tr('kits.week.name', { from: facilitatorsFrom, names: facilitatorNames }), tr('kits.link.prepare'), '../facilitator/prepare.md'),
        t(tr('kits.week.release')),
      ],
    },
    {
      when: when(weeksBefore(p, 6)),
      who: tr('kits.week.withIt', { who: ownerName }),
      what: [t(tr('kits.week.itChecklist', { tool, size: p.groupSize }), tr('kits.link.itChecklist'), '../it/checklist.md'), t(tr('kits.week.dataRules'))],
    },
    {
      when: when(weeksBefore(p, 5)),
      who: tr('kits.week.withFacilitator', { who: sponsorName }),
      what: [
        t(
          tr('kits.week.onboarding', { sponsor: sponsorName, workflow: firstWorkflow ? lowerTitle(firstWorkflow.title) : tr('kits.week.theFirstWorkflow') }),
          tr('kits.link.onboarding'),
          '../leader/onboarding.md',
        ),
      ],
    },
    {
      when: when(weeksBefore(p, 4)),
      who: sponsorName,
      what: [
        t(tr('kits.week.announce'), tr('kits.link.announcement'), '../comms/announcement.md'),
        t(tr('kits.week.managersNote'), tr('kits.link.managers'), '../comms/managers.md'),
      ],
    },
    {
      when: when(weeksBefore(p, 3)),
      who: ownerName,
      what: [t(tr('kits.week.invite'), tr('kits.link.invitation'), '../comms/invitation.md'), t(tr('kits.week.runExercises'))],
    },
    {
      when: when(weeksBefore(p, 2)),
      who: tr('kits.week.andFacilitators', { who: ownerName }),
      what: [t(tr('kits.week.dryRun')), t(tr('kits.week.story', { sponsor: sponsorName }), tr('kits.link.story'), '../leader/story.md')],
    },
    {
      when: when(weeksBefore(p, 1)),
      who: tr('kits.week.withIt', { who: ownerName }),
      what: [t(tr('kits.week.signIn')), t(tr('kits.week.remindFirst'), tr('kits.link.reminder'), '../comms/reminder-session-1.md')],
    },
    ...view.sessions.map((s) => ({
      when: s.whenLabel,
      who: tr('kits.week.andFacilitators', { who: s.isFirst || s.isLast ? `${ownerName}, ${sponsorName}` : ownerName }),
      what: [
        s.isFirst
          ? t(tr('kits.week.sessionFirst', { sponsor: sponsorName }))
          : s.isLast
            ? t(tr('kits.week.sessionLast', { n: s.number, sponsor: sponsorName }), tr('kits.link.afterShowcase'), '../comms/after-showcase.md')
            : t(tr('kits.week.sessionMiddle', { n: s.number, previous: s.number - 1 })),
        ...(s.isLast ? [] : [t(reminderText(s.number + 1), tr('kits.link.reminderFor', { n: s.number + 1 }), `../comms/reminder-session-${s.number + 1}.md`)]),
      ],
    })),
    ...view.checkIns.map((c, i) => ({
      when: c.whenLabel,
      who: tr('kits.week.andFacilitators', { who: ownerName }),
      what: [
        t(tr('kits.week.checkIn', { n: c.number })),
        ...(i === view.checkIns.length - 1 ? [t(tr('kits.week.report'), tr('kits.link.champions'), '../champions/guide.md')] : []),
      ],
    })),
    ...forums.map((f) => ({
      when: when(f),
      who: tr('kits.week.champions'),
      what: [t(tr('kits.week.forum', { n: f.number, count: forums.length, minutes: f.minutes }))],
    })),
  ];

  const S = sponsorName;
  const activities: Activity[] = [
    { what: tr('kits.raci.choose'), when: when(weeksBefore(p, 8)), raci: ['A/R', 'C', 'C', 'C', 'I', 'I'] },
    { what: tr('kits.raci.prepare'), when: when(weeksBefore(p, 7)), raci: ['A', 'I', 'R', 'C', '—', '—'] },
    { what: tr('kits.raci.dataRules'), when: when(weeksBefore(p, 6)), raci: ['A/R', 'I', 'C', 'I', 'C', 'I'] },
    { what: tr('kits.raci.accounts'), when: when(weeksBefore(p, 6)), raci: ['A', '—', 'I', '—', 'R', 'I'] },
    { what: tr('kits.raci.onboarding'), when: when(weeksBefore(p, 5)), raci: ['C', 'A/R', 'R', '—', '—', '—'] },
    { what: tr('kits.raci.announce'), when: when(weeksBefore(p, 4)), raci: ['C', 'A/R', 'I', 'I', 'I', 'I'] },
    { what: tr('kits.raci.brief'), when: when(weeksBefore(p, 4)), raci: ['R', 'A', '—', 'I', '—', '—'] },
    { what: tr('kits.raci.invite'), when: tr('kits.raci.inviteWhen', { date: when(weeksBefore(p, 3)) }), raci: ['A/R', '—', 'C', 'I', '—', 'I'] },
    { what: tr('kits.raci.rehearse'), when: when(weeksBefore(p, 2)), raci: ['A', '—', 'R', '—', 'C', '—'] },
    { what: tr('kits.raci.run'), when: tr('kits.raci.fromTo', { from: firstLabel, to: lastLabel }), raci: ['A', 'I', 'R', 'I', 'C', 'C'] },
    { what: tr('kits.raci.openClose'), when: tr('kits.raci.both', { first: firstLabel, last: lastLabel }), raci: ['C', 'A/R', 'C', '—', '—', 'I'] },
    {
      what: tr('kits.raci.protect'),
      when: tr('kits.raci.fromTo', { from: firstLabel, to: lastCheckInLabel ?? lastLabel }),
      raci: ['A', 'C', '—', 'R', '—', 'I'],
    },
    { what: tr('kits.raci.practise'), when: tr('kits.raci.betweenSessions'), raci: ['I', '—', 'C', 'C', '—', 'A/R'] },
    { what: tr('kits.raci.forms'), when: tr('kits.raci.formsWhen'), raci: ['A', 'I', 'R', '—', '—', 'C'] },
    { what: tr('kits.raci.blockers'), when: tr('kits.raci.blockersWhen'), raci: ['A/R', 'R', 'C', 'R', 'R', 'I'] },
    { what: tr('kits.raci.results'), when: lastCheckInLabel ?? tr('kits.raci.afterLastCheckIn'), raci: ['R', 'A', 'C', 'I', 'I', 'I'] },
    {
      what: tr('kits.raci.champions'),
      when: forums.length ? tr('kits.raci.fromTo', { from: when(forums[0]!), to: when(forums.at(-1)!) }) : tr('kits.raci.afterLastCheckIn'),
      raci: ['A', 'I', 'C', 'C', '—', 'R'],
    },
  ];

  // Who removes which blocker code from the check-in forms, and how.
  // Every page that routes a blocker (owner guide, managers' brief, leader follow-up) reads these, so one code goes one way.
  const routeValues = { tool, owner: ownerName, minutes: PRACTICE_MINUTES_A_WEEK, sponsor: S };
  const route = (code: string) => ({
    who: tr(`kits.route.${code}.who`, routeValues),
    how: tr(`kits.route.${code}.how`, routeValues),
    within: tr(`kits.route.${code}.within`, routeValues),
  });
  const blockerRoutes = BLOCKER_CODES.map((code) => ({ code, ...route(code) }));

  const sessionsWithPractice = view.sessions.filter((s) => !s.isLast);
  const practiceDays = sessionsWithPractice.map((s) => when(kitDate(p, (p.sessions[s.number - 1]?.day ?? 0) + 1, tr('kits.dayAfterSession', { n: s.number }))));

  const comms = commsMessages(p, view, { ownerName, sponsorName, facilitatorNames, orgOr, cascade }, msg);

  // The leadership cascade: each participant leaves with their own team's programme drafted.
  const teamProgramme = cascade
    ? {
        capstoneTitle: view.programme.capstone?.title ?? tr('kits.capstoneFallback'),
        planCommand: `cocoon plan --role <${tr('kits.command.role')}> --start <YYYY-MM-DD> --owner "<${tr('kits.command.name')}>, <${tr('kits.command.team')}>" --sponsor "<${tr('kits.command.yourName')}>, <${tr('kits.command.yourTitle')}>" --facilitators "<${tr('kits.command.name')}>, <${tr('kits.command.team')}>; <${tr('kits.command.name')}>, <${tr('kits.command.team')}>"${org ? ` --org "${org}"` : ''}`,
      }
    : null;

  return {
    cascade,
    org: orgOr,
    ownerName,
    ownerTeam,
    ownerLine: personLine(msg, p.owner, 'team', tr('kits.theBusinessOwner')),
    sponsorName,
    sponsorLine: personLine(msg, p.sponsor, 'title', tr('kits.theSponsor')),
    sponsorNamed: named(p.sponsor),
    facilitatorNames,
    facilitatorsFrom,
    facilitatorLines: facilitators.map((f) => personLine(msg, f, 'team', tr('kits.facilitator'))),
    facilitatorsNamed: facilitators.length > 0,
    tool,
    itLed,
    ownershipLine: itLed
      ? itLed.short
      : cascade && !named(p.owner)
        ? tr('kits.ownership.cascade')
        : named(p.owner)
          ? ownerTeam
            ? tr('kits.ownership.namedTeam', { owner: ownerName, team: ownerTeam, role })
            : tr('kits.ownership.named', { owner: ownerName, role })
          : tr('kits.ownership.unnamed', { role }),
    onboardingWhen: when(weeksBefore(p, 5)),
    announceWhen: when(weeksBefore(p, 4)),
    storyWhen: when(weeksBefore(p, 2)),
    itAccountsWhen: when(weeksBefore(p, 1)),
    itSettingsWhen: when(weeksBefore(p, 6)),
    prepareWhen: { read: when(weeksBefore(p, 4)), run: when(weeksBefore(p, 3)), rehearse: when(weeksBefore(p, 2)), confirm: when(weeksBefore(p, 1)) },
    firstWorkflow,
    firstWorkflowSession: (firstWorkflow && view.sessions.find((x) => x.taught.some((w) => w.id === firstWorkflow.id))?.number) ?? 1,
    contributePrompt: contributeTemplate(p.role.id, p.role.workflows[0]?.id ?? 'your-workflow', tr),
    roleId: p.role.id,
    firstWhen: first ? sessionWhen(1) : '',
    lastWhen: last ? sessionWhen(last.number) : '',
    weekRows,
    activities,
    blockerRoutes,
    practiceMinutes: PRACTICE_MINUTES_A_WEEK,
    practiceDays: listJoin(practiceDays),
    protectUntil: lastCheckInLabel ?? (lastCheckIn ? tr('kits.daysAfterLast', { days: lastCheckIn.afterDays }) : tr('kits.theLastSession')),
    forums: forums.map((f) => ({ number: f.number, label: when(f), start: f.start, end: f.end, minutes: f.minutes })),
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
