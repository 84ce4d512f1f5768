import type HandlebarsT from 'handlebars';
import { libraries } from '../../assets/libraries.js';
import { didYouMean } from '../../model/text.js';
import { HELPER_NAMES, TemplateError, budgetTemplates, positioned, templateHelpers, wrap, type Compiled, type RenderBudget } from './helpers.js';

export { TemplateError };

/**
 * The full Handlebars (parser and compiler), loaded only when a template is compiled: at build time
 * (scripts/build-templates.mjs) and for a project's own templates_dir. Packs from the built-in templates
 * run on the runtime alone (runtime.ts), so `plan`, `build` and `validate` never load the compiler.
 */
const Handlebars = {
  create: (): typeof HandlebarsT => libraries.handlebars().create(),
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

/**
 * Blocks may nest this deep in one template. Handlebars' parser slows down with depth (5 000 nested
 * `{{#if}}` took 8.7 s, 10 000 overflowed the stack), so the source is scanned for block openings and
 * closings before it is parsed, and the first block past the limit is the error.
 */
const MAX_BLOCK_DEPTH = 64;

function checkNesting(source: string, file: string): void {
  let depth = 0;
  const tag = /\{\{(\{?)~?\s*(!--|!|#|\^|\/)?/g;
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    const kind = m[2];
    if (kind === '!--' || kind === '!') {
      const end = source.indexOf(kind === '!--' ? '--' : '}}', tag.lastIndex);
      if (end < 0) return; // the parser reports the unclosed comment
      tag.lastIndex = end;
      continue;
    }
    if (kind === '#' || (kind === '^' && !/^\s*~?\}\}/.test(source.slice(tag.lastIndex, tag.lastIndex + 8)))) {
      if (++depth > MAX_BLOCK_DEPTH) {
        const before = source.slice(0, m.index);
        const line = before.split('\n').length;
        throw new TemplateError(
          `blocks nest more than ${MAX_BLOCK_DEPTH} deep here; split the template into partials`,
          file,
          line,
          m.index - before.lastIndexOf('\n'),
        );
      }
    } else if (kind === '/') depth = Math.max(0, depth - 1);
  }
}

/** Names a template may use that are not fields of the view: Handlebars' own helpers and `this`. */
const BUILT_IN_HELPERS: ReadonlySet<string> = new Set(['each', 'if', 'unless', 'with', 'lookup']);

interface FieldUse {
  name: string;
  line: number;
  column: number;
}

/**
 * Every field a template reads, with its place: each segment of every path, but not `@data`, `this`,
 * block parameters (`as |item|`), helper names or partial names.
 */
function fieldsOf(ast: hbs.AST.Program): FieldUse[] {
  const out: FieldUse[] = [];
  const path = (p: hbs.AST.Expression, scope: ReadonlySet<string>) => {
    if (p.type === 'SubExpression') return call(p as hbs.AST.SubExpression, scope);
    if (p.type !== 'PathExpression') return;
    const e = p as hbs.AST.PathExpression;
    if (e.data) return;
    const parts = e.parts.filter((x) => x !== 'this');
    if (parts.length && scope.has(parts[0]!)) parts.shift();
    for (const name of parts) if (!/^\d+$/.test(name)) out.push({ name, line: e.loc.start.line, column: e.loc.start.column + 1 });
  };
  const args = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scope: ReadonlySet<string>) => {
    for (const x of node.params) path(x, scope);
    for (const pair of node.hash?.pairs ?? []) path(pair.value, scope);
  };
  const call = (node: { path: hbs.AST.Expression; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scope: ReadonlySet<string>) => {
    const head = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression) : undefined;
    const isHelper = head && head.parts.length === 1 && !head.data && (HELPER_NAMES.includes(head.original) || BUILT_IN_HELPERS.has(head.original));
    if (!isHelper) path(node.path, scope);
    args(node, scope);
  };
  const program = (prog: hbs.AST.Program | undefined, scope: ReadonlySet<string>) => {
    if (!prog) return;
    const inner = prog.blockParams?.length ? new Set([...scope, ...prog.blockParams]) : scope;
    for (const node of prog.body) statement(node, inner);
  };
  const statement = (node: hbs.AST.Statement, scope: ReadonlySet<string>) => {
    switch (node.type) {
      case 'MustacheStatement':
        return call(node as hbs.AST.MustacheStatement, scope);
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        call(b, scope);
        program(b.program, scope);
        return program(b.inverse, scope);
      }
      case 'PartialStatement':
        return args(node as hbs.AST.PartialStatement, scope);
      case 'PartialBlockStatement': {
        const b = node as hbs.AST.PartialBlockStatement;
        args(b, scope);
        return program(b.program, scope);
      }
      case 'DecoratorBlock':
        // {{#*inline "name"}}: the body is a partial, read in the caller's context.
        return program((node as unknown as { program: hbs.AST.Program }).program, scope);
      default:
        return;
    }
  };
  program(ast, new Set());
  return out;
}

