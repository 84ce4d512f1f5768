import { markdownEscapes, mdFence, type MarkdownEscapes } from '../../model/escape/markdown.js';
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
 * whole programme, call partials that call partials (inline ones too: `{{#*inline}}`), nest blocks a
 * thousand deep, and never finish or print gigabytes. Every way a template repeats or descends is
 * charged: `each`, `if`, `unless`, `with`, `lookup` and every partial call. Past RENDER_MS of work,
 * RENDER_BYTES of output from those paths, or PARTIAL_DEPTH partials inside each other, the render stops
 * with a positioned template error. Built-in pages use a few milliseconds and a few hundred kilobytes.
 */
const RENDER_MS = 1000;
const RENDER_BYTES = 16 * 1024 * 1024;
const PARTIAL_DEPTH = 32;

export interface RenderBudget {
  current?: { name: string; deadline: number; output: number; depth: number };
  /** Where a partial is first called (name → file, line, 0-based column), for the message; filled at compile time. */
  partialCalls: Map<string, At & { file: string }>;
}

interface At {
  line: number;
  column: number;
  file?: string;
}

interface BlockOptions {
  fn?: (context: unknown, options?: unknown) => string;
  inverse?: (context: unknown, options?: unknown) => string;
  loc?: { start: { line: number; column: number } };
  [key: string]: unknown;
}

type Env = {
  helpers: Record<string, unknown>;
  registerHelper(name: string, fn: Handlebars.HelperDelegate): void;
  VM?: Record<string, unknown>;
};

/**
 * Charge the environment's block helpers, `lookup` and partial calls to the render's budget.
 * @public the name the two environments (handlebars.ts, runtime.ts) share.
 */
export function budgetTemplates(hb: Env): RenderBudget {
  const budget: RenderBudget = { partialCalls: new Map() };
  const stop = (what: string, why: string, at: At | undefined): never => {
    throw new TemplateError(`${what} stopped: ${why}`, at?.file ?? budget.current?.name ?? 'template', at?.line ?? 1, (at?.column ?? 0) + 1);
  };
  const overTime = () => `the page took more than ${RENDER_MS} ms to render`;
  const overBytes = () => `the page grew past ${RENDER_BYTES / 1024 / 1024} MiB`;
  const tick = (what: string, at: At | undefined) => {
    const b = budget.current;
    if (b && Date.now() > b.deadline) stop(what, overTime(), at);
  };
  const spend = (what: string, out: string, at: At | undefined) => {
    const b = budget.current;
    if (b && (b.output += out.length) > RENDER_BYTES) stop(what, overBytes(), at);
    return out;
  };
  for (const name of ['each', 'if', 'unless', 'with'] as const) {
    const original = hb.helpers[name] as (this: unknown, ...args: unknown[]) => string;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as BlockOptions;
      const at = options.loc?.start;
      const what = `{{#${name}}}`;
      const charge = (fn: BlockOptions['fn']) =>
        fn &&
        Object.assign((ctx: unknown, opts?: unknown) => {
          tick(what, at);
          return spend(what, fn(ctx, opts), at);
        }, fn);
      tick(what, at);
      return original.apply(this, [...args.slice(0, -1), { ...options, fn: charge(options.fn), inverse: charge(options.inverse) }]);
    } as Handlebars.HelperDelegate);
  }
  const lookup = hb.helpers.lookup as (this: unknown, ...args: unknown[]) => unknown;
  hb.registerHelper('lookup', function (this: unknown, ...args: unknown[]) {
    tick('{{lookup}}', (args[args.length - 1] as BlockOptions).loc?.start);
    return lookup.apply(this, args);
  } as Handlebars.HelperDelegate);
  // Partials (registered and inline alike) are called through the environment's VM.invokePartial; this
  // environment gets its own copy of the VM with a charged one, the shared runtime module is untouched.
  if (hb.VM) {
    const vm = hb.VM;
    const invoke = vm.invokePartial as (this: unknown, partial: unknown, context: unknown, options: { name?: string }) => string;
    hb.VM = {
      ...vm,
      invokePartial(this: unknown, partial: unknown, context: unknown, options: { name?: string }) {
        const b = budget.current;
        const what = `{{> ${options.name ?? 'partial'}}}`;
        const at = budget.partialCalls.get(options.name ?? '');
        tick(what, at);
        if (b && ++b.depth > PARTIAL_DEPTH) stop(what, `partials nest more than ${PARTIAL_DEPTH} deep (a partial that includes itself?)`, at);
        try {
          return spend(what, invoke.call(this, partial, context, options), at);
        } finally {
          if (b) b.depth--;
        }
      },
    };
  }
  return budget;
}

export function wrap(template: HandlebarsTemplateDelegate, name: string, budget?: RenderBudget): Compiled {
  return (context) => {
    const outer = budget?.current;
    if (budget && !outer) budget.current = { name, deadline: Date.now() + RENDER_MS, output: 0, depth: 0 };
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
