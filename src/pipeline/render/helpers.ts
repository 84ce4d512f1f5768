import { markdownEscapes, mdFence, type MarkdownEscapes } from './escape.js';
import { TemplateError } from '../../model/template-error.js';

export { TemplateError };

/**
 * The helpers templates may call. Every one returns text already escaped for Markdown. Each template
 * environment gets its own set, with its own escape memo (escape.ts, markdownEscapes).
 */
export const templateHelpers = (md: MarkdownEscapes = markdownEscapes()) => ({
  md: (v: unknown) => md.inline(v),
  cell: (v: unknown) => md.cell(v),
  text: (v: unknown) => md.text(v),
  fence: (v: unknown, lang: unknown) => mdFence(v, typeof lang === 'string' ? lang : 'text'),
  num: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : md.inline(v)),
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
    const out = md.inline(v);
    if (!Array.isArray(ids) || !ids.length) return out;
    const known = new Set(ids.map(String));
    return out.replace(/(?<![`\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w`-])/g, (m) => (known.has(m) ? `\`${m}\`` : m));
  },
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map((x) => md.inline(x)).join(typeof sep === 'string' ? sep : ', ') : ''),
  /**
   * A message of the pack's catalogue (templates/messages/<lang>.yaml), `{{t "key" name=value}}`. The
   * message is Markdown, trusted like the template itself; its values are escaped. The messages ride
   * on the page's root as `msg` (render/markdown.ts).
   */
  t: (key: unknown, options: { hash?: Record<string, unknown>; data?: { root?: { msg?: { t(k: string, v?: Record<string, string | number>): string } } } }) => {
    const msg = options.data?.root?.msg;
    if (!msg) throw new TypeError("{{t}} needs the page's messages (msg) on the root context");
    const values = Object.fromEntries(Object.entries(options.hash ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : md.inline(v)]));
    return msg.t(String(key), values);
  },
});

/** The helpers' names, for Handlebars' knownHelpers when a template is compiled. */
export const HELPER_NAMES: readonly string[] = Object.keys(templateHelpers());

export type Compiled = (context: unknown) => string;

const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

/** Handlebars reports "… - 5:139" or "… on line 5"; turn either into a TemplateError with a 1-based column. */
export function positioned(e: unknown, file: string): TemplateError {
  if (e instanceof TemplateError) return e;
  const message = ((e as Error).message ?? String(e)).split('\n')[0]!;
  const m = / - (\d+):(\d+)$/.exec(message) ?? /line (\d+)(?:, column (\d+))?/.exec(message);
  return new TemplateError(message.replace(/ - \d+:\d+$/, ''), file, m ? Number(m[1]) : 1, m?.[2] ? Number(m[2]) + 1 : 1);
}

/**
 * Every render runs under a budget: a template (a user's, in templates_dir) can loop over loops of the
 * whole programme and never finish, or print gigabytes. `each` is the only way a template repeats, so
 * it counts: past RENDER_MS of work or RENDER_BYTES of loop output, the render stops with a positioned
 * template error. Built-in pages use a few milliseconds and a few hundred kilobytes.
 */
const RENDER_MS = 1000;
const RENDER_BYTES = 16 * 1024 * 1024;

export interface RenderBudget {
  current?: { name: string; deadline: number; output: number };
}

interface EachOptions {
  fn: (context: unknown, options?: unknown) => string;
  loc?: { start: { line: number; column: number } };
  [key: string]: unknown;
}

/** Replace the environment's `each` with one that charges every iteration to the render's budget. */
export function budgetEach(hb: { helpers: Record<string, unknown>; registerHelper(name: string, fn: Handlebars.HelperDelegate): void }): RenderBudget {
  const budget: RenderBudget = {};
  const original = hb.helpers.each as (this: unknown, context: unknown, options: EachOptions) => string;
  hb.registerHelper('each', function (this: unknown, context: unknown, options: EachOptions) {
    const over = (why: string): never => {
      const at = options.loc?.start;
      throw new TemplateError(`{{#each}} stopped: ${why}`, budget.current?.name ?? 'template', at?.line ?? 1, (at?.column ?? 0) + 1);
    };
    const fn = options.fn;
    const charged = Object.assign((ctx: unknown, opts?: unknown) => {
      const b = budget.current;
      if (b && Date.now() > b.deadline) over(`the page took more than ${RENDER_MS} ms to render`);
      const out = fn(ctx, opts);
      if (b && (b.output += out.length) > RENDER_BYTES) over(`the page grew past ${RENDER_BYTES / 1024 / 1024} MiB`);
      return out;
    }, fn);
    return original.call(this, context, { ...options, fn: charged });
  } as Handlebars.HelperDelegate);
  return budget;
}

export function wrap(template: HandlebarsTemplateDelegate, name: string, budget?: RenderBudget): Compiled {
  return (context) => {
    const outer = budget?.current;
    if (budget && !outer) budget.current = { name, deadline: Date.now() + RENDER_MS, output: 0 };
    try {
      return template(context, RUNTIME_OPTIONS);
    } catch (e) {
      if (e instanceof RangeError) throw new TemplateError('Template recursion is too deep (a partial that includes itself?)', name, 1, 1);
      throw positioned(e, name);
    } finally {
      if (budget && !outer) budget.current = undefined;
    }
  };
}