/**
 * B17: a field the view does not have would print nothing, silently. Given the view's field names, the
 * first unknown one is a compile-time error at its place, with the nearest known name as a hint.
 */
function checkFields(ast: hbs.AST.Program, file: string, known: ReadonlySet<string>): void {
  for (const use of fieldsOf(ast)) {
    if (known.has(use.name)) continue;
    const guess = didYouMean(use.name, known);
    throw new TemplateError(
      `unknown field \`${use.name}\`: the pack's view has no such field${guess ? `; did you mean \`${guess}\`?` : ''}`,
      file,
      use.line,
      use.column,
    );
  }
}

/**
 * The field names a set of templates reads (the built-in ones: every name they use is a field of the view).
 * @public for app/templates-check.ts.
 */
export function templateFieldNames(sources: readonly { file: string; text: string }[]): Set<string> {
  const hb = Handlebars.create();
  const names = new Set<string>();
  for (const t of sources) for (const use of fieldsOf(hb.parse(t.text))) names.add(use.name);
  return names;
}

/** Where each partial is first called, so a budget stop in it points at the call. */
function recordPartialCalls(ast: hbs.AST.Program, file: string, budget: RenderBudget): void {
  const visit = (node: hbs.AST.Node | undefined): void => {
    if (!node) return;
    const n = node as hbs.AST.Node & Record<string, unknown>;
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const p = node as hbs.AST.PartialStatement;
      const name = p.name.type === 'PathExpression' ? p.name.original : undefined;
      if (name && !budget.partialCalls.has(name)) budget.partialCalls.set(name, { file, line: p.loc.start.line, column: p.loc.start.column });
    }
    for (const key of ['body', 'program', 'inverse'] as const) {
      const child = n[key];
      if (Array.isArray(child)) child.forEach((c) => visit(c as hbs.AST.Node));
      else if (child && typeof child === 'object') visit(child as hbs.AST.Node);
    }
  };
  visit(ast);
}

// Handlebars' built-in `log` writes to the console, raw: a template could print `::error::` or ESC into a CI
// log or a terminal. It is no helper of cocoon's: unknown at compile time, and unregistered (runtime.ts too).
const KNOWN_HELPERS = { ...Object.fromEntries(HELPER_NAMES.map((k) => [k, true])), log: false };
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
  checkNesting(source, name);
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
  /** Compile a page; with `knownFields`, a field not among them is a positioned error (B17). */
  compile(name: string, source: string, options?: { knownFields?: ReadonlySet<string> }): Compiled;
  registerPartial(name: string, source: string, file?: string): void;
}

/** An isolated Handlebars environment: strict, known helpers only, no prototype access, Markdown escaping in helpers. */
export function createEnv(): TemplateEnv {
  const hb = Handlebars.create();
  hb.unregisterHelper('log');
  for (const [name, fn] of Object.entries(templateHelpers())) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const budget = budgetTemplates(hb);
  return {
    compile(name, source, options = {}) {
      const ast = parseChecked(hb, name, source);
      if (options.knownFields) checkFields(ast, name, options.knownFields);
      recordPartialCalls(ast, name, budget);
      try {
        // Compile now, not on first use, so unknown helpers and bad partial calls surface here with a position.
        hb.precompile(ast, COMPILE_OPTIONS);
      } catch (e) {
        throw positioned(e, name);
      }
      return wrap(hb.compile(ast, COMPILE_OPTIONS), name, budget);
    },
    registerPartial(name, source, file = name) {
      const ast = parseChecked(hb, file, source);
      recordPartialCalls(ast, file, budget);
      hb.registerPartial(name, hb.compile(ast, COMPILE_OPTIONS));
    },
  };
}
