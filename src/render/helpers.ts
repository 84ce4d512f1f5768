import { mdCell, mdFence, mdInline, mdText } from './escape.js';

/** The helpers templates may call. Every one returns text already escaped for Markdown. */
export const HELPERS = {
  md: (v: unknown) => mdInline(v),
  cell: (v: unknown) => mdCell(v),
  text: (v: unknown) => mdText(v),
  fence: (v: unknown, lang: unknown) => mdFence(v, typeof lang === 'string' ? lang : 'text'),
  num: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : mdInline(v)),
  /** A relative link target: only characters that are safe in a Markdown link destination. */
  href: (v: unknown) => String(v).replace(/[^A-Za-z0-9._/#-]/g, ''),
  eq: (a: unknown, b: unknown) => a === b,
  /**
   * Block helper: the enclosed Markdown as a blockquote, which the HTML page styles as a facilitator-only
   * box. The content is already escaped by the helpers inside the block.
   */
  quote: function (this: unknown, options: { fn: (context: unknown) => string }) {
    return `${options
      .fn(this)
      .trim()
      .split('\n')
      .map((l) => (l ? `> ${l}` : '>'))
      .join('\n')}\n`;
  },
  /** Inline text in which the role's prompt ids read as names, `variance-draft`, not as words. */
  mdids: (v: unknown, ids: unknown) => {
    const out = mdInline(v);
    if (!Array.isArray(ids) || !ids.length) return out;
    const known = new Set(ids.map(String));
    return out.replace(/(?<![`\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w`-])/g, (m) => (known.has(m) ? `\`${m}\`` : m));
  },
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map((x) => mdInline(x)).join(typeof sep === 'string' ? sep : ', ') : ''),
} as const;


export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export type Compiled = (context: unknown) => string;

const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

/** Handlebars reports "… - 5:139" or "… on line 5"; turn either into a TemplateError with a 1-based column. */
export function positioned(e: unknown, file: string): TemplateError {
  if (e instanceof TemplateError) return e;
  const message = ((e as Error).message ?? String(e)).split('\n')[0]!;
  const m = / - (\d+):(\d+)$/.exec(message) ?? /line (\d+)(?:, column (\d+))?/.exec(message);
  return new TemplateError(message.replace(/ - \d+:\d+$/, ''), file, m ? Number(m[1]) : 1, m?.[2] ? Number(m[2]) + 1 : 1);
}

export function wrap(template: HandlebarsTemplateDelegate, name: string): Compiled {
  return (context) => {
    try {
      return template(context, RUNTIME_OPTIONS);
    } catch (e) {
      throw positioned(e, name);
    }
  };
}

