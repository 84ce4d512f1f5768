import icalGenerator, { type ICalCalendar } from 'ical-generator';
import { FORUM_COUNT, championForums } from '../plan/kit-dates.js';
import { deliveryWords } from '../../model/delivery.js';
import { upperFirst } from '../../model/text.js';
import type { PlannedProgramme, PlannedSession } from '../plan/plan.js';
import { icsText, icsValue } from '../../model/escape/ics.js';
import { uriPath } from '../../model/escape/uri.js';
import type { PackFile } from '../../model/pack.js';
import type { Messages } from './messages.js';

/**
 * calendar.ics (RFC 5545) through ical-generator, which handles folding at 75 octets and TEXT escaping of
 * event properties. Every value goes through the escaping layer (model/escape/ics.ts): icsText for what
 * ical-generator writes raw (the calendar's NAME and X-WR-CALNAME), icsValue for what it escapes itself.
 * Times are written in UTC (computed from the programme's IANA zone by luxon), so every client shows
 * the right local time on both sides of a DST change without a VTIMEZONE block.
 * UIDs are stable and unique per programme, cohort start and event (`<id>-<start>-session-<n>`,
 * `<id>-<start>-check-in-<n>`): two cohorts of one role import into one calendar side by side, and a
 * rebuild replaces its own events. DTSTAMP comes from the inputs, never the clock; SEQUENCE is raised
 * when an event's time changes (carrySequences, from the calendar already in the pack).
 */
export function renderCalendar(p: PlannedProgramme, msg: Messages): PackFile | undefined {
  const t = msg.t;
  const first = p.sessions[0];
  if (!first?.startUtc || !p.schedule.start) return undefined;
  const stamp = new Date(`${p.schedule.start}T00:00:00Z`);
  const cal = icalGenerator({
    name: icsText(p.title),
    prodId: { company: 'cocoon', product: 'cocoon-cli', language: prodLanguage(msg) },
  });
  const domain = 'cocoon.invalid';
  const cohort = `${p.id}-${p.schedule.start}`;
  const location = icsValue(locationOf(p, msg));
  const join = deliveryWords(p.delivery, p.location, t).join;
  for (const s of p.sessions) {
    const agenda = s.blocks.map((b) => `${msg.time(b.start)}–${msg.time(b.end)} ${b.title}`).join('\n');
    const parts = [
      agenda,
      s.objectives.length ? `${t('ics.objectives')}\n${s.objectives.map((o) => `- ${o}`).join('\n')}` : '',
      `${t('ics.bring')}\n${bringList(p, s, msg)
        .map((o) => `- ${o}`)
        .join('\n')}`,
      join,
      t('ics.handout', { n: s.number, title: s.title, link: handoutLink(p, `participant/session-${s.number}`) }),
    ];
    cal.createEvent({
      id: `${cohort}-session-${s.number}@${domain}`,
      start: new Date(s.startUtc!),
      end: new Date(s.endUtc!),
      stamp,
      summary: icsValue(t('ics.session', { programme: p.title, n: s.number, title: s.title })),
      description: icsValue(parts.filter(Boolean).join('\n\n')),
      location,
    });
  }
  for (const [i, c] of p.checkIns.entries()) {
    cal.createEvent({
      // Numbered, not keyed by after_days: two check-ins on the same day are still two events.
      id: `${cohort}-check-in-${i + 1}@${domain}`,
      start: new Date(c.startUtc!),
      end: new Date(c.endUtc!),
      stamp,
      summary: icsValue(t('ics.checkIn', { programme: p.title, days: c.afterDays })),
      description: icsValue(
        [t('ics.checkInBring'), join, t('ics.checkInForm', { link: handoutLink(p, 'participant/check-ins') })].filter(Boolean).join('\n\n'),
      ),
      location,
    });
  }
  // The champions' forums (issue 19): three months of a community of practice after the last check-in.
  for (const f of championForums(p)) {
    if (!f.startUtc || !f.endUtc) continue;
    cal.createEvent({
      id: `${cohort}-champions-forum-${f.number}@${domain}`,
      start: new Date(f.startUtc),
      end: new Date(f.endUtc),
      stamp,
      summary: icsValue(t('ics.forum', { programme: p.title, n: f.number, of: FORUM_COUNT })),
      description: icsValue([t('ics.forumWhat'), join, t('ics.forumAgenda', { link: handoutLink(p, 'champions/guide') })].filter(Boolean).join('\n\n')),
      location,
    });
  }
  return { path: 'calendar.ics', content: serialise(cal) };
}

