import { withoutControls } from './controls.js';

/**
 * GIFT, Moodle's quiz import format. Moodle shows GIFT text in its "auto-format", which is HTML: so a
 * value is first HTML text (`& < >` as entities, so no tag a role wrote reaches the quiz), and a leading `[`
 * is `&#91;`, so no value starts with a format marker (`[html]`, `[moodle]`, `[plain]`, `[markdown]`) that
 * would change how Moodle reads the question (Moodle looks for one only at the start of a text). Then GIFT's own specials, `~ = # { } :` and backslash, are
 * backslash-escaped, and line breaks (which end a question in GIFT) become spaces.
 */
const GIFT_HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export const giftText = (value: string): string =>
  withoutControls(value)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[&<>]/g, (c) => GIFT_HTML[c]!)
    .replace(/^\[/, '&#91;')
    .replace(/[\\~=#{}:]/g, (c) => `\\${c}`);

/** A `//` comment line: one line, whatever the value holds. */
export const giftComment = (value: string): string => withoutControls(value).replace(/\s+/g, ' ').trim();
