import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * The escaping layer (docs/safety.md, "Escaping: one layer per format") as a rule on the source:
 * - text is never a `replace` pattern: every `.replace`/`.replaceAll` replacement is a literal without
 *   `${…}` or a function, so no value can carry `$&`, `` $` `` or `$'` into one (the 371 MB report.html);
 * - text is never a regex: every `RegExp(…)` is built from a literal, or is on the short list below;
 * - escaping lives in src/model/escape/ only: no other module spells an entity, a percent-escape or
 *   percent-encodes by hand;
 * - every writer of a format imports that format's escaper.
 * The corpus (tests/hostile/corpus-escaping.test.ts) shows the behaviour; this keeps the shape.
 */

const SRC = join(ROOT, 'src');
const modules = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const source = (f: string) => ts.createSourceFile(f, readFileSync(join(SRC, f), 'utf8'), ts.ScriptTarget.Latest, true);

/** `RegExp(…)` built from something other than a literal, each checked by hand: what it is built from. */
const DYNAMIC_REGEXPS: Record<string, string> = {
  'model/escape/controls.ts': 'the CONTROL regex itself, made global',
  'pipeline/load/yaml-errors.ts': 'a quote character of the YAML scalar (one of \' and ")',
  'pipeline/report/report-data.ts': 'a number of decimals from a column rule in code',
  'devtools/readme-tables.ts': 'a marker name of the README template, in code',
};

function offences(file: string, sf: ts.SourceFile = source(file)): { replace: string[]; regexp: string[] } {
  const replace: string[] = [];
  const regexp: string[] = [];
  const at = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      ['replace', 'replaceAll'].includes(n.expression.name.text) &&
      n.arguments.length === 2
    ) {
      const r = n.arguments[1]!;
      const literal = ts.isStringLiteral(r) || ts.isNoSubstitutionTemplateLiteral(r);
      const fn = ts.isArrowFunction(r) || ts.isFunctionExpression(r);
      if (!literal && !fn) replace.push(`${at(n)} ${r.getText().slice(0, 60)}`);
    }
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      const a = n.arguments?.[0];
      if (a && !ts.isStringLiteral(a) && !ts.isRegularExpressionLiteral(a) && !ts.isNoSubstitutionTemplateLiteral(a)) regexp.push(at(n));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { replace, regexp };
}

