/**
 * Escapers, one per target. Templates never escape ad hoc: every interpolation goes through a helper
 * that calls one of these (pipeline/render/handlebars.ts refuses templates with a bare {{value}}).
 */

/**
 * Markdown inline text (CommonMark): backslash-escape what could start emphasis, code, links, HTML or
 * entities, and what would start a block at the beginning of a line (a line of only `=` or `-`
 * under text would turn that text into a heading). Readable for ordinary prose:
 * underscores inside words stay as they are (CommonMark never treats them as emphasis).
 */
export function mdInline(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  // The same role text is escaped on several pages of a pack and in every pack of a build: remember it.
  let escaped = inlineMemo.get(text);
  if (escaped === undefined) {
    // A URL or an email address in role text is shown as code, `https://…`: literal, never a link, never
    // half-escaped, and not a "bare URL" to markdownlint (MD034). Role content must not be able to make links.
    escaped = !text.includes('://') && !text.includes('@')
      ? escapeInline(text)
      : text
          .split(URL_RE)
          .map((part, i) => (i % 2 ? `\`${part}\`` : escapeInline(part)))
          .join('');
    if (inlineMemo.size >= MEMO_LIMIT) inlineMemo.clear();
    inlineMemo.set(text, escaped);
  }
  return escaped;
}

const inlineMemo = new Map<string, string>();
const MEMO_LIMIT = 20_000;

const URL_RE = /(https?:\/\/[^\s<>"'`|\]\\]*[^\s<>"'`|\]\\.,;:!?)]|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/;

/** Nothing in the text that Markdown could read as syntax, anywhere or at the start of a line. */
const PLAIN = /^(?![\s#>+=*_-]|\d+[.)])[^\\`*[\]<>|_&~\r\n]*$/;

function escapeInline(text: string): string {
  if (PLAIN.test(text)) return text;
  const s = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`)
    .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'))
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/~~/g, '\\~\\~');
  return s
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+=-]|\d+[.)])(?=\s|$)/, '$1\\$2').replace(/^(\s*)(-+|=+|\*\*\*+|___+)\s*$/, '$1\\$2'))
    .join(' ');
}

/** A table cell: inline text, on one line; the lines of a multi-line value are joined with " / ". */
export const mdCell = (value: unknown): string => {
  const text = String(value ?? '');
  return /[\r\n]/.test(text) ? cellLines(text) : mdInline(text.trim());
};

const cellLines = (text: string): string =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => mdInline(line))
    .join(' / ');

/** Multi-line text as paragraphs: each line escaped, line breaks kept as hard breaks. */
export function mdText(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => mdInline(line.trim()))
    .join('  \n')
    .replace(/( {2}\n){2,}/g, '\n\n');
}

/** A fenced code block whose fence is longer than any backtick run inside, so content can never close it. */
export function mdFence(value: unknown, lang = 'text'): string {
  const body = String(value ?? '').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

/**
 * Control characters other than tab and line breaks (a YAML escape such as "\0" or "\x07" can put one in
 * a role) are not text in Markdown, HTML or iCalendar: each becomes U+FFFD, as CommonMark does for NUL.
 */
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/;
export const withoutControls = (text: string): string => (CONTROL.test(text) ? text.replace(new RegExp(CONTROL, 'g'), '\uFFFD') : text);

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const html = (value: unknown): string => withoutControls(String(value ?? '')).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
