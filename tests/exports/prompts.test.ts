import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, FIXTURES, ROOT, cli, readTree, tempDir } from '../helpers.js';
import { reflowPrompt } from '../../src/model/text.js';

/**
 * Issue 31: the prompt library as test suites. Every export is read back by its own tool — promptfoo's
 * config schema and `promptfoo eval` with the offline echo provider, the `dotprompt` package, and the
 * fields GitHub documents for `.prompt.yml` — and must give back, with the example values, exactly the
 * text cocoon's library shows filled in (the role's template, reflowed as the library prints it).
 */

const PROMPTFOO = join(ROOT, 'node_modules', '.bin', 'promptfoo');

interface RoleYaml {
  workflows: { id: string; prompts?: { id: string; template: string; variables?: Record<string, { example?: string }>; verify?: string[] }[] }[];
}

/** cocoon's fill, recomputed here: each declared {{name}} of the reflowed template takes its value (trailing newlines dropped). */
function expectedFill(template: string, variables: Record<string, unknown>, values: Record<string, string>): string {
  return reflowPrompt(template)
    .replace(/\s+$/, '')
    .replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (raw, name: string) => (Object.hasOwn(variables, name) ? (values[name] ?? '').replace(/\n+$/, '') : raw));
}

function promptsOf(file: string) {
  const role = parseYaml(readFileSync(file, 'utf8')) as RoleYaml;
  return role.workflows.flatMap((w) => (w.prompts ?? []).map((p) => ({ ...p, variables: p.variables ?? {} })));
}

/** The variables' examples as a value is filled in: without the newline a YAML block scalar ends with. */
const examples = (p: { variables: Record<string, { example?: string }> }) =>
  Object.fromEntries(Object.entries(p.variables).map(([k, v]) => [k, (v.example ?? '').replace(/\n+$/, '')]));

async function exportAll(roleArg: string, cwd: string): Promise<string> {
  const dir = join('out', roleArg.replace(/\W+/g, '-'));
  for (const to of ['promptfoo', 'prompt-yml', 'dotprompt']) {
    const r = await cli(['export', 'prompts', '--to', to, '--role', roleArg, '--out', join(dir, to)], { cwd });
    expect(r.code, r.stderr).toBe(0);
  }
  return join(cwd, dir);
}

