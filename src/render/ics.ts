import icalGenerator from 'ical-generator';
import { deliveryWords } from '../core/delivery.js';
import type { PlannedProgramme, PlannedSession } from '../core/plan.js';
import { withoutControls } from './escape.js';
import type { PackFile } from './markdown.js';

/**
 * calendar.ics (RFC 5545) through ical-generator, which handles folding at 75 octets and TEXT escaping.
 * Times are written in UTC (computed from the programme's IANA zone by luxon), so every client shows
 * the right local time on both sides of a DST change without a VTIMEZONE block.
 * UIDs are stable (programme id + item); DTSTAMP comes from the inputs, never the clock.
 */
export function renderCalendar(p: PlannedProgramme): PackFile | undefined {
  const first = p.sessions[0];
  if (!first?.startUtc || !p.schedule.start) return undefined;
  const stamp = new Date(`${p.schedule.start}T00:00:00Z`);
  const cal = icalGenerator({
    name: withoutControls(p.title),
    prodId: { company: 'cocoon', product: 'cocoon-cli', language: 'EN' },
  });
  const domain = 'cocoon.invalid';
  const location = withoutControls(locationOf(p));
  const join = deliveryWords(p.delivery, p.location).join;
  for (const s of p.sessions) {
    const agenda = s.blocks.map((b) => `${b.start}–${b.end} ${b.title}`).join('\n');
    const parts = [
      agenda,
      s.objectives.length ? `Objectives:\n${s.objectives.map((o) => `- ${o}`).join('\n')}` : '',
      `Bring:\n${bringList(p, s).map((o) => `- ${o}`).join('\n')}`,
      join,
      `Handout: "Session ${s.number}: ${s.title}" in the participant pack${handoutLink(p, `participant/session-${s.number}`)}`,
    ];
    cal.createEvent({
      id: `${p.id}-session-${s.number}@${domain}`,
      start: new Date(s.startUtc!),
      end: new Date(s.endUtc!),
      stamp,
      summary: withoutControls(`${p.title}: session ${s.number} — ${s.title}`),
      description: withoutControls(parts.filter(Boolean).join('\n\n')),
      location,
    });
  }
  for (const c of p.checkIns) {
    cal.createEvent({
      id: `${p.id}-check-in-${c.afterDays}@${domain}`,
      start: new Date(c.startUtc!),
      end: new Date(c.endUtc!),
      stamp,
      summary: withoutControls(`${p.title}: check-in, ${c.afterDays} days after the last session`),
      description: withoutControls(
        [
          'Bring your minutes against the baseline and one output you had to correct.',
          join,
          `Form: "Check-ins" in the participant pack${handoutLink(p, 'participant/check-ins')}`,
        ]
          .filter(Boolean)
          .join('\n\n'),
      ),
      location,
    });
  }
  // RFC 5545 §3.1: every content line, the last one included, ends with CRLF.
  const text = withOctetCounter(() => cal.toString());
  return { path: 'calendar.ics', content: text.endsWith('\r\n') ? text : `${text}\r\n` };
}

/** LOCATION: the programme's `location:` (a room, or the meeting link), else what is known so far. */
function locationOf(p: PlannedProgramme): string {
  if (p.location) return p.location;
  if (p.delivery === 'remote') return 'Online: the join link follows';
  const room = p.delivery === 'hybrid' ? 'room to be confirmed, and online' : 'room to be confirmed';
  return p.org.name ? `${p.org.name} — ${room}` : room.charAt(0).toUpperCase() + room.slice(1);
}

/** A link to a page of the published pack, only when the organisation publishes packs (org.base_url). */
function handoutLink(p: PlannedProgramme, page: string): string {
  const base = p.org.base_url?.replace(/\/+$/, '');
  if (!base) return '';
  return `: ${base}/${encodeURIComponent(p.id)}/${page}${p.formats.includes('html') ? '.html' : '.md'}`;
}

/** What to bring: the tool, the practice evidence the share-back asks for, the capstone when it is worked on. */
function bringList(p: PlannedProgramme, s: PlannedSession): string[] {
  const out = [`A laptop, signed in to ${p.tools.join(' or ')}${p.delivery === 'room' ? '' : ', with a headset and a camera'}`];
  for (const w of s.shareBack) if (w.practice?.evidence?.length) out.push(`From your practice on ${w.title}: ${w.practice.evidence.join('; ')}`);
  if (s.number === 1) out.push('The minutes one piece of your own work takes you today, without AI (your baseline)');
  if (s.blocks.some((b) => b.kind === 'showcase')) out.push('Your capstone deliverable and its one-page showcase sheet');
  else if (s.number > 1 && s.blocks.some((b) => b.kind === 'project')) out.push('Your capstone work so far, on a redacted copy');
  return out;
}

/**
 * leader/calendar.ics (`--sponsor-events`): one event for each stretch of the sponsor's blocks (the
 * leader moment, the showcase and the close), so the sponsor books their minutes, not the whole session.
 */
export function renderSponsorCalendar(p: PlannedProgramme): PackFile | undefined {
  if (!p.sessions[0]?.startUtc || !p.schedule.start) return undefined;
  const cal = icalGenerator({ name: withoutControls(`${p.title}: sponsor`), prodId: { company: 'cocoon', product: 'cocoon-cli', language: 'EN' } });
  const stamp = new Date(`${p.schedule.start}T00:00:00Z`);
  const sponsor = p.sponsor && !p.sponsor.tbd ? p.sponsor.name : 'Sponsor';
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
        id: `${p.id}-sponsor-${s.number}-${run.first + 1}@cocoon.invalid`,
        start: new Date(sessionStart + offset * 60_000),
        end: new Date(sessionStart + (offset + minutes) * 60_000),
        stamp,
        summary: withoutControls(`${sponsor}: ${blocks.map((b) => b.title).join(', then ')} (${p.title}, session ${s.number})`),
        description: withoutControls(
          [blocks.map((b) => `${b.start}–${b.end} ${b.title}`).join('\n'), 'What to say and do: the "Leader guide" in the pack.', deliveryWords(p.delivery, p.location).join].filter(Boolean).join('\n\n'),
        ),
        location: withoutControls(locationOf(p)),
      });
    }
  }
  const text = withOctetCounter(() => cal.toString());
  return { path: 'leader/calendar.ics', content: text.endsWith('\r\n') ? text : `${text}\r\n` };
}

/**
 * ical-generator folds lines at 75 octets by building a TextEncoder for every character to learn its
 * UTF-8 length: a tenth of a 20-programme build. While it serialises, it gets an encoder that only
 * counts; toString() is synchronous, so nothing else can see the swap, and the real one is restored.
 */
class OctetCounter {
  encode(char: string): { length: number } {
    const c = char.charCodeAt(0);
    return { length: char.length > 1 ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3 };
  }
}

function withOctetCounter<T>(fn: () => T): T {
  const real = globalThis.TextEncoder;
  globalThis.TextEncoder = OctetCounter as unknown as typeof TextEncoder;
  try {
    return fn();
  } finally {
    globalThis.TextEncoder = real;
  }
}
