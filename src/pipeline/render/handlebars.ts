import { createRequire } from 'node:module';
import type HandlebarsT from 'handlebars';
import { HELPER_NAMES, TemplateError, budgetEach, positioned, templateHelpers, wrap, type Compiled } from './helpers.js';

export { TemplateError };

/**
 * The full Handlebars (parser and compiler), loaded only when a template is compiled: at build time
 * (scripts/build-templates.mjs) and for a project's own templates_dir. Packs from the built-in templates
 * run on the runtime alone (runtime.ts), so `plan`, `build` and `validate` never load the compiler.
 */
const require = createRequire(import.meta.url);
const Handlebars = {
  create: (): typeof HandlebarsT => (require('handlebars') as typeof HandlebarsT).create(),
};

const INTERPOLATING: ReadonlySet<string> = new Set(['md', 'mdids', 'cell', 'text', 'fence', 'num', 'href', 'join', 't']);

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
        throw new TemplateError(
          `{{${name || '…'}}} prints a value without an escaping helper; write {{md ${name || 'value'}}} (or cell, text, fence, num, href)`,
          file,
          pos.line,
          pos.column + 1,
        );
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

const KNOWN_HELPERS = Object.fromEntries(HELPER_NAMES.map((k) => [k, true]));
const COMPILE_OPTIONS: CompileOptions = { strict: true, noEscape: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, preventIndent: true };

/**
 * Build time: a template's precompiled JavaScript, after the same parse and escaping checks as at run time.
 * @public for scripts/build-templates.mjs, which imports it from dist/.
 */
export function precompileSource(name: string, source: string): string {
  const hb = Handlebars.create();
  const ast = parseChecked(hb, name, source);
  try {
    return hb.precompile(ast, COMPILE_OPTIONS) as string;
  } catch (e) {
    throw positioned(e, name);
  }
}

function parseChecked(hb: typeof HandlebarsT, name: string, source: string): hbs.AST.Program {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(source);
  } catch (e) {
    const lines = (e as Error).message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const m = /line (\d+)/.exec(lines[0] ?? '');
    // "Parse error on line 3:" … "Expecting 'ID', got 'NUMBER'": keep the first and the last line.
    const message = lines.length > 1 ? `${lines[0]!.replace(/:$/, '')}: ${lines[lines.length - 1]}` : (lines[0] ?? 'Template does not parse');
    throw new TemplateError(message, name, m ? Number(m[1]) : 1, 1);
  }
  checkEscaping(ast, name);
  return ast;
}

export interface TemplateEnv {
  compile(name: string, source: string): Compiled;
  registerPartial(name: string, source: string, file?: string): void;
}

/** An isolated Handlebars environment: strict, known helpers only, no prototype access, Markdown escaping in helpers. */
export function createEnv(): TemplateEnv {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(templateHelpers())) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const budget = budgetEach(hb);
  return {
    compile(name, source) {
      const ast = parseChecked(hb, name, source);
      try {
        // Compile now, not on first use, so unknown helpers and bad partial calls surface here with a position.
        hb.precompile(ast, COMPILE_OPTIONS);
      } catch (e) {
        throw positioned(e, name);
      }
      return wrap(hb.compile(ast, COMPILE_OPTIONS), name, budget);
    },
    registerPartial(name, source, file = name) {
      hb.registerPartial(name, hb.compile(parseChecked(hb, file, source), COMPILE_OPTIONS));
    },
  };
}
