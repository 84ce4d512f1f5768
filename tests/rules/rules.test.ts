import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { FIXTURES, ROOT, cli, tempDir } from '../helpers.js';

const RULE_FIXTURES = join(FIXTURES, 'rules');

/** DESIGN.md's minimum rule set, at the severity it gives. */
const DESIGN_RULES: Record<string, string> = {
  'yaml/syntax': 'error',
  schema: 'error',
  'ref/unresolved': 'error',
  'ref/duplicate-id': 'error',
  'generic/too-few-workflows': 'warning',
  'generic/prompt-no-context': 'warning',
  'follow-through/single-session': 'error',
  'follow-through/no-practice': 'error',
  'follow-through/no-check-ins': 'error',
  'follow-through/gap': 'warning',
  'workflow/tool-tour': 'warning',
  'workflow/uncovered': 'warning',
  'workflow/no-ai-step': 'warning',
  'workflow/no-baseline': 'warning',
  'ownership/no-owner': 'warning',
  'ownership/it-led': 'warning',
  'safety/group-size': 'error',
  'safety/no-norms': 'error',
  'safety/no-failure-gallery': 'warning',
  'safety/dismissive-language': 'warning',
  'leadership/no-sponsor': 'error',
  'leadership/absent': 'error',
  'project/no-capstone': 'error',
  'time/overrun': 'error',
  'time/no-break': 'warning',
  'time/hands-on-ratio': 'warning',
  'prompt/undeclared-variable': 'error',
  'prompt/unused-variable': 'warning',
  'prompt/no-verify': 'warning',
  'data/real-looking-example': 'error',
};

interface Row {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  hint: string;
}

/** `# expect: rule severity line:col, …` or `# expect: none` on the first line of a fixture. */
function expectations(file: string): string[] {
  const first = readFileSync(file, 'utf8').split('\n')[0]!;
  const m = /^# expect: (.*)$/.exec(first);
  if (!m) throw new Error(`${file} has no # expect: line`);
  return m[1] === 'none' ? [] : m[1]!.split(',').map((s) => s.trim());
}

/** A fixture is a YAML file, or a directory holding a project (cocoon.yaml) validated from inside it. */
async function validateJson(file: string): Promise<Row[]> {
  const project = file.endsWith('cocoon.yaml');
  const r = project
    ? await cli(['validate', '--format', 'json'], { cwd: join(file, '..') })
    : await cli(['validate', relative(RULE_FIXTURES, file), '--format', 'json'], { cwd: RULE_FIXTURES });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Row[];
}

/**
 * The rules that judge exercise content arrived after most fixtures were written. Those fixtures are
 * kept as they were — role files written before exercises had briefs and answer keys — so these rules
 * fire on them by design; they are left out when checking another rule's fixture, and the last test
 * below proves that they are the only difference.
 */
const CONTENT_RULES = new Set([
  'exercise/described-material',
  'exercise/no-demo',
  'exercise/no-solution',
  'exercise/spoiler',
  'exercise/sum-mismatch',
  'prompt/generic-weak-why',
  'prompt/no-diagnosis',
]);
/** Content rules that arrived after the other content rules' fixtures: left out of those too (their own fixtures are complete). */
const LATER_CONTENT = new Set(['exercise/no-demo', 'exercise/sum-mismatch', 'prompt/no-diagnosis']);
const relevant = (rows: Row[], ruleId: string): Row[] =>
  CONTENT_RULES.has(ruleId) ? rows.filter((d) => d.rule === ruleId || !LATER_CONTENT.has(d.rule)) : rows.filter((d) => !CONTENT_RULES.has(d.rule));

const fixture = (dir: string, kind: 'fires' | 'clean'): string =>
  existsSync(join(dir, kind, 'cocoon.yaml')) ? join(dir, kind, 'cocoon.yaml') : join(dir, `${kind}.yaml`);

/**
 * report/* rules read CSVs, not YAML: a fixture is a directory of filled forms (and expect.txt, the
 * same `rule severity line:col` list) copied into the responses/ of tests/fixtures/report-project.
 */
async function reportRows(dir: string): Promise<string[]> {
  const project = tempDir();
  cpSync(join(FIXTURES, 'report-project'), project, { recursive: true });
  cpSync(dir, join(project, 'pack', 'responses'), { recursive: true, filter: (f) => !f.endsWith('expect.txt') });
  const r = await cli(['report', '--programme', 'pilot'], { cwd: project });
  return [...r.stderr.matchAll(/^pack\/responses\/[^:]+:(\d+):(\d+) (error|warning)  .{10,}  (report\/[a-z-]+)\n  hint: .{10,}$/gm)].map(
    (m) => `${m[4]} ${m[3]} ${m[1]}:${m[2]}`,
  );
}

const reportExpect = (dir: string): string[] => {
  const text = readFileSync(join(dir, 'expect.txt'), 'utf8').trim();
  return text === 'none' ? [] : text.split(',').map((s) => s.trim());
};