/** LOCATION: the programme's `location:` (a room, or the meeting link), else what is known so far. */
function locationOf(p: PlannedProgramme, msg: Messages): string {
  if (p.location) return p.location;
  if (p.delivery === 'remote') return msg.t('ics.location.remote');
  const room = msg.t(p.delivery === 'hybrid' ? 'ics.location.hybrid' : 'ics.location.room');
  return p.org.name ? msg.t('ics.location.org', { org: p.org.name, room }) : upperFirst(room);
}

/** PRODID's language: EN, DE, FR (the pack's base language). */
const prodLanguage = (msg: Messages): string => msg.lang.split('-')[0]!.toUpperCase();

/** A link to a page of the published pack, only when the organisation publishes packs (org.base_url). */
function handoutLink(p: PlannedProgramme, page: string): string {
  const base = p.org.base_url?.replace(/\/+$/, '');
  if (!base) return '';
  return `: ${base}/${uriPath(p.id)}/${page}${p.formats.includes('html') ? '.html' : '.md'}`;
}

/** What to bring: the tool, the practice evidence the share-back asks for, the capstone when it is worked on. */
function bringList(p: PlannedProgramme, s: PlannedSession, msg: Messages): string[] {
  const t = msg.t;
  const out = [t(p.delivery === 'room' ? 'ics.bringLaptop' : 'ics.bringLaptopOnline', { tools: p.tools.join(t('view.or')) })];
  for (const a of s.shareBackAssignments)
    if (a.workflow.practice?.evidence?.length) out.push(t('ics.bringPractice', { asked: a.asked, evidence: a.workflow.practice.evidence.join('; ') }));
  if (s.number === 1) out.push(t('ics.bringBaseline'));
  if (s.blocks.some((b) => b.kind === 'showcase')) out.push(t('ics.bringShowcase'));
  else if (s.number > 1 && s.blocks.some((b) => b.kind === 'project')) out.push(t('ics.bringCapstone'));
  return out;
}

/**
 * leader/calendar.ics (`--sponsor-events`): one event for each stretch of the sponsor's blocks (the
 * leader moment, the showcase and the close), so the sponsor books their minutes, not the whole session.
 */
export function renderSponsorCalendar(p: PlannedProgramme, msg: Messages): PackFile | undefined {
  const t = msg.t;
  if (!p.sessions[0]?.startUtc || !p.schedule.start) return undefined;
  const cal = icalGenerator({
    name: icsText(t('ics.sponsorCalendar', { programme: p.title })),
    prodId: { company: 'cocoon', product: 'cocoon-cli', language: prodLanguage(msg) },
  });
  const stamp = new Date(`${p.schedule.start}T00:00:00Z`);
  const sponsor = p.sponsor && !p.sponsor.tbd ? p.sponsor.name : t('ics.sponsor');
  for (const s of p.sessions) {
    const sessionStart = Date.parse(s.startUtc!);
    const runs: { first: number; last: number }[] = [];
    s.blocks.forEach((b, i) => {
      if (b.kind !== 'leader' && b.kind !== 'showcase') return;
      const run = runs[runs.length - 1];
      if (run && run.last === i - 1) run.last = i;
      else runs.push({ first: i, last: i });
    });
    for (const run of runs) {
      const blocks = s.blocks.slice(run.first, run.last + 1);
      const offset = s.blocks.slice(0, run.first).reduce((t, b) => t + b.minutes, 0);
      const minutes = blocks.reduce((t, b) => t + b.minutes, 0);
      cal.createEvent({
        id: `${p.id}-${p.schedule.start}-sponsor-${s.number}-${run.first + 1}@cocoon.invalid`,
        start: new Date(sessionStart + offset * 60_000),
        end: new Date(sessionStart + (offset + minutes) * 60_000),
        stamp,
        summary: icsValue(t('ics.sponsorEvent', { sponsor, blocks: blocks.map((b) => b.title).join(t('ics.then')), programme: p.title, n: s.number })),
        description: icsValue(
          [
            blocks.map((b) => `${msg.time(b.start)}–${msg.time(b.end)} ${b.title}`).join('\n'),
            t('ics.sponsorWhat'),
            deliveryWords(p.delivery, p.location, t).join,
          ]
            .filter(Boolean)
            .join('\n\n'),
        ),
        location: icsValue(locationOf(p, msg)),
      });
    }
  }
  return { path: 'leader/calendar.ics', content: serialise(cal) };
}