describe('the escaping layer, as a rule on src/', () => {
  it('no `.replace` takes a replacement string built from values: a literal or a function only', () => {
    expect(modules.flatMap((f) => offences(f).replace)).toEqual([]);
  });

  it('no RegExp is built from text, but the few on the list (each checked by hand)', () => {
    const dynamic = modules.filter((f) => offences(f).regexp.length);
    expect(dynamic).toEqual(Object.keys(DYNAMIC_REGEXPS).sort());
  });

  it('shows both on planted code', () => {
    const code =
      's.replace(/x/, `<h2>${title}</h2>`); s.replaceAll(a, title); s.replace(/x/, () => title); s.replace(/x/, "$1"); new RegExp(title); RegExp("a+");';
    const found = offences('planted.ts', ts.createSourceFile('planted.ts', code, ts.ScriptTarget.Latest, true));
    expect(found.replace.map((x) => x.split(' ')[1])).toEqual(['`<h2>${title}</h2>`', 'title']);
    expect(found.regexp).toHaveLength(1);
  });

  it('escaping is spelled only in src/model/escape/: no entity, percent-escape or URI encoding elsewhere', () => {
    const adHoc = /['"`][^'"`\n]*(&lt;|&gt;|&amp;|&quot;|&#\d+;|%0A|%0D|%25|%2C|%3A)|\bencodeURI(Component)?\(/;
    const found = modules
      .filter((f) => !f.startsWith('model/escape/'))
      .flatMap((f) =>
        readFileSync(join(SRC, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
          .filter(({ line }) => !/^\s*(\/\/|\*)/.test(line) && adHoc.test(line))
          .map(({ at }) => at),
      );
    expect(found).toEqual([]);
  });

  it('every writer of a format imports the escaper of that format', () => {
    const writers: Record<string, string[]> = {
      'pipeline/render/ics.ts': ['ics'],
      'pipeline/render/html.ts': ['html'],
      'pipeline/render/timeline.ts': ['html'],
      'pipeline/render/helpers.ts': ['markdown'],
      'pipeline/render/slides.ts': ['marp', 'markdown', 'controls'],
      'pipeline/render/forms.ts': ['gift'],
      'pipeline/render/docx.ts': ['docx'],
      'pipeline/render/scorm.ts': ['html', 'json'],
      'pipeline/load/csv.ts': ['csv'],
      'pipeline/report/report.ts': ['markdown', 'html', 'uri'],
      'cli/reporters/sarif.ts': ['uri', 'json'],
      'cli/reporters/json.ts': ['json'],
      'cli/reporters/github.ts': ['workflow'],
      'cli/reporters/text.ts': ['terminal'],
      'cli/reporters/writes.ts': ['terminal'],
      'cli/run.ts': ['terminal'],
      // Writers added with the evidence record, the prompt exports and the report's results pages.
      'pipeline/evidence/register.ts': ['html'],
      'pipeline/evidence/render.ts': ['json'],
      'pipeline/evidence/records.ts': ['csv'],
      'pipeline/render/report-spec.ts': ['json'],
      'app/evidence.ts': ['json'],
      'app/report.ts': ['json'],
      'cli/commands/rules.ts': ['json'],
    };
    // A writer may reach its escaper through the one helper built on it: csvText (load/csv.ts) quotes every cell with csvCell.
    const through: Record<string, string> = { csv: `from '[./]*(model/escape|pipeline/load|load)/csv\\.js'` };
    for (const [file, formats] of Object.entries(writers)) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const format of formats)
        expect(text, `${file} does not import model/escape/${format}.ts`).toMatch(new RegExp(through[format] ?? `from '[./]*model/escape/${format}\\.js'`));
    }
    // …and the layer holds a module for every format docs/safety.md lists.
    const layer = readdirSync(join(SRC, 'model/escape')).sort();
    expect(layer).toEqual([
      'controls.ts',
      'csv.ts',
      'docx.ts',
      'gift.ts',
      'html.ts',
      'ics.ts',
      'json.ts',
      'markdown.ts',
      'marp.ts',
      'terminal.ts',
      'uri.ts',
      'workflow.ts',
    ]);
    const docs = readFileSync(join(ROOT, 'docs/safety.md'), 'utf8');
    for (const f of layer) expect(docs, `docs/safety.md does not describe model/escape/${f}`).toContain(`model/escape/${f}`);
  });

  // The scans below catch a new writer that is not on the list above: it spells its format by hand.
  const lines = (f: string) =>
    readFileSync(join(SRC, f), 'utf8')
      .split('\n')
      .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
      .filter(({ line }) => !/^\s*(\/\/|\*)/.test(line));

  /** Pretty JSON written without jsonText, each checked by hand: what it holds. */
  const OWN_JSON: Record<string, string> = {
    'app/scaffold.ts': "package.json's devDependency on cocoon-cli's own version",
    'pipeline/write/files.ts': "the manifests: cocoon's own paths and sha256 hashes",
    'pipeline/write/trees.ts': "the report, evidence and export manifests: cocoon's own paths and sha256 hashes",
    'cli/commands/schema.ts': "cocoon's own JSON Schemas",
  };

  it("every JSON file or JSON print is written by jsonText (model/escape/json.ts), but the few of cocoon's own data on the list", () => {
    const found = modules
      .filter((f) => !f.startsWith('model/escape/'))
      .flatMap((f) => lines(f).filter(({ line }) => /JSON\.stringify\(.*null, 2\)/.test(line)))
      .map(({ at }) => at.split(':')[0]!);
    expect([...new Set(found)].sort()).toEqual(Object.keys(OWN_JSON).sort());
  });

  it('no CSV row is joined by hand: every CSV file is written by csvText, which quotes and defuses each cell', () => {
    // report-data.ts joins the expected header (cocoon's own column names) into a diagnostic's message;
    // validate.ts rejoins a YAML flow mapping the user wrote, in a hint printed through inert().
    const allowed = new Set(['pipeline/load/csv.ts', 'pipeline/report/report-data.ts', 'pipeline/validate/validate.ts']);
    const found = modules
      .filter((f) => !f.startsWith('model/escape/') && !allowed.has(f))
      .flatMap((f) => lines(f).filter(({ line }) => /\.join\(\s*(','|",")\s*\)/.test(line)))
      .map(({ at }) => at);
    expect(found).toEqual([]);
  });
});
