import icalGenerator from 'ical-generator';
import type { PlannedProgramme } from '../core/plan.js';
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
    name: p.title,
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
      summary: `${p.title}: session ${s.number} — ${s.title}`,
      description: `${agenda}\n\nHandout: participant/session-${s.number}.md`,
      location: p.org.name ? `${p.org.name} — room to be confirmed` : 'Room to be confirmed',
    });
  }
  for (const c of p.checkIns) {
    cal.createEvent({
      id: `${p.id}-check-in-${c.afterDays}@${domain}`,
      start: new Date(c.startUtc!),
      end: new Date(c.endUtc!),
      stamp,
      summary: `${p.title}: check-in, ${c.afterDays} days after the last session`,
      description: 'Bring your minutes against the baseline and one output you had to correct.\n\nForm: participant/check-ins.md',
    });
  }
  // RFC 5545 §3.1: every content line, the last one included, ends with CRLF.
  const text = cal.toString();
  return { path: 'calendar.ics', content: text.endsWith('\r\n') ? text : `${text}\r\n` };
}
