import { championForums, kitDate, workingDay, type KitDate } from '../plan/kit-dates.js';
import type { PlannedProgramme } from '../plan/plan.js';
import type { Messages } from './messages.js';
import type { PackView } from './view.js';

/**
 * The programme's messages (issue 19), in the organisation's and people's names with the dates of
 * the schedule: each is printed as Markdown for reading and as plain text to paste into an email.
 * Short on purpose: an announcement nobody reads to the end announces nothing. The words are in the
 * catalogue (templates/messages/<lang>.yaml, `comms.*`); this file decides which applies, with which facts.
 */

interface MessagePart {
  para: string | null;
  items: string[] | null;
}

export interface Message {
  /** File name without .md, under comms/. */
  name: string;
  path: string;
  title: string;
  from: string;
  to: string;
  send: string;
  subject: string;
  body: MessagePart[];
  plain: string;
}

const para = (text: string): MessagePart => ({ para: text, items: null });
const items = (list: string[]): MessagePart => ({ para: null, items: list });

function plainText(msg: Messages, subject: string, body: MessagePart[]): string {
  const parts = body.map((b) => (b.items ? b.items.map((i) => `- ${i}`).join('\n') : b.para!));
  return [msg.t('comms.subjectLine', { subject }), ...parts].join('\n\n');
}

export interface People {
  ownerName: string;
  sponsorName: string;
  facilitatorNames: string;
  orgOr: string;
  cascade: boolean;
}

