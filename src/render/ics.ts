import icalGenerator from 'ical-generator';
import { FORUM_COUNT, championForums } from '../core/kit-dates.js';
import type { PlannedProgramme } from '../core/plan.js';
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
  for (const s of p.sessions) {
    const agenda = s.blocks.map((b) => `${b.start}–${b.end} ${b.title}`).join('\n');
    cal.createEvent({
      id: `${p.id}-session-${s.number}@${domain}`,
      start: new Date(s.startUtc!),
      end: new Date(s.endUtc!),
      stamp,
      summary: withoutControls(`${p.title}: session ${s.number} — ${s.title}`),
      description: withoutControls(`${agenda}\n\nHandout: participant/session-${s.number}.md`),
      location: withoutControls(p.org.name ? `${p.org.name} — room to be confirmed` : 'Room to be confirmed'),
    });
  }
  for (const c of p.checkIns) {
    cal.createEvent({
      id: `${p.id}-check-in-${c.afterDays}@${domain}`,
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
      id: `${p.id}-champions-forum-${f.number}@${domain}`,
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
