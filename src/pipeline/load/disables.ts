/**
 * Inline rule disables, as eslint has them: a whole-line YAML comment
 *
 *     # cocoon-disable-next-line workflow/no-baseline, prompt/no-verify -- measured in the pilot instead
 *
 * turns those rules off for the next line that is neither blank nor a comment. Found by a line scan, not
 * the YAML parser: a fast-path parse (fast-yaml.ts) keeps no comments, and the scan sees the file exactly
 * as the person wrote it. (A line inside a block scalar that looks like one counts too; nobody writes that
 * by accident.)
 */

/** The marker, for a cheap `text.includes` before any file is scanned. */
export const DISABLE_MARKER = 'cocoon-disable';

export interface DisableComment {
  /** 1-based line and column of the `#`. */
  readonly line: number;
  readonly column: number;
  /** The line it applies to; undefined when only comments and blank lines follow. */
  readonly target?: number;
  /** The rule ids it names, each with its 1-based column. */
  readonly rules: readonly { readonly id: string; readonly column: number }[];
  /** The text after ` -- `, trimmed; undefined when there is none. */
  readonly reason?: string;
}

const COMMENT = /^(\s*)#\s*cocoon-disable-next-line(?![\w-])(.*)$/;
const BLANK_OR_COMMENT = /^\s*(#.*)?$/;

export function scanDisables(text: string): DisableComment[] {
  if (!text.includes(DISABLE_MARKER)) return [];
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const out: DisableComment[] = [];
  for (const [i, line] of lines.entries()) {
    const m = COMMENT.exec(line);
    if (!m) continue;
    const restStart = line.length - m[2]!.length;
    const dash = m[2]!.search(/(^|\s)--(\s|$)/);
    const list = dash < 0 ? m[2]! : m[2]!.slice(0, dash);
    const reason =
      dash < 0
        ? undefined
        : m[2]!
            .slice(dash)
            .replace(/^\s*--/, '')
            .trim() || undefined;
    const rules: { id: string; column: number }[] = [];
    for (const item of list.matchAll(/[^,\s]+/g)) rules.push({ id: item[0], column: restStart + item.index + 1 });
    let target: number | undefined;
    for (let j = i + 1; j < lines.length; j++)
      if (!BLANK_OR_COMMENT.test(lines[j]!)) {
        target = j + 1;
        break;
      }
    out.push({ line: i + 1, column: m[1]!.length + 1, target, rules, reason });
  }
  return out;
}

/**
 * A value wrapped whole in curly quotes (`name: ‘Finance’`, `- “Close the books”`), as Word and web pages
 * type them: YAML knows only straight quotes, so it reads the curly ones as part of the text, silently.
 * A curly quote inside a value (`He said “yes”`, `O’Brien`) is text and is not reported.
 */
const CURLY_VALUE = /^(\s*(?:-\s+)?(?:[^\s#'"-][^:#]*:\s+)?)[“‘„‚][^“”‘’\n]*[”’‟]\s*(?:#.*)?$/;

/** Whether a text may hold such a value: a cheap test before any line is scanned. */
export const mayHaveCurlyValue = (text: string): boolean => /[“‘„‚]/.test(text);

/** 1-based line and column of each value wrapped in curly quotes. */
export function scanCurlyValues(text: string): { line: number; column: number }[] {
  if (!mayHaveCurlyValue(text)) return [];
  const out: { line: number; column: number }[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const m = CURLY_VALUE.exec(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (m && !/^\s*#/.test(raw)) out.push({ line: i + 1, column: m[1]!.length + 1 });
  }
  return out;
}