export function commsMessages(p: PlannedProgramme, view: PackView, who: People, msg: Messages): Message[] {
  const { ownerName, sponsorName, facilitatorNames, orgOr, cascade } = who;
  const t = msg.t;
  const message = (m: Omit<Message, 'plain' | 'path'>): Message => ({ ...m, path: `comms/${m.name}.md`, plain: plainText(msg, m.subject, m.body) });
  const label = (d: KitDate): string => (d.date ? (msg.shortOf({ date: d.date, shortLabel: d.label }) ?? d.label) : d.label);
  const weeks = (n: number) => label(kitDate(p, -7 * n, t('comms.weeksBefore', { weeks: n })));
  const prog = view.programme;
  const sponsorSign = p.sponsor && !p.sponsor.tbd ? `${p.sponsor.name}${p.sponsor.title ? `, ${p.sponsor.title}` : ''}` : prog.sponsorLabelStart;
  const ownerSign = p.owner && !p.owner.tbd ? `${p.owner.name}${p.owner.team ? `, ${p.owner.team}` : ''}` : t('comms.ownerTbd');
  const first = p.sessions[0];
  const last = p.sessions.at(-1);
  const firstLabel = (first && msg.shortOf(first)) ?? t('comms.firstFallback');
  const lastLabel = (last && msg.shortOf(last)) ?? t('comms.sessionN', { n: last?.number ?? 1 });
  const tool = msg.list(p.tools, 'or');
  const audience = p.role.audience?.length
    ? msg.list(p.role.audience.map((a) => t('comms.audienceMembers', { audience: a })))
    : t('comms.roleTeams', { role: p.role.name });
  const workflows = msg.list(view.workflows.map((w) => msg.inSentence(w.title)));
  const firstWorkflow = view.workflows[0];
  const never = p.dataPolicy.forbidden.slice(0, 3);
  const forums = championForums(p);
  const lastCheckIn = p.checkIns.at(-1);
  const protectUntil =
    (lastCheckIn && msg.shortOf(lastCheckIn)) ?? (lastCheckIn ? t('comms.daysAfterLast', { days: lastCheckIn.afterDays }) : t('comms.theLastSession'));
  const itSupports = t('comms.itSupports');
  // The view says "to be named" when nobody, or one unnamed facilitator without a team, is planned.
  const unnamed = !p.facilitators.length || (p.facilitators.length === 1 && p.facilitators[0]!.tbd && !p.facilitators[0]!.team);
  const dates = [
    ...view.sessions.map((s) => t('comms.dates.session', { n: s.number, when: s.whenLabel, title: s.title })),
    ...view.checkIns.map((c) => t('comms.dates.checkIn', { n: c.number, when: c.whenLabel, minutes: c.minutes })),
  ];
  const bringFirst = [
    t('comms.bring.tool', { tool, owner: ownerName }),
    firstWorkflow ? t('comms.bring.minutes', { workflow: msg.inSentence(firstWorkflow.title) }) : t('comms.bring.minutesAny'),
    t('comms.bring.example'),
    ...(cascade ? [t('comms.bring.team')] : []),
  ];

  const messages: Message[] = [
    message({
      name: 'announcement',
      title: t('comms.announcement.title'),
      from: sponsorSign,
      to: cascade ? t('comms.announcement.toCascade', { org: orgOr }) : t('comms.announcement.to', { audience, org: orgOr }),
      send: weeks(4),
      subject: t('comms.announcement.subject', { title: p.title, first: firstLabel }),
      body: [
        para(cascade ? t('comms.announcement.whyCascade', { org: orgOr }) : t('comms.announcement.why', { role: p.role.name, org: orgOr })),
        para(
          t('comms.announcement.what', {
            title: p.title,
            sessions: prog.sessionCountLabel,
            every: p.schedule.every,
            first: view.firstWhen,
            workflows,
          }),
        ),
        para(
          unnamed
            ? t('comms.announcement.whoUnnamed', { owner: ownerName, it: itSupports })
            : t('comms.announcement.who', { owner: ownerName, facilitators: facilitatorNames, it: itSupports }),
        ),
        para(t('comms.announcement.ask')),
        ...(cascade ? [para(t('comms.announcement.cascade'))] : []),
        para(never.length ? t('comms.announcement.ruleNever', { tool, never: never.join('; ') }) : t('comms.announcement.rule', { tool })),
        para(sponsorSign),
      ],
    }),
    message({
      name: 'invitation',
      title: t('comms.invitation.title'),
      from: ownerSign,
      to: t('comms.invitation.to'),
      send: weeks(3),
      subject: t('comms.invitation.subject', { title: p.title, first: firstLabel }),
      body: [
        para(t('comms.invitation.dates', { title: p.title })),
        items(dates),
        para(t('comms.invitation.bring')),
        items(bringFirst),
        para(t('comms.invitation.manager', { until: protectUntil, size: p.groupSize })),
        para(t('comms.invitation.questions', { owner: ownerName })),
        para(ownerSign),
      ],
    }),
    ...view.sessions.map((s, i) => {
      const previous = view.sessions[i - 1];
      const bring = s.isFirst
        ? bringFirst
        : [
            ...(previous?.practice ?? []).map((w) =>
              t('comms.reminder.practice', {
                title: w.practice?.title ?? w.title,
                asked: w.assignment.asked,
                evidence: w.practice?.evidence.length ? w.practice.evidence.map((e) => msg.inSentence(e)).join('; ') : t('comms.reminder.practiceAny'),
              }),
            ),
            ...(s.isLast ? [t('comms.reminder.capstoneLast', { sponsor: sponsorName })] : [t('comms.reminder.capstone')]),
          ];
      return message({
        name: `reminder-session-${s.number}`,
        title: t('comms.reminder.title', { n: s.number }),
        from: ownerSign,
        to: t('comms.reminder.to'),
        send: label(workingDay(p, p.sessions[i]?.day ?? 0, 2, t('comms.reminder.send', { n: s.number }))),
        subject: t('comms.reminder.subject', { n: s.number, title: p.title, when: s.shortWhen }),
        body: [
          para(t('comms.reminder.line', { n: s.number, title: s.title, when: s.whenLabel })),
          para(t('comms.reminder.bring')),
          items(bring.length ? bring : [t('comms.reminder.nothing')]),
          para(s.isFirst ? t('comms.reminder.signIn') : t('comms.reminder.comeAnyway')),
          para(ownerSign),
        ],
      });
    }),
    message({
      name: 'managers',
      title: t('comms.managers.title'),
      from: sponsorSign,
      to: t('comms.managers.to', { owner: ownerName }),
      send: weeks(4),
      subject: t('comms.managers.subject', { title: p.title }),
      body: [
        para(t('comms.managers.intro', { title: p.title, first: firstLabel, last: lastLabel })),
        items([
          t('comms.managers.protectSessions'),
          t('comms.managers.protectPractice', { until: protectUntil }),
          t('comms.managers.ask'),
          t('comms.managers.noTargets'),
          t('comms.managers.blockers', { owner: ownerName }),
        ]),
        para(t('comms.managers.brief')),
        para(sponsorSign),
      ],
    }),
    message({
      name: 'after-showcase',
      title: t('comms.afterShowcase.title'),
      from: sponsorSign,
      to: t('comms.afterShowcase.to'),
      send: label(workingDay(p, last?.day ?? 0, -1, t('comms.afterShowcase.send'))),
      subject: t('comms.afterShowcase.subject', { title: p.title }),
      body: [
        para(
          prog.capstone
            ? t('comms.afterShowcase.thanks', { last: lastLabel, capstone: msg.inSentence(prog.capstone.title) })
            : t('comms.afterShowcase.thanksAny', { last: lastLabel }),
        ),
        para(t('comms.afterShowcase.next')),
        ...(cascade ? [para(t('comms.afterShowcase.cascade'))] : []),
        para(t('comms.afterShowcase.checkIns', { checkIns: prog.checkInsLabel })),
        para(
          // Undated, the forum is a phrase of the plan's ("4 weeks after …"), English: other languages leave the date out.
          forums[0] && (forums[0].date || msg.lang === 'en')
            ? t('comms.afterShowcase.champions', { owner: ownerName, minutes: forums[0].minutes, date: label(forums[0]) })
            : t('comms.afterShowcase.championsUndated', { owner: ownerName, minutes: 45 }),
        ),
        para(sponsorSign),
      ],
    }),
  ];
  return messages;
}