/** promptfoo eval, offline: echo as the provider and as the grader; the JSON results. */
function promptfooEval(config: string, home: string): Promise<{ results: { results: PromptfooResult[] } }> {
  const out = join(home, 'results.json');
  return new Promise((resolve, reject) => {
    const child = spawn(
      PROMPTFOO,
      ['eval', '-c', config, '--providers', 'echo', '--grader', 'echo', '-o', out, '--no-cache', '--no-table', '--no-progress-bar'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          PROMPTFOO_CONFIG_DIR: join(home, '.promptfoo'),
          PROMPTFOO_DISABLE_TELEMETRY: '1',
          PROMPTFOO_DISABLE_UPDATE: '1',
          PROMPTFOO_DISABLE_SHARING: '1',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () =>
      existsSync(out) ? resolve(JSON.parse(readFileSync(out, 'utf8')) as never) : reject(new Error(`promptfoo wrote no results: ${err.slice(-2000)}`)),
    );
  });
}

interface PromptfooResult {
  prompt: { label: string };
  vars: Record<string, string>;
  response?: { output: string };
  error?: string;
  failureReason?: number;
  testCase: { description: string; assert?: { type: string; value: unknown }[] };
  gradingResult?: { componentResults?: { pass: boolean; assertion?: { type: string; value: unknown } }[] };
}

/** What each deterministic assertion must say about an output, decided here from the verify item's own rule. */
function expectedPass(type: string, value: unknown, output: string, vars: Record<string, string>): boolean | undefined {
  if (type === 'icontains') return output.toLowerCase().includes(String(value).toLowerCase());
  if (type !== 'javascript') return undefined;
  const code = String(value);
  const nums = (s: string) => (s.match(/\d[\d,]*(?:\.\d+)?/g) ?? []).map((n) => n.replace(/,/g, '').replace(/\.0+$/, ''));
  if (code.includes('Figures not in the input')) {
    const input = new Set(nums(Object.values(vars).join('\n')));
    return nums(output).every((n) => input.has(n));
  }
  const limit = /words <= (\d+)/.exec(code);
  if (limit) return output.trim().split(/\s+/).filter(Boolean).length <= Number(limit[1]);
  if (code.includes('contact or bank details'))
    return !/@[A-Za-z0-9-]+\.[A-Za-z]{2,}|\+\d{1,3}[ \d]{8,14}\d|\b0\d{3,4} ?\d{3} ?\d{3,4}\b|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b/.test(output);
  return undefined;
}

describe('cocoon export prompts: promptfoo', () => {
  it("every built-in role: the config passes promptfoo's own schema; promptfoo eval (echo) runs every test, fills each prompt as cocoon does, and the deterministic assertions pass or fail as they should", async () => {
    const cwd = tempDir();
    const configs: { role: string; dir: string }[] = [];
    for (const role of BUILT_IN_ROLES) {
      const r = await cli(['export', 'prompts', '--to', 'promptfoo', '--role', role, '--out', join('pf', role)], { cwd });
      expect(r.code, r.stderr).toBe(0);
      configs.push({ role, dir: join(cwd, 'pf', role) });
    }
    // The schema promptfoo itself validates configs with (its zod UnifiedConfigSchema), in a process of its own.
    const check = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { UnifiedConfigSchema } from 'promptfoo'; import { parse } from 'yaml'; import { readFileSync } from 'node:fs';
           for (const f of process.argv.slice(1)) { const r = UnifiedConfigSchema.safeParse(parse(readFileSync(f, 'utf8'))); if (!r.success) { console.log(f, JSON.stringify(r.error.issues).slice(0, 800)); process.exitCode = 1; } }`,
        ...configs.map((c) => join(c.dir, 'promptfooconfig.yaml')),
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROMPTFOO_DISABLE_TELEMETRY: '1', PROMPTFOO_DISABLE_UPDATE: '1' } },
    );
    expect(check.status, check.stdout + check.stderr).toBe(0);

    let deterministic = 0;
    let failing = 0;
    const runs = await Promise.all(configs.map((c) => promptfooEval(join(c.dir, 'promptfooconfig.yaml'), tempDir())));
    for (const [i, { role }] of configs.entries()) {
      const config = parseYaml(readFileSync(join(configs[i]!.dir, 'promptfooconfig.yaml'), 'utf8')) as { tests: unknown[]; prompts: { id: string }[] };
      const results = runs[i]!.results.results;
      // Every test ran once, with its own prompt only, and none errored (failureReason 2; 1 is a failed assertion).
      expect(results.length, role).toBe(config.tests.length);
      expect(results.filter((r) => r.failureReason === 2).map((r) => r.error)).toEqual([]);
      const prompts = promptsOf(join(ROOT, 'roles', `${role}.yaml`));
      expect(config.prompts.map((p) => p.id).sort()).toEqual(prompts.map((p) => p.id).sort());
      for (const r of results) {
        const p = prompts.find((x) => x.id === r.prompt.label)!;
        expect(r.testCase.description.startsWith(`${p.id}:`)).toBe(true);
        // The echo output is the prompt promptfoo rendered: cocoon's fill of the same values.
        const values = r.testCase.description.endsWith("the variables' examples") ? examples(p) : r.vars;
        expect(r.response?.output, `${role} ${r.testCase.description}`).toBe(expectedFill(p.template, p.variables, values));
        for (const c of r.gradingResult?.componentResults ?? []) {
          const want = c.assertion ? expectedPass(c.assertion.type, c.assertion.value, r.response!.output, r.vars) : undefined;
          if (want === undefined) continue;
          deterministic++;
          if (!want) failing++;
          expect(c.pass, `${role} ${r.testCase.description} ${c.assertion!.type}`).toBe(want);
        }
      }
    }
    // Not vacuous: there are deterministic assertions, each judged as the item's own rule says. Whether one
    // fails on the echo output depends on the role's text; the hostile corpus below plants failing ones.
    expect(deterministic).toBeGreaterThan(10);
    expect(failing).toBeLessThanOrEqual(deterministic);
  }, 300_000);
});

describe('cocoon export prompts: GitHub Models and Dotprompt', () => {
  const TOP = new Set(['name', 'description', 'model', 'modelParameters', 'messages', 'testData', 'evaluators', 'responseFormat', 'jsonSchema']);
  it("every .prompt.yml has the documented fields, and its {{variables}} filled from testData give cocoon's fill", async () => {
    const cwd = tempDir();
    for (const role of BUILT_IN_ROLES) {
      const out = await exportAll(role, cwd);
      const prompts = promptsOf(join(ROOT, 'roles', `${role}.yaml`));
      const files = readdirSync(join(out, 'prompt-yml')).filter((f) => f.endsWith('.prompt.yml'));
      expect(files.sort()).toEqual(prompts.map((p) => `${p.id}.prompt.yml`).sort());
      for (const f of files) {
        const doc = parseYaml(readFileSync(join(out, 'prompt-yml', f), 'utf8')) as Record<string, unknown>;
        for (const k of Object.keys(doc)) expect(TOP.has(k), `${f}: ${k}`).toBe(true);
        expect(typeof doc.name).toBe('string');
        expect(typeof doc.model).toBe('string');
        const messages = doc.messages as { role: string; content: string }[];
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(['system', 'user', 'assistant']).toContain(m.role);
        const testData = doc.testData as Record<string, string>[];
        for (const e of (doc.evaluators as Record<string, unknown>[] | undefined) ?? []) {
          expect(typeof e.name).toBe('string');
          expect(Boolean(e.string) !== Boolean(e.uses)).toBe(true);
          if (e.uses) expect(String(e.uses)).toMatch(/^github\/[a-z-]+$/);
          else expect(Object.keys(e.string as object).every((k) => ['contains', 'equals', 'startsWith', 'endsWith'].includes(k))).toBe(true);
        }
        const p = prompts.find((x) => `${x.id}.prompt.yml` === f)!;
        const filled = testData[0]!;
        const text = messages[0]!.content.replace(/\{\{(\w+)\}\}/g, (raw, k: string) => (Object.hasOwn(filled, k) ? filled[k]! : raw));
        expect(text).toBe(expectedFill(p.template, p.variables, examples(p)));
      }
    }
  }, 120_000);

  it("every .prompt loads with the dotprompt package and renders with the example values to cocoon's fill", async () => {
    const { Dotprompt } = await import('dotprompt');
    const dp = new Dotprompt();
    const cwd = tempDir();
    for (const role of BUILT_IN_ROLES) {
      const out = await exportAll(role, cwd);
      for (const p of promptsOf(join(ROOT, 'roles', `${role}.yaml`))) {
        const source = readFileSync(join(out, 'dotprompt', `${p.id}.prompt`), 'utf8');
        const parsed = dp.parse(source);
        expect(Object.keys((parsed.input as { schema: object }).schema).sort()).toEqual(Object.keys(p.variables).sort());
        const rendered = await dp.render(source, { input: examples(p) });
        const text = rendered.messages.map((m) => m.content.map((c) => ('text' in c ? c.text : '')).join('')).join('');
        expect(text, `${role} ${p.id}`).toBe(expectedFill(p.template, p.variables, examples(p)));
      }
    }
  }, 120_000);
});

describe('cocoon export prompts: hostile templates round-trip in all three formats', () => {
  const HOSTILE: { template: string; example: string }[] = [
    { template: 'Open {{ and {% if x %} and {# c #} then {{text}}', example: 'a {{b}} c {% raw %} {# d #}' },
    { template: 'Backslash \\{{ and \\\\{{ then \\{{text}} end', example: 'v \\ w' },
    { template: 'Brace {{{text}}} and }}} and {{{{ four', example: '} {' },
    { template: '---\nfront: matter\n---\n{{text}}\n---', example: '---\nx: 1\n---' },
    { template: 'YAML: &anchor *alias !tag %directive @at `tick` "q" \'s\' # hash: {{text}}', example: '- item\n? key\n: value\n|\n>' },
    { template: '{{text}} at the start, $& $1 $` and {{role}} a helper name', example: 'file:///etc/hostname' },
    { template: 'exec:/bin/echo pwned {{text}}', example: 'package:fs:readFileSync' },
    { template: '{"json": "{{text}}", "n": [1, 2]}', example: 'langfuse://x' },
    { template: 'A stray #} and {{text}} {#', example: '#} {# {{ x' },
    { template: 'one line with a / and a * and .py {{text}}', example: 'x.txt' },
    { template: 'Unicode: “quotes” — em dash, zero\u200bwidth, RTL \u202eabc, emoji 🎉 {{text}}', example: 'Ünïcödé \t tab' },
  ];

  function hostileRole(): string {
    const base = readFileSync(join(FIXTURES, 'rules', 'roles', 'procurement.yaml'), 'utf8');
    const doc = parseYaml(base) as { id: string; workflows: { prompts?: unknown[] }[] };
    doc.id = 'hostile';
    doc.workflows[0]!.prompts = HOSTILE.map((h, i) => ({
      id: `hostile-${i + 1}`,
      title: `Hostile ${i + 1}`,
      template: h.template,
      variables: {
        text: { description: 'Text', example: h.example },
        ...(h.template.includes('{{role}}') ? { role: { description: 'A role', example: 'R&D <lead>' } } : {}),
      },
      verify: ['The output keeps the section "Left out"', 'At most 50 words'],
    }));
    return stringify(doc);
  }

  it("promptfoo (echo), Dotprompt and GitHub Models give back exactly cocoon's fill", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'roles'));
    writeFileSync(join(cwd, 'roles', 'hostile.yaml'), hostileRole());
    const out = await exportAll('roles/hostile.yaml', cwd);
    const prompts = promptsOf(join(cwd, 'roles', 'hostile.yaml')).filter((p) => p.id.startsWith('hostile-'));
    expect(prompts.length).toBe(HOSTILE.length);

    const run = await promptfooEval(join(out, 'promptfoo', 'promptfooconfig.yaml'), tempDir());
    const byPrompt = new Map(run.results.results.filter((r) => r.testCase.description.endsWith("the variables' examples")).map((r) => [r.prompt.label, r]));
    const { Dotprompt } = await import('dotprompt');
    const dp = new Dotprompt();
    for (const p of prompts) {
      const want = expectedFill(p.template, p.variables, examples(p));
      const r = byPrompt.get(p.id);
      expect(r?.failureReason, `${p.id} ${r?.error}`).not.toBe(2);
      expect(r?.response?.output, `promptfoo ${p.id}`).toBe(want);
      const dot = await dp.render(readFileSync(join(out, 'dotprompt', `${p.id}.prompt`), 'utf8'), { input: examples(p) });
      expect(dot.messages.map((m) => m.content.map((c) => ('text' in c ? c.text : '')).join('')).join(''), `dotprompt ${p.id}`).toBe(want);
      const yml = parseYaml(readFileSync(join(out, 'prompt-yml', `${p.id}.prompt.yml`), 'utf8')) as {
        messages: { content: string }[];
        testData: Record<string, string>[];
      };
      const filled = yml.messages[0]!.content.replace(/\{\{(\w+)\}\}/g, (raw, k: string) => (Object.hasOwn(yml.testData[0]!, k) ? yml.testData[0]![k]! : raw));
      expect(filled, `prompt-yml ${p.id}`).toBe(want);
    }
    // The planted verify items fail on the echo output, as promptfoo says: the section is not in the prompt.
    for (const r of [...byPrompt.values()].filter((x) => x.prompt.label.startsWith('hostile-'))) {
      const section = (r.gradingResult?.componentResults ?? []).find((c) => c.assertion?.type === 'icontains');
      expect(section?.pass, r.prompt.label).toBe(expectedPass('icontains', section?.assertion?.value, r.response!.output, r.vars));
      expect(section?.pass, r.prompt.label).toBe(false);
    }
    // The example that names a file is text, never a file promptfoo reads.
    expect(run.results.results.some((r) => r.response?.output.includes('file:///etc/hostname'))).toBe(true);
  }, 180_000);
});

