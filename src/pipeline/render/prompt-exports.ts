import { Document, stringify, type Node as YamlNode } from 'yaml';
import type { Prompt, Workflow } from '../../model/model.js';
import { reflowPrompt } from '../../model/text.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { demoPromptOf } from './demo.js';
import type { PackFile } from '../../model/pack.js';

/**
 * The prompt library as test suites (issue 31): promptfoo, GitHub Models `.prompt.yml` and Dotprompt.
 * Each keeps the prompt's text exactly: a template is cut once into literal text and declared variables
 * (`segments`), and each format has one function that writes a literal in its own template language, so
 * a `{{` or a `{%` that is text in cocoon stays text there. YAML is written by the `yaml` package, which
 * quotes what YAML would misread.
 */

export type ExportTarget = 'promptfoo' | 'prompt-yml' | 'dotprompt';
const EXPORT_TARGETS: readonly ExportTarget[] = ['promptfoo', 'prompt-yml', 'dotprompt'];

type Segment = { literal: string } | { variable: string };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The template as the library prints it, cut into literal text and declared variables (an undeclared `{{x}}` is text). */
function segments(prompt: Prompt): Segment[] {
  const text = reflowPrompt(prompt.template).replace(/\s+$/, '');
  const out: Segment[] = [];
  let at = 0;
  const push = (literal: string) => {
    if (!literal) return;
    const last = out[out.length - 1];
    if (last && 'literal' in last) last.literal += literal;
    else out.push({ literal });
  };
  for (const m of text.matchAll(PLACEHOLDER)) {
    push(text.slice(at, m.index));
    if (prompt.variables && Object.hasOwn(prompt.variables, m[1]!)) out.push({ variable: m[1]! });
    else push(m[0]);
    at = m.index + m[0].length;
  }
  push(text.slice(at));
  return out;
}

// --- the three template languages: one literal escaper and one variable writer each ---

/**
 * Nunjucks (promptfoo): `{{`, `{%` and `{#` open a tag, so the brace is written as an expression instead
 * (and the `}` of a stray `#}`, which Nunjucks refuses). promptfoo renders the test's vars with Nunjucks
 * too, and before that reads a var that starts with `file:` from disk (running it when it is JavaScript or
 * Python) and loads one that starts with `package:`: a value's first letter is written as an expression
 * when it starts like that, so a role's example is always text. Nothing this writes leaves a tag open at the
 * end of a line, which promptfoo would take as "partial Nunjucks" and stop rendering.
 */