describe('every rule fires on its fixture and stays quiet on its clean twin', () => {
  for (const rule of RULES.filter((r) => r.meta.id.startsWith('report/'))) {
    const dir = join(RULE_FIXTURES, rule.meta.id);
    it(`${rule.meta.id}: fires/`, async () => {
      expect(existsSync(join(dir, 'fires', 'expect.txt')), `${rule.meta.id} needs tests/fixtures/rules/${rule.meta.id}/fires/`).toBe(true);
      const expected = reportExpect(join(dir, 'fires'));
      expect(expected.some((e) => e.startsWith(`${rule.meta.id} `))).toBe(true);
      expect(await reportRows(join(dir, 'fires'))).toEqual(expected);
    });
    it(`${rule.meta.id}: clean/`, async () => {
      expect(reportExpect(join(dir, 'clean'))).toEqual([]);
      expect(await reportRows(join(dir, 'clean'))).toEqual([]);
    });
  }
  for (const rule of RULES.filter((r) => !r.meta.id.startsWith('report/'))) {
    const dir = join(RULE_FIXTURES, rule.meta.id);
    it(`${rule.meta.id}: fires.yaml`, async () => {
      const file = fixture(dir, 'fires');
      expect(existsSync(file), `${rule.meta.id} needs tests/fixtures/rules/${rule.meta.id}/fires.yaml`).toBe(true);
      const expected = expectations(file);
      expect(
        expected.some((e) => e.startsWith(`${rule.meta.id} `)),
        'the fires fixture must expect its own rule',
      ).toBe(true);
      const rows = relevant(await validateJson(file), rule.meta.id);
      expect(rows.map((d) => `${d.rule} ${d.severity} ${d.line}:${d.column}`)).toEqual(expected);
      for (const d of rows) {
        expect(d.message.length).toBeGreaterThan(10);
        expect(d.hint.length).toBeGreaterThan(10);
      }
    });
    it(`${rule.meta.id}: clean.yaml`, async () => {
      const file = fixture(dir, 'clean');
      expect(existsSync(file), `${rule.meta.id} needs tests/fixtures/rules/${rule.meta.id}/clean.yaml`).toBe(true);
      expect(expectations(file)).toEqual([]);
      expect(relevant(await validateJson(file), rule.meta.id)).toEqual([]);
    });
  }

  it('fixtures written before the content rules get only their warnings from them, never an error', async () => {
    const extra: Row[] = [];
    for (const rule of RULES) {
      if (CONTENT_RULES.has(rule.meta.id) || rule.meta.id.startsWith('report/')) continue;
      for (const kind of ['fires', 'clean'] as const) {
        const file = fixture(join(RULE_FIXTURES, rule.meta.id), kind);
        extra.push(...(await validateJson(file)).filter((d) => CONTENT_RULES.has(d.rule)));
      }
    }
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.filter((d) => d.severity !== 'warning')).toEqual([]);
    expect(new Set(extra.map((d) => d.rule))).toEqual(
      new Set(['exercise/described-material', 'exercise/no-demo', 'exercise/no-solution', 'prompt/no-diagnosis']),
    );
  });
});

describe('the rule registry', () => {
  const ruleFiles = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? ruleFiles(join(dir, e.name), `${prefix}${e.name}/`)
        : e.name.endsWith('.ts') && !['index.ts', 'types.ts', 'lib.ts'].includes(e.name) && !prefix.startsWith('__')
          ? [`${prefix}${e.name.slice(0, -3)}`]
          : [],
    );

  it('registers every rule file, under an id equal to its path, sorted', () => {
    const files = ruleFiles(join(ROOT, 'src/rules')).sort();
    const ids = RULES.map((r) => r.meta.id);
    expect([...ids].sort()).toEqual(files);
    expect(ids).toEqual([...ids].sort());
  });

  it("holds DESIGN.md's minimum rule set at the given severities", () => {
    for (const [id, severity] of Object.entries(DESIGN_RULES)) expect(RULES.find((r) => r.meta.id === id)?.meta.severity, id).toBe(severity);
    const design = join(ROOT, '..', 'shared', 'DESIGN.md');
    if (existsSync(design)) {
      const ids = [...readFileSync(design, 'utf8').matchAll(/^\| `([a-z/-]+)` \| (error|warning)/gm)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(20);
      for (const id of ids) expect(Object.keys(DESIGN_RULES)).toContain(id);
    }
  });

  it('explains every rule with `cocoon rules <id>`', async () => {
    for (const rule of RULES) {
      const m = rule.meta;
      expect(m.description && m.hint && m.explanation && m.example, m.id).toBeTruthy();
      const r = await cli(['rules', m.id]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(m.explanation);
      expect(r.stdout).toContain('Example that passes:');
    }
    const list = await cli(['rules']);
    for (const rule of RULES) expect(list.stdout).toContain(rule.meta.id);
    expect(list.stdout).toContain('5 · No safe space to fail');
    const unknown = await cli(['rules', 'safety/no-norm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean `safety/no-norms`?');
  });
});
