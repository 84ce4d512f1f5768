/**
 * Control characters other than tab and line breaks (a YAML escape such as "\0" or "\x07" can put one in
 * a role), and the C1 controls U+0080–U+009F, are not text in Markdown, HTML, iCalendar or GIFT: each
 * becomes U+FFFD, as CommonMark does for NUL.
 */
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
export const withoutControls = (text: string): string => (CONTROL.test(text) ? text.replace(new RegExp(CONTROL, 'g'), '\uFFFD') : text);
