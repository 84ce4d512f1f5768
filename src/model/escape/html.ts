import { withoutControls } from './controls.js';

/** HTML text and attribute values (double- or single-quoted): the five characters that can end either. */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- template values are printed as Handlebars would, with String().
export const html = (value: unknown): string => withoutControls(String(value ?? '')).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
