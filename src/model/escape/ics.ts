import { withoutControls } from './controls.js';

/**
 * iCalendar (RFC 5545). Every writer of a calendar (calendar.ics, leader/calendar.ics) passes every value
 * through these, whether or not its library escapes too: ical-generator escapes event properties but
 * writes the calendar's NAME and X-WR-CALNAME raw, so a line break in a title could start a property, or
 * a whole VEVENT, of its own. cocoon writes no parameter (CN=…) with user text; a value ical-generator
 * escapes itself goes through icsValue, one it writes raw through icsText.
 */

/** §3.3.11 TEXT: backslash, semicolon and comma escaped, a line break as `\n`; control characters as U+FFFD. */
export const icsText = (value: string): string =>
  withoutControls(value)
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/**
 * A value handed to ical-generator, which TEXT-escapes it itself: only what it leaves alone is made
 * safe here — control characters (U+FFFD) and a bare CR, which it does not turn into `\n` (a CR alone
 * ends a content line for some parsers).
 */
export const icsValue = (value: string): string => withoutControls(value).replace(/\r\n?/g, '\n');