/**
 * The calendar as ical-generator writes it, folded here. Its toString() folds the whole text at 75 octets
 * with a new TextEncoder for every character (a tenth of a 20-programme build), so the events, which
 * are nearly all of it, are written unfolded (ICalEvent.toString) and folded by foldLine, which counts
 * octets the same way; the calendar around them (a few short lines) is ical-generator's own, folded by
 * it. Folding is line by line, so the pieces join into the very bytes cal.toString() would give.
 */
function serialise(cal: ICalCalendar): string {
  const events = cal
    .events()
    .map((e) => e.toString())
    .join('');
  cal.clear();
  const shell = cal.toString();
  const end = shell.length - 'END:VCALENDAR'.length;
  if (!shell.endsWith('END:VCALENDAR')) throw new Error('ical-generator wrote a calendar that does not end with END:VCALENDAR');
  const folded = events.split('\r\n').map(foldLine).join('\r\n');
  // RFC 5545 §3.1: every content line, the last one included, ends with CRLF.
  return `${shell.slice(0, end)}${folded}${shell.slice(end)}\r\n`;
}

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is split by CRLF and one space. As ical-generator
 * does it (foldLines): a character whose UTF-8 octets would take the line past 74 starts the next line,
 * a surrogate pair counting as one character of 4 octets.
 */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  let from = 0;
  for (let i = 0; i < line.length;) {
    const c = line.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < line.length ? 2 : 1;
    const size = width === 1 ? utf8Length(c) : isLowSurrogate(line.charCodeAt(i + 1)) ? 4 : 3 + utf8Length(line.charCodeAt(i + 1));
    octets += size;
    if (octets > 74) {
      out += `${line.slice(from, i)}\r\n `;
      from = i;
      octets = size;
    }
    i += width;
  }
  return from === 0 ? line : out + line.slice(from);
}

/** Octets of one UTF-16 code unit in UTF-8; a lone surrogate is written as U+FFFD, three octets. */
const utf8Length = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : 3);
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

interface EventTimes {
  sequence: number;
  times: string;
}

/** UID → SEQUENCE and DTSTART/DTEND of each VEVENT of a calendar (lines unfolded, RFC 5545 §3.1). */
function eventsOf(text: string): Map<string, EventTimes> {
  const events = new Map<string, EventTimes>();
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r?\n/);
  let cur: { uid?: string; sequence: number; start?: string; end?: string } | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') cur = { sequence: 0 };
    else if (line === 'END:VEVENT' && cur) {
      if (cur.uid) events.set(cur.uid, { sequence: cur.sequence, times: `${cur.start}/${cur.end}` });
      cur = undefined;
    } else if (cur) {
      const m = /^([A-Z-]+)(?:;[^:]*)?:(.*)$/.exec(line);
      if (!m) continue;
      if (m[1] === 'UID') cur.uid = m[2];
      else if (m[1] === 'SEQUENCE') cur.sequence = Math.min(Number(m[2]) || 0, 1_000_000);
      else if (m[1] === 'DTSTART') cur.start = m[2];
      else if (m[1] === 'DTEND') cur.end = m[2];
    }
  }
  return events;
}

/**
 * RFC 5546 §2.1.4: a calendar client takes an update of an event only when its SEQUENCE is not lower, and
 * a changed time must raise it. The pack carries its own history: an event whose UID is in the previous
 * calendar keeps that SEQUENCE when its times are unchanged, and gets one more when they moved. Same
 * previous calendar and inputs, same bytes, so `build --check` stays quiet after a build.
 */
export function carrySequences(next: string, previous: string | undefined): string {
  if (!previous) return next;
  const before = eventsOf(previous);
  if (!before.size) return next;
  const after = eventsOf(next);
  return next.replace(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT\r\n/g, (block) => {
    const uid = /(?:^|\r\n)UID:([^\r]*(?:\r\n[ \t][^\r]*)*)/.exec(block)?.[1]?.replace(/\r\n[ \t]/g, '');
    const old = uid === undefined ? undefined : before.get(uid);
    const now = uid === undefined ? undefined : after.get(uid);
    if (!old || !now) return block;
    const sequence = old.sequence + (old.times === now.times ? 0 : 1);
    return block.replace(/(^|\r\n)SEQUENCE:\d+\r\n/, (_m, before: string) => `${before}SEQUENCE:${sequence}\r\n`);
  });
}
