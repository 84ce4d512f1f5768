import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * Facts in code, words in templates (issue 26): a renderer holds no prose. A string literal of four or
 * more words in src/pipeline/render/ is a sentence a trainer reads; it belongs in a template or in the
 * message catalogues (templates/messages/<lang>.yaml). Errors (`new …Error(…)`) are the CLI's own
 * messages and stay. The renderers not yet moved are listed with the prose they still hold: the count
 * may only go down.
 */
const NOT_YET_MOVED: Record<string, number> = {
  // The Word footer and the SCORM launch page's own chrome (issue 32): English in every language for now.
  'src/pipeline/render/docx.ts': 1,
  'src/pipeline/render/scorm.ts': 3,
};

/**
 * Modules whose words no trainer, participant or sponsor reads, with the reason: the prompt exports are
 * test configuration for a consultant's CI (promptfoo's JavaScript assertions and comments, in English
 * like the tools that read them); report-spec and helpers word diagnostics about a user's file.
 */
const NOT_PACK_TEXT: ReadonlySet<string> = new Set([
  'src/pipeline/render/prompt-exports.ts',
  'src/pipeline/render/report-spec.ts',
  'src/pipeline/render/helpers.ts',
]);

/** Command lines a page prints (a command is not prose). */
const COMMANDS: ReadonlySet<string> = new Set([
  'cocoon draft roles/ x .yaml',
  'cocoon plan --role < x > --start <YYYY-MM-DD> --owner "< x >, < x >" --sponsor "< x >, < x >" --facilitators "< x >, < x >; < x >, < x >" x ',
]);

/** Template errors a project's author reads in `validate` (diagnostics, not pack text). */
const DIAGNOSTICS: ReadonlySet<string> = new Set(['Template does not parse', 'the page took more than  x  ms to render', 'the page grew past  x  MiB']);

/** Words of prose: markup (SVG and HTML tags) and the pages' small scripts are code, not sentences. */
const words = (text: string): number =>
  /\bdocument\.|function \(/.test(text)
    ? 0
    : text
        .replace(/<[^>]*>?/g, ' ')
        .split(/\s+/)
        .filter((w) => /\p{L}{2,}/u.test(w)).length;

/** The prose literals of one module: strings and the static parts of template literals, outside errors. */
function proseIn(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const inError = (n: ts.Node): boolean => {
    for (let p = n.parent; p; p = p.parent) if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText(sf))) return true;
    return false;
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    let text: string | undefined;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
    else if (ts.isTemplateExpression(n)) text = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' x ');
    if (text !== undefined && words(text) >= 4 && !inError(n)) out.push(text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const renderDir = join(ROOT, 'src', 'pipeline', 'render');
const modules = readdirSync(renderDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => relative(ROOT, join(renderDir, f)).split('\\').join('/'))
  .sort();

describe('renderers hold no prose', () => {
  for (const file of modules)
    it(file, () => {
      if (NOT_PACK_TEXT.has(file)) return;
      const found = proseIn(join(ROOT, file)).filter((t) => !DIAGNOSTICS.has(t) && !COMMANDS.has(t));
      if (NOT_YET_MOVED[file] === undefined) expect(found).toEqual([]);
      else expect(found.length, found.join('\n')).toBeLessThanOrEqual(NOT_YET_MOVED[file]);
    });

  it('the scan sees a sentence, and lets an error message be', () => {
    const planted =
      "const a = 'Bring a laptop and a headset';\nthrow new TemplateError('This template does not parse here', f, 1, 1);\nconst b = `Session ${n} of the programme`;";
    expect(proseIn('planted.ts', planted)).toEqual(['Bring a laptop and a headset', 'Session  x  of the programme']);
  });
});