const SCHEMES = /^(file|package|exec|portkey|langfuse|helicone|python|javascript|js):/i;
const nunjucksLiteral = (s: string): string =>
  s
    .replace(/\{(?=[{%#])/g, '{{ "{" }}')
    .replace(/#\}/g, '#{{ "}" }}')
    .replace(SCHEMES, (m) => `{{ "${m[0]}" }}${m.slice(1)}`);

/**
 * promptfoo reads a prompt's text as a program to run (`exec:`), a remote prompt (`langfuse://`), a file
 * path or a glob (one line with a `/`, `\\`, `*` or an extension), or a JSON chat (text that parses as
 * JSON), before it renders it. `nunjucksLiteral` takes care of the prefixes; a prompt that is one line or
 * parses as JSON ends with `{{ "" -}}` and a newline, which render as nothing and make it text.
 */
const KEEP_TEXT = '{{ "" -}}\n';
const parsesAsJson = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};
const promptfooRaw = (parts: readonly Segment[]): string => {
  const raw = nunjucks(parts);
  return raw.includes('\n') && !parsesAsJson(raw) ? raw : `${raw}${KEEP_TEXT}`;
};

/** A literal's last `{` right before a variable would open `{{{`: it is written as an expression too. */
const nunjucks = (parts: readonly Segment[]): string =>
  parts
    .map((p, i) => ('literal' in p ? nunjucksLiteral(p.literal).replace(/\{$/, (b) => (i + 1 < parts.length ? '{{ "{" }}' : b)) : `{{ ${p.variable} }}`))
    .join('');

/**
 * Handlebars (Dotprompt). Its lexer reads `\{{` as a literal `{{` and `\\{{` as one backslash and a real
 * mustache, so backslashes right before a `{{` need care: k of them before a literal `{{` are written as
 * k+1 backslashes, an empty comment `{{!}}` (the lexer drops one backslash) and `\{{`; before a variable,
 * as k+1 backslashes. A variable is `{{{name}}}` (its value is not HTML-escaped), or `{{{this.name}}}` when
 * its name is one of Dotprompt's helpers or Handlebars' own, so `role` is the variable, not the helper.
 * A `{` right before it or a `}` right after it would make `{{{{` or `}}}}`: a space goes between, and the
 * mustache's `~` takes that space away again (`{ {{~{name}}}`).
 */
const HANDLEBARS_NAMES: ReadonlySet<string> = new Set([
  'role',
  'history',
  'section',
  'media',
  'json',
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'else',
  'this',
]);
function handlebars(parts: readonly Segment[]): string {
  let out = '';
  for (const [i, p] of parts.entries()) {
    if ('variable' in p) {
      const before = parts[i - 1];
      const after = parts[i + 1];
      const openPad = before && 'literal' in before && before.literal.endsWith('{');
      const closePad = after && 'literal' in after && after.literal.startsWith('}');
      const name = HANDLEBARS_NAMES.has(p.variable) ? `this.${p.variable}` : p.variable;
      out += `${openPad ? ' {{~' : '{{'}{${name}}${closePad ? '~}} ' : '}}'}`;
      continue;
    }
    let text = p.literal.replace(/(\\*)\{\{/g, (_, k: string) => (k ? `${k}\\{{!}}\\{{` : '\\{{'));
    // Backslashes that end the text stand before the next variable's mustache.
    if (i + 1 < parts.length) text = text.replace(/(\\+)$/, (k: string) => `${k}\\`);
    out += text;
  }
  return out;
}

/** GitHub Models: `{{name}}` is replaced for each key of testData, nothing else is syntax. */
const mustache = (parts: readonly Segment[]): string => parts.map((p) => ('literal' in p ? p.literal : `{{${p.variable}}}`)).join('');

// --- verify items → assertions ---

type Check =
  | { kind: 'contains'; value: string; item: string }
  | { kind: 'figures'; item: string }
  | { kind: 'max-words'; value: number; item: string }
  | { kind: 'no-contact-details'; item: string }
  | { kind: 'rubric'; item: string };

/**
 * What a verify item can be checked by without a model: a quoted section or label the output must
 * carry, "no invented figures", a word limit, no contact details. Anything else is a rubric for a
 * grader model, in the item's own words. Deliberately narrow: a check that fires on a good output is worse
 * than a rubric.
 */
function checkOf(item: string): Check {
  const quoted = /["“]([^"”]{2,60})["”]/.exec(item)?.[1];
  if (quoted && /\b(section|heading|headed|under|left blank|labelled|label)\b/i.test(item)) return { kind: 'contains', value: quoted, item };
  const words = /\bat most (\d{1,4}) words\b/i.exec(item);
  if (words) return { kind: 'max-words', value: Number(words[1]), item };
  if (
    /\b(every|each|all) (figure|number|amount|total|count)s?\b[^.;]*\b(match|matches|in|from|appear|appears)\b/i.test(item) ||
    /\bno (invented|new|made-up) (figure|number)s?\b/i.test(item)
  )
    return { kind: 'figures', item };
  if (/\b(email|phone|bank detail|iban|card number)s?\b/i.test(item) && /^\s*no\b/i.test(item)) return { kind: 'no-contact-details', item };
  return { kind: 'rubric', item };
}

/** Every number of the output (commas and currency signs dropped) appears among the input's numbers. */
const FIGURES_JS = `const nums = (s) => (String(s).match(/\\d[\\d,]*(?:\\.\\d+)?/g) || []).map((n) => n.replace(/,/g, '')).map((n) => n.replace(/\\.0+$/, ''));
const input = new Set(nums(Object.values(context.vars).join('\\n')));
const invented = nums(output).filter((n) => !input.has(n));
return invented.length === 0 ? true : { pass: false, score: 0, reason: 'Figures not in the input: ' + [...new Set(invented)].slice(0, 10).join(', ') };`;

const maxWordsJs = (n: number) => `const words = String(output).trim().split(/\\s+/).filter(Boolean).length;
return words <= ${n} ? true : { pass: false, score: 0, reason: words + ' words; the limit is ${n}' };`;

/** An email address, a phone number in international or UK form, or an IBAN: the shapes `data/real-looking-example` refuses. */
const CONTACT_JS = `const found = String(output).match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}|\\+\\d{1,3}[ \\d]{8,14}\\d|\\b0\\d{3,4} ?\\d{3} ?\\d{3,4}\\b|\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){3,7}\\b/);
return found ? { pass: false, score: 0, reason: 'Looks like contact or bank details: ' + found[0] } : true;`;

// --- the library as the exports see it ---

interface LibraryEntry {
  workflow: Workflow;
  prompt: Prompt;
  parts: Segment[];
  /** The variables' examples. */
  example: Record<string, string>;
  /** The workflow's demo, when it runs this prompt: its values over the examples. */
  demo?: Record<string, string>;
  checks: Check[];
}

function library(p: PlannedProgramme): LibraryEntry[] {
  return p.prompts.map(({ workflow, prompt }) => {
    const example = Object.fromEntries(Object.entries(prompt.variables ?? {}).map(([k, v]) => [k, v.example ?? '']));
    const demo = workflow.demo && demoPromptOf(workflow) === prompt ? { ...example, ...(workflow.demo.values ?? {}) } : undefined;
    return { workflow, prompt, parts: segments(prompt), example, ...(demo ? { demo } : {}), checks: (prompt.verify ?? []).map(checkOf) };
  });
}

const policyRubric = (p: PlannedProgramme): string | undefined =>
  p.dataPolicy.forbidden.length ? `The output contains none of the following, and does not ask for them: ${p.dataPolicy.forbidden.join('; ')}.` : undefined;

function promptfooAssert(c: Check): Record<string, unknown> {
  switch (c.kind) {
    case 'contains':
      return { type: 'icontains', value: c.value, metric: c.item };
    case 'figures':
      return { type: 'javascript', value: FIGURES_JS, metric: c.item };
    case 'max-words':
      return { type: 'javascript', value: maxWordsJs(c.value), metric: c.item };
    case 'no-contact-details':
      return { type: 'javascript', value: CONTACT_JS, metric: c.item };
    case 'rubric':
      return { type: 'llm-rubric', value: c.item, metric: c.item };
  }
}

/** A YAML document with a comment block on top, LF, no line folding (a template's lines stay its lines). */
function yamlText(value: unknown, comment: string[]): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  doc.commentBefore = comment.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

function promptfooConfig(p: PlannedProgramme): string {
  const lib = library(p);
  const tools = p.org.tools?.length ? p.org.tools : [];
  const policy = policyRubric(p);
  const config = {
    description: `${p.role.name} prompt library (${p.title})`,
    prompts: lib.map((e) => ({ id: e.prompt.id, label: e.prompt.id, raw: promptfooRaw(e.parts) })),
    providers: [] as unknown[],
    defaultTest: {
      options: { disableVarExpansion: true },
      ...(policy ? { assert: [{ type: 'llm-rubric', value: policy, metric: 'data policy' }] } : {}),
    },
    tests: lib.flatMap((e) => {
      const assert = e.checks.map(promptfooAssert);
      const vars = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, nunjucksLiteral(v.replace(/\n+$/, ''))]));
      return [
        { description: `${e.prompt.id}: the variables' examples`, prompts: [e.prompt.id], vars: vars(e.example), assert },
        ...(e.demo ? [{ description: `${e.prompt.id}: the demo material of ${e.workflow.id}`, prompts: [e.prompt.id], vars: vars(e.demo), assert }] : []),
      ];
    }),
  };
  const doc = new Document(config, { aliasDuplicateObjects: false });
  // The providers are the consultant's to choose: the org's tools are named, none is assumed.
  const providers = doc.get('providers', true) as YamlNode | undefined;
  if (providers)
    providers.commentBefore = [
      ' Add the model(s) to test, e.g. the one behind each approved tool:',
      ...(tools.length ? tools.map((t) => `   ${t}`) : ['   (no org.tools in cocoon.yaml)']),
      ' providers:',
      '   - id: openai:gpt-4.1-mini',
      ' Run offline without a model: promptfoo eval --providers echo',
    ].join('\n');
  doc.commentBefore = [
    ' yaml-language-server: $schema=https://promptfoo.dev/config-schema.json',
    ` Generated by cocoon from the ${p.role.name} role: every prompt of the library, a test per example and`,
    " per demo, and assertions from each prompt's verify list. Regenerate it; do not edit it by hand.",
  ].join('\n');
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** GitHub Models: messages, a placeholder model, testData from the examples, evaluators from verify. */
function promptYml(p: PlannedProgramme, e: LibraryEntry): string {
  const evaluators = e.checks.flatMap((c): Record<string, unknown>[] =>
    c.kind === 'contains' ? [{ name: c.item, string: { contains: c.value } }] : c.kind === 'figures' ? [{ name: c.item, uses: 'github/groundedness' }] : [],
  );
  const manual = e.checks.filter((c) => c.kind !== 'contains' && c.kind !== 'figures').map((c) => c.item);
  const value = {
    name: e.prompt.title,
    description: `${p.role.name} · ${e.workflow.title}. Generated by cocoon from the role file.`,
    model: 'openai/gpt-4.1-mini',
    modelParameters: { temperature: 0.2 },
    messages: [{ role: 'user', content: mustache(e.parts) }],
    testData: [e.example, ...(e.demo ? [e.demo] : [])].map((v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.replace(/\n+$/, '')]))),
    ...(evaluators.length ? { evaluators } : {}),
  };
  return yamlText(value, [
    `The ${e.prompt.id} prompt for GitHub Models (gh models eval). Set \`model\` to the model you test.`,
    ...(manual.length ? ['Check these by reading the output (no string evaluator can):', ...manual.map((m) => `  - ${m.replace(/\n/g, ' ')}`)] : []),
  ]);
}

/** Dotprompt: YAML front matter (the input schema from the variables) and the template in Handlebars. */
function dotprompt(e: LibraryEntry): string {
  const schema = Object.fromEntries(Object.entries(e.prompt.variables ?? {}).map(([k, v]) => [`${k}`, `string, ${v.description.replace(/\s+/g, ' ')}`]));
  const front = stringify(
    {
      model: 'googleai/gemini-2.5-flash',
      config: { temperature: 0.2 },
      input: { schema, default: Object.fromEntries(Object.entries(e.example).map(([k, v]) => [k, v.replace(/\n+$/, '')])) },
    },
    { lineWidth: 0, blockQuote: 'literal' },
  );
  return `---\n${front}---\n${handlebars(e.parts)}\n`;
}

/** The files of `--format prompts` (all three) or of `cocoon export prompts --to <target>`, paths under `prompts/<target>/`. */
export function renderPromptExports(p: PlannedProgramme, targets: readonly ExportTarget[] = EXPORT_TARGETS): PackFile[] {
  const lib = library(p);
  const files: PackFile[] = [];
  if (targets.includes('promptfoo')) files.push({ path: 'prompts/promptfoo/promptfooconfig.yaml', content: promptfooConfig(p) });
  if (targets.includes('prompt-yml')) for (const e of lib) files.push({ path: `prompts/prompt-yml/${e.prompt.id}.prompt.yml`, content: promptYml(p, e) });
  if (targets.includes('dotprompt')) for (const e of lib) files.push({ path: `prompts/dotprompt/${e.prompt.id}.prompt`, content: dotprompt(e) });
  return files;
}