describe('cocoon export prompts: files, manifest and --format prompts', () => {
  it('writes into <pack>/prompts/<tool>/ by default, deterministically, refuses a hand edit and --check reports it', async () => {
    const cwd = tempDir();
    const first = await cli(['export', 'prompts', '--to', 'dotprompt', '--role', 'finance'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const dir = join(cwd, 'programmes/finance/prompts/dotprompt');
    const tree = readTree(dir);
    expect(Object.keys(tree)).toContain('variance-draft.prompt');
    expect((await cli(['export', 'prompts', '--to', 'dotprompt', '--role', 'finance'], { cwd })).code).toBe(0);
    expect(readTree(dir)).toEqual(tree);
    expect((await cli(['export', 'prompts', '--to', 'dotprompt', '--role', 'finance', '--check'], { cwd })).code).toBe(0);
    writeFileSync(join(dir, 'variance-draft.prompt'), 'edited\n');
    const check = await cli(['export', 'prompts', '--to', 'dotprompt', '--role', 'finance', '--check'], { cwd });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('variance-draft.prompt');
    const again = await cli(['export', 'prompts', '--to', 'dotprompt', '--role', 'finance'], { cwd });
    expect(again.code).toBe(3);
    expect(readFileSync(join(dir, 'variance-draft.prompt'), 'utf8')).toBe('edited\n');
  });

  it('plan --format prompts writes all three into the pack, in its manifest, and the prompt page links them', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--format', 'md,html,prompts'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const pack = join(cwd, 'programmes/finance');
    const manifest = JSON.parse(readFileSync(join(pack, '.cocoon-manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(
      expect.arrayContaining([
        'prompts/promptfoo/promptfooconfig.yaml',
        'prompts/prompt-yml/variance-draft.prompt.yml',
        'prompts/dotprompt/variance-draft.prompt',
      ]),
    );
    const page = readFileSync(join(pack, 'participant/prompts.md'), 'utf8');
    expect(page).toContain('](../prompts/promptfoo/promptfooconfig.yaml)');
    expect(page).toContain('](../prompts/dotprompt/variance-draft.prompt)');
    // Every link from the prompt page to prompts/ points at a file that exists.
    for (const m of page.matchAll(/\]\(\.\.\/(prompts\/[^)]+)\)/g)) expect(existsSync(join(pack, m[1]!)), m[1]).toBe(true);
    // Without the format, the page is as before: no link to files that are not there.
    const plain = tempDir();
    expect((await cli(['plan', '--role', 'finance'], { cwd: plain })).code).toBe(0);
    expect(readFileSync(join(plain, 'programmes/finance/participant/prompts.md'), 'utf8')).not.toContain('../prompts/');
  });

  it('bad input: an unknown tool or role is a usage error (exit 2), neither --role nor --programme too', async () => {
    const cwd = tempDir();
    expect((await cli(['export', 'prompts', '--to', 'langsmith', '--role', 'finance'], { cwd })).code).toBe(2);
    const unknown = await cli(['export', 'prompts', '--to', 'promptfoo', '--role', 'finanse'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean `finance`');
    expect((await cli(['export', 'prompts', '--to', 'promptfoo'], { cwd })).code).toBe(2);
  });
});
