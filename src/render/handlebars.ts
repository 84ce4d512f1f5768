import Handlebars from 'handlebars';
import { mdCell, mdFence, mdInline, mdText } from './escape.js';

/** The helpers templates may call. Every one returns text already escaped for Markdown. */
const HELPERS = {
  md: (v: unknown) => mdInline(v),
  cell: (v: unknown) => mdCell(v),
  text: (v: unknown) => mdText(v),
  fence: (v: unknown, lang: unknown) => mdFence(v, typeof lang === 'string' ? lang : 'text'),
  num: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : mdInline(v)),
  /** A relative link target: only characters that are safe in a Markdown link destination. */
  href: (v: unknown) => String(v).replace(/[^A-Za-z0-9._/#-]/g, ''),
  eq: (a: unknown, b: unknown) => a === b,
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map((x) => mdInline(x)).join(typeof sep === 'string' ? sep : ', ') : ''),
} as const;

const INTERPOLATING = new Set(['md', 'cell', 'text', 'fence', 'num', 'href', 'join']);

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

/** Refuse a template that would print a value without escaping it: {{value}}, {{{value}}} or {{&value}}. */
function checkEscaping(ast: hbs.AST.Program, file: string): void {
  const visit = (node: hbs.AST.Node | undefined): void => {
    if (!node) return;
    const n = node as hbs.AST.Node & Record<string, unknown>;
    if (node.type === 'MustacheStatement') {
      const m = node as hbs.AST.MustacheStatement;
      const name = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : '';
      if (!m.escaped || !INTERPOLATING.has(name) || m.params.length === 0) {
        const pos = m.loc.start;
        throw new TemplateError(`{{${name || '…'}}} prints a value without an escaping helper; write {{md ${name || 'value'}}} (or cell, text, fence, num, href)`, file, pos.line, pos.column + 1);
      }
    }
    for (const key of ['body', 'program', 'inverse'] as const) {
      const child = n[key];
      if (Array.isArray(child)) child.forEach((c) => visit(c as hbs.AST.Node));
      else if (child && typeof child === 'object') visit(child as hbs.AST.Node);
    }
  };
  visit(ast);
}

/** Handlebars reports "… - 5:139" or "… on line 5"; turn either into a TemplateError with a 1-based column. */
function positioned(e: unknown, file: string): TemplateError {
  if (e instanceof TemplateError) return e;
  const message = ((e as Error).message ?? String(e)).split('\n')[0]!;
  const m = / - (\d+):(\d+)$/.exec(message) ?? /line (\d+)(?:, column (\d+))?/.exec(message);
  return new TemplateError(message.replace(/ - \d+:\d+$/, ''), file, m ? Number(m[1]) : 1, m?.[2] ? Number(m[2]) + 1 : 1);
}

export type Compiled = (context: unknown) => string;

export interface TemplateEnv {
  compile(name: string, source: string): Compiled;
  registerPartial(name: string, source: string, file?: string): void;
}

/** An isolated Handlebars environment: strict, known helpers only, no prototype access, Markdown escaping in helpers. */
export function createEnv(): TemplateEnv {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const knownHelpers = Object.fromEntries(Object.keys(HELPERS).map((k) => [k, true]));
  const options: CompileOptions = { strict: true, noEscape: true, knownHelpers, knownHelpersOnly: true, preventIndent: true };
  const parse = (name: string, source: string) => {
    let ast: hbs.AST.Program;
    try {
      ast = hb.parse(source);
    } catch (e) {
      const m = /line (\d+)/.exec((e as Error).message);
      throw new TemplateError(((e as Error).message.split('\n')[0] ?? 'Template does not parse').trim(), name, m ? Number(m[1]) : 1, 1);
    }
    checkEscaping(ast, name);
    return ast;
  };
  return {
    compile(name, source) {
      const ast = parse(name, source);
      try {
        // Compile now, not on first use, so unknown helpers and bad partial calls surface here with a position.
        hb.precompile(ast, options);
      } catch (e) {
        throw positioned(e, name);
      }
      const template = hb.compile(ast, options);
      return (context) => {
        try {
          return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
        } catch (e) {
          throw positioned(e, name);
        }
      };
    },
    registerPartial(name, source, file = name) {
      parse(file, source);
      hb.registerPartial(name, hb.compile(source, options));
    },
  };
}
