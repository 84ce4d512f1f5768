// Template helpers take whatever a template hands them and print it as Handlebars would, with String().
/* eslint-disable @typescript-eslint/no-base-to-string */
/**
 * Markdown: the escapers of one output format of the escaping layer (docs/safety.md, "Escaping: one layer
 * per format"). Templates never escape ad hoc: every interpolation goes through a helper that calls one of
 * these (pipeline/render/handlebars.ts refuses templates with a bare {{value}}).
 */

/**
 * Markdown inline text (CommonMark): backslash-escape what could start emphasis, code, links, HTML or
 * entities, and what would start a block at the beginning of a line (a line of only `=` or `-`
 * under text would turn that text into a heading). Readable for ordinary prose:
 * underscores inside words stay as they are (CommonMark never treats them as emphasis).
 */
export const mdInline = (value: unknown): string => inline(value);

function inline(value: unknown, memo?: Map<string, string>): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  let escaped = memo?.get(text);
  if (escaped === undefined) {
    // A URL or an email address in role text is shown as code, `https://…`: literal, never a link, never
    // half-escaped, and not a "bare URL" to markdownlint (MD034). Role content must not be able to make links.
    escaped =
      !text.includes('://') && !text.includes('@')
        ? escapeInline(text)
        : text
            .split(URL_RE)
            .map((part, i) => (i % 2 ? `\`${part}\`` : escapeInline(part)))
            .join('');
    if (memo) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(text, escaped);
    }
  }
  return escaped;
}

const MEMO_LIMIT = 20_000;

/** The Markdown escapers templates call (helpers.ts), as one set that remembers what it escaped. */
export interface MarkdownEscapes {
  inline(value: unknown): string;
  cell(value: unknown): string;
  text(value: unknown): string;
}

/**
 * The same role text is escaped on several pages of a pack and in every pack of a build: these escapers
 * remember it. One set per template environment (helpers.ts), so the memo lives as long as the compiled
 * templates it serves, which the run's Workspace holds (app/workspace.ts) — never longer than a run.
 */
export function markdownEscapes(): MarkdownEscapes {
  const memo = new Map<string, string>();
  return { inline: (v) => inline(v, memo), cell: (v) => cell(v, memo), text: (v) => paragraphs(v, memo) };
}

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
export const mdCell = (value: unknown): string => cell(value);

function cell(value: unknown, memo?: Map<string, string>): string {
  const text = String(value ?? '');
  if (!/[\r\n]/.test(text)) return inline(text.trim(), memo);
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => inline(line, memo))
    .join(' / ');
}

/** Multi-line text as paragraphs: each line escaped, line breaks kept as hard breaks. */
export const mdText = (value: unknown): string => paragraphs(value);

function paragraphs(value: unknown, memo?: Map<string, string>): string {
  return String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => inline(line.trim(), memo))
    .join('  \n')
    .replace(/( {2}\n){2,}/g, '\n\n');
}

/** A fenced code block whose fence is longer than any backtick run inside, so content can never close it. */
export function mdFence(value: unknown, lang = 'text'): string {
  const body = String(value ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}
