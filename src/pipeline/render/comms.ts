import { championForums, kitDate, weeksBefore, workingDay } from '../plan/kit-dates.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { listJoin } from '../../model/text.js';
import type { PackView } from './view.js';

/**
 * The programme's messages (issue 19), in the organisation's and people's names with the dates of
 * the schedule: each is printed as Markdown for reading and as plain text to paste into an email.
 * Short on purpose: an announcement nobody reads to the end announces nothing.
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

function plainText(subject: string, body: MessagePart[]): string {
  const parts = body.map((b) => (b.items ? b.items.map((i) => `- ${i}`).join('\n') : b.para!));
  return [`Subject: ${subject}`, ...parts].join('\n\n');
}

function message(m: Omit<Message, 'plain' | 'path'>): Message {
  return { ...m, path: `comms/${m.name}.md`, plain: plainText(m.subject, m.body) };
}

const lower = (t: string): string => (/^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);

export interface People {
  ownerName: string;
  sponsorName: string;
  facilitatorNames: string;
  orgOr: string;
  cascade: boolean;
}

export function commsMessages(p: PlannedProgramme, view: PackView, who: People): Message[] {
  const { ownerName, sponsorName, facilitatorNames, orgOr, cascade } = who;
  void facilitatorNames;
  const prog = view.programme;
  const sponsorSign = p.sponsor && !p.sponsor.tbd ? `${p.sponsor.name}${p.sponsor.title ? `, ${p.sponsor.title}` : ''}` : prog.sponsorLabelStart;
  const ownerSign = p.owner && !p.owner.tbd ? `${p.owner.name}${p.owner.team ? `, ${p.owner.team}` : ''}` : 'The business owner (to be named)';
  const first = p.sessions[0];
  const last = p.sessions.at(-1);
  const firstLabel = first?.shortLabel ?? 'week 1';
  const lastLabel = last?.shortLabel ?? `session ${last?.number ?? 1}`;
  const tool = listJoin(p.tools, 'or');
  const audience = p.role.audience?.length ? listJoin(p.role.audience.map((a) => `${a}s`)) : `${p.role.name} teams`;
  const workflows = listJoin(view.workflows.map((w) => lower(w.title)));
  const firstWorkflow = view.workflows[0];
  const never = p.dataPolicy.forbidden.slice(0, 3);
  const forums = championForums(p);
  const lastCheckIn = p.checkIns.at(-1);
  const protectUntil = lastCheckIn?.shortLabel ?? (lastCheckIn ? `${lastCheckIn.afterDays} days after the last session` : 'the last session');
  const itSupports = 'IT makes sure the tool and your account work.';
  const dates = [
    ...view.sessions.map((s) => `Session ${s.number}, ${s.whenLabel}: ${s.title}`),
    ...view.checkIns.map((c) => `Check-in ${c.number}, ${c.whenLabel} (${c.minutes} minutes)`),
  ];
  const bringFirst = [
    `A laptop signed in to ${tool}. If you cannot sign in, tell ${ownerName} now, not on the day.`,
    firstWorkflow
      ? `How many minutes ${lower(firstWorkflow.title)} takes you today: you will write it on the baseline form.`
      : 'How long your most repetitive task takes you today, in minutes.',
    'One recent example of that work, with names and anything confidential taken out.',
    ...(cascade ? ['The name of the team whose AI-adoption programme you will sponsor.'] : []),
  ];

  const messages: Message[] = [
    message({
      name: 'announcement',
      title: 'Announcement from the sponsor',
      from: sponsorSign,
      to: cascade ? `The leaders taking part, at ${orgOr}` : `${audience} at ${orgOr}`,
      send: kitDate(p, -28, '4 weeks before session 1').label,
      subject: `${p.title}: starting ${firstLabel}`,
      body: [
        para(
          cascade
            ? `I want every leader at ${orgOr} to use AI on their own work, openly, and then to lead their own team's programme. Our teams will do what they see us do.`
            : `I want ${p.role.name} at ${orgOr} to use AI on our own work, the way we actually do it, not as a tour of a tool.`,
        ),
        para(
          `So we are running ${p.title}: ${prog.sessionCountLabel}, every ${p.schedule.every} days, from ${view.firstWhen}. Each session takes one of our real workflows (${workflows}), and between sessions you practise it on your own work.`,
        ),
        para(
          view.programme.facilitatorsLabel === 'to be named'
            ? `${ownerName} owns the programme, and people who do this work run the sessions. ${itSupports}`
            : `${ownerName} owns the programme, and ${facilitatorNames} run the sessions: people who do this work. ${itSupports}`,
        ),
        para(
          'What I ask of you: try it on real work, and tell us what you had to correct. Nobody is expected to be good at this yet, me included. I will open session 1 with my own first attempt, and what went wrong with it.',
        ),
        ...(cascade ? [para('Each of you will leave with a draft of the programme you will sponsor for your own team.')] : []),
        para(`One rule from day one: use only ${tool}${never.length ? `, and never paste any of these into it: ${never.join('; ')}` : ''}.`),
        para(sponsorSign),
      ],
    }),
    message({
      name: 'invitation',
      title: 'Invitation to participants',
      from: ownerSign,
      to: 'Each participant',
      send: weeksBefore(p, 3).label,
      subject: `Your place on ${p.title}, from ${firstLabel}`,
      body: [
        para(`You have a place on ${p.title}. Please keep these dates free:`),
        items(dates),
        para('What to bring to session 1:'),
        items(bringFirst),
        para(
          `Your line manager knows about the programme and has been asked to protect about an hour a week for practice until ${protectUntil}. Groups are ${p.groupSize} people or fewer, and mistakes are expected: that is how the sessions work.`,
        ),
        para(`Questions to me, ${ownerName}.`),
        para(ownerSign),
      ],
    }),
    ...view.sessions.map((s, i) => {
      const previous = view.sessions[i - 1];
      const bring = s.isFirst
        ? bringFirst
        : [
            ...(previous?.practice ?? []).map(
              (w) =>
                `${w.practice?.title ?? w.title}, on ${w.assignment.asked}: ${w.practice?.evidence.length ? w.practice.evidence.map(lower).join('; ') : 'what you tried and one output you had to correct'}.`,
            ),
            ...(s.isLast ? [`Your capstone and its one-page showcase sheet: ${sponsorName} will be there to see it.`] : ['Where your capstone has got to.']),
          ];
      return message({
        name: `reminder-session-${s.number}`,
        title: `Reminder before session ${s.number}`,
        from: ownerSign,
        to: 'Each participant',
        send: workingDay(p, p.sessions[i]?.day ?? 0, 2, `two working days before session ${s.number}`).label,
        subject: `Session ${s.number} of ${p.title}, ${s.shortWhen}`,
        body: [
          para(`Session ${s.number}, ${s.title}: ${s.whenLabel}.`),
          para('Please bring:'),
          items(bring.length ? bring : ['What you tried since the last session.']),
          para(
            s.isFirst
              ? 'If you cannot sign in to the tool, reply today.'
              : 'If you could not do the practice, come anyway and say what got in the way: that is useful too.',
          ),
          para(ownerSign),
        ],
      });
    }),
    message({
      name: 'managers',
      title: 'Note to line managers',
      from: sponsorSign,
      to: `Line managers of the participants, copied to ${ownerName}`,
      send: kitDate(p, -28, '4 weeks before session 1').label,
      subject: `Your team and ${p.title}: what I am asking of you`,
      body: [
        para(
          `Some of your people have a place on ${p.title}, from ${firstLabel} to ${lastLabel}. Whether it changes how they work depends more on you than on the sessions.`,
        ),
        items([
          'Protect the session times. The dates are in the invitation they received.',
          `Protect about an hour a week of practice on real work, the day after each session is best, until ${protectUntil}.`,
          'Ask in your one-to-ones: "What did you try with AI this week, and what did you have to correct?"',
          'Do not set targets, count outputs or compare people: they will stop showing you their mistakes.',
          `When something gets in the way (access, data rules, time), tell ${ownerName}.`,
        ]),
        para('The one-page brief for managers is in the programme pack, managers/brief.md.'),
        para(sponsorSign),
      ],
    }),
    message({
      name: 'after-showcase',
      title: 'Message after the showcase',
      from: sponsorSign,
      to: 'The participants, copied to their line managers',
      send: workingDay(p, last?.day ?? 0, -1, 'the working day after the last session').label,
      subject: `Thank you: the ${p.title} showcase`,
      body: [
        para(
          `Thank you to everyone who showed their work on ${lastLabel}. ${prog.capstone ? `I saw ${lower(prog.capstone.title)} drafted with AI and checked by you, with your minutes against the baseline` : 'I saw real work drafted with AI and checked by you'}, and the corrections you made. The corrections are the part I value most.`,
        ),
        para(
          'What I will do next: use AI on my own work and show you one piece of it each month, including what it got wrong. I have asked your managers to keep the practice time until the last check-in.',
        ),
        ...(cascade
          ? [
              para(
                "Your next step: launch your own team's programme from the draft you brought to the showcase. I will ask you for its start date at our next one-to-one.",
              ),
            ]
          : []),
        para(`The check-ins: ${prog.checkInsLabel}. Five minutes each; your answers are recorded against a participant id, never your name.`),
        para(
          `If you did the practice and would like to help the next group, tell ${ownerName}: champions meet for ${forums[0]?.minutes ?? 45} minutes a month${forums[0] ? `, first on ${forums[0].label}` : ''}.`,
        ),
        para(sponsorSign),
      ],
    }),
  ];
  return messages;
}
