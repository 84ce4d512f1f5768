import icalGenerator from 'ical-generator';
import { FORUM_COUNT, championForums } from '../core/kit-dates.js';
import type { PlannedProgramme } from '../core/plan.js';
import { withoutControls } from './escape.js';
import type { PackFile } from './markdown.js';

/**
 * RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, a line break as `\n`. ical-generator
 * escapes event properties itself but writes the calendar's NAME and X-WR-CALNAME raw, so a line break in
 * a programme title could start a property (or a whole event) of its own.
 */
export const icsText = (value: string): string => withoutControls(value).replace(/\r\n?/g, '\n').replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/**
 * calendar.ics (RFC 5545) through ical-generator, which handles folding at 75 octets and TEXT escaping of
 * event properties (the calendar name is escaped here, see icsText).
 * Times are written in UTC (computed from the programme's IANA zone by luxon), so every client shows
 * the right local time on both sides of a DST change without a VTIMEZONE block.
 * UIDs are stable and unique per programme, cohort start and event (`<id>-<start>-session-<n>`,
 * `<id>-<start>-check-in-<n>`): two cohorts of one role import into one calendar side by side, and a
 * rebuild replaces its own events. DTSTAMP comes from the inputs, never the clock; SEQUENCE is raised
 * when an event's time changes (carrySequences, from the calendar already in the pack).
 */
export function renderCalendar(p: PlannedProgramme): PackFile | undefined {
  const first = p.sessions[0];
  if (!first?.startUtc || !p.schedule.start) return undefined;
  const stamp = new Date(`${p.schedule.start}T00:00:00Z`);
  const cal = icalGenerator({
    name: icsText(p.title),
    prodId: { company: 'cocoon', product: 'cocoon-cli', language: 'EN' },
  });
  const domain = 'cocoon.invalid';
  const cohort = `${p.id}-${p.schedule.start}`;
  for (const s of p.sessions) {
    const agenda = s.blocks.map((b) => `${b.start}–${b.end} ${b.title}`).join('\n');
    cal.createEvent({
      id: `${cohort}-session-${s.number}@${domain}`,
      start: new Date(s.startUtc!),
      end: new Date(s.endUtc!),
      stamp,
      summary: withoutControls(`${p.title}: session ${s.number} — ${s.title}`),
      description: withoutControls(`${agenda}\n\nHandout: participant/session-${s.number}.md`),
      location: withoutControls(p.org.name ? `${p.org.name} — room to be confirmed` : 'Room to be confirmed'),
    });
  }
  for (const [i, c] of p.checkIns.entries()) {
    cal.createEvent({
      // Numbered, not keyed by after_days: two check-ins on the same day are still two events.
      id: `${cohort}-check-in-${i + 1}@${domain}`,
      start: new Date(c.startUtc!),
      end: new Date(c.endUtc!),
      stamp,
      summary: withoutControls(`${p.title}: check-in, ${c.afterDays} days after the last session`),
      description: 'Bring your minutes against the baseline and one output you had to correct.\n\nForm: participant/check-ins.md',
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
      summary: withoutControls(`${p.title}: champions' forum ${f.number} of ${FORUM_COUNT}`),
      description: 'New uses, a failure clinic, one prompt improved together, and what goes back to the role file.\n\nAgenda: champions/guide.md',
    });
  }
  // RFC 5545 §3.1: every content line, the last one included, ends with CRLF.
  const text = withOctetCounter(() => cal.toString());
  return { path: 'calendar.ics', content: text.endsWith('\r\n') ? text : `${text}\r\n` };
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
    return block.replace(/(^|\r\n)SEQUENCE:\d+\r\n/, `$1SEQUENCE:${sequence}\r\n`);
  });
}
