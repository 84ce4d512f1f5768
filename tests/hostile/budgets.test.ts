import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, spawnCli, tempDir } from '../helpers.js';

/**
 * Unbounded work ends with a positioned error: each case here once ran for minutes, ran out of memory or
 * blamed the wrong file. The tests assert the outcome and the message; README "Safety" gives the times
 * and memory measured on the real bin.
 */

const ROLE = readFileSync(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), 'utf8');

function project(files: Record<string, string>): string {
  const dir = tempDir('cocoon-budget-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const programme = (extra: string) =>
  `org: { name: Northwind Ltd }\n${extra.startsWith('templates_dir') ? `${extra}\n` : ''}programmes:\n  - id: pilot\n    role: procurement\n    sponsor: { name: Dana Lee, title: CPO }\n    owner: { name: Sam Ortiz, team: Procurement }\n    check_ins: [{ after_days: 14 }, { after_days: 28 }]\n${extra.startsWith('templates_dir') ? '' : extra}`;

const session = (title: string, blocks: string) =>
  `      - title: ${JSON.stringify(title)}\n        minutes: 90\n        practice: rfq-drafting\n        blocks:\n${blocks}`;
const STANDARD_BLOCKS = [
  '          - { kind: norms, minutes: 10 }',
  '          - { kind: leader, minutes: 10, text: Dana on her first AI draft }',
  '          - { kind: demo, minutes: 15, workflow: rfq-drafting }',
  '          - { kind: exercise, minutes: 25, workflow: rfq-drafting }',
  '          - { kind: break, minutes: 10 }',
  '          - { kind: failure-gallery, minutes: 10 }',
  '          - { kind: commit, minutes: 10 }',
].join('\n');

describe('budgets: unbounded input ends in a positioned error', () => {
  it('a template of nested {{#each}} loops stops with a template error at the loop', () => {
    const nested = `${'{{#each @root.sessions}}'.repeat(14)}x${'{{/each}}'.repeat(14)}\n`;
    expect(nested.length).toBeLessThan(700);
    const dir = project({ 'roles/procurement.yaml': ROLE, 'cocoon.yaml': programme('templates_dir: templates'), 'templates/readme.md.hbs': nested });
    const r = spawnCli(['build'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/readme\.md(\.hbs)?:1:\d+ error {2}\{\{#each\}\} stopped: the page (took more than \d+ ms to render|grew past \d+ MiB)/);
    expect(existsSync(join(dir, 'programmes/pilot'))).toBe(false);
  });

  it('aliases that expand a small file past the data budget are a yaml/syntax error at the first alias', () => {
    const big = 'x'.repeat(100_000);
    // Under the yaml library's alias cap (100 uses of an anchor with no aliases inside), ~10 MB of data.
    const text = `${ROLE}\nbulk: &a ["${big}"]\nb: [${Array(99).fill('*a').join(', ')}]\n`;
    expect(text.length).toBeLessThan(1024 * 1024);
    const dir = project({ 'roles/procurement.yaml': text });
    const r = spawnCli(['validate', 'roles'], { cwd: dir });
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.startsWith('b: ')) + 1;
    expect(r.stdout).toMatch(new RegExp(`\\n\\s+${line}:\\d+\\s+error\\s+Aliases expand this file past 8 MiB of data\\s+yaml/syntax`));
  });

  it('more than 8 sessions, 40 blocks or 8 check-ins are positioned schema errors', async () => {
    const sessions = Array.from({ length: 9 }, (_, i) => session(`Session ${i + 1}`, STANDARD_BLOCKS)).join('\n');
    const dir = project({ 'roles/procurement.yaml': ROLE, 'cocoon.yaml': programme(`    sessions:\n${sessions}\n`) });
    const r = await cli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\d+:\d+ +error +`sessions` has 9 items; at most 8 are allowed +schema/);

    const blocks = Array.from({ length: 41 }, () => '          - { kind: break, minutes: 1 }').join('\n');
    const dir2 = project({ 'roles/procurement.yaml': ROLE, 'cocoon.yaml': programme(`    sessions:\n${session('Long', blocks)}\n`) });
    expect((await cli(['validate'], { cwd: dir2 })).stdout).toMatch(/`blocks` has 41 items; at most 40 are allowed/);

    const checkIns = programme('').replace(
      'check_ins: [{ after_days: 14 }, { after_days: 28 }]',
      `check_ins: [${Array.from({ length: 9 }, (_, i) => `{ after_days: ${i + 1} }`).join(', ')}]`,
    );
    const dir3 = project({ 'roles/procurement.yaml': ROLE, 'cocoon.yaml': checkIns });
    expect((await cli(['validate'], { cwd: dir3 })).stdout).toMatch(/`check_ins` has 9 items; at most 8 are allowed/);
  });

  it('60 000 unknown keys: the first 200 are listed with positions, then one line saying there are more', () => {
    const text = `${ROLE}${Array.from({ length: 60_000 }, (_, i) => `k${i}: 1\n`).join('')}`;
    const dir = project({ 'roles/procurement.yaml': text });
    const r = spawnCli(['validate', 'roles'], { cwd: dir, timeout: 60_000 });
    expect(r.code).toBe(1);
    const first = ROLE.split('\n').length;
    expect(r.stdout).toMatch(new RegExp(`\\n\\s+${first}:1\\s+error\\s+Unknown key \`k0\``));
    expect(r.stdout).toContain('only the first 200 are listed');
    expect(r.stdout).toContain('201 errors');
  });

  it('a duplicate key is still found, at the repeated key', async () => {
    const dir = project({ 'roles/procurement.yaml': ROLE.replace(/^name: .*$/m, (m) => `${m}\nsummary: a\nname: again`) });
    const r = await cli(['validate', 'roles'], { cwd: dir });
    const line = ROLE.split('\n').findIndex((l) => l.startsWith('name: ')) + 3;
    expect(r.stdout).toMatch(new RegExp(`\\n\\s+${line}:1\\s+error\\s+\`name\` appears twice in the same mapping \\(first on line ${line - 2}\\)`));
  });
});

describe('hand-written programmes and scaffolds never produce false errors or broken files', () => {
  it('an exercise or demo block without a workflow plans and renders from its text, with workflow/tool-tour (never a schema or template error)', async () => {
    const blocks = STANDARD_BLOCKS.replace(
      '{ kind: exercise, minutes: 25, workflow: rfq-drafting }',
      '{ kind: exercise, minutes: 25, text: A free discussion of where AI helps, notes: Steer towards the checks }',
    ).replace('{ kind: demo, minutes: 15, workflow: rfq-drafting }', '{ kind: demo, minutes: 15, text: The assistant on a supplier email }');
    const dir = project({
      'roles/procurement.yaml': ROLE,
      'cocoon.yaml': programme(`    formats: [md, html, slides]\n    sessions:\n${session('One', blocks)}\n${session('Two', STANDARD_BLOCKS)}\n`),
    });
    for (const args of [['validate'], ['build']]) {
      const r = await cli(args, { cwd: dir });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/16:13\s+warning\s+This demo names no workflow.*workflow\/tool-tour/);
      expect(r.stdout + r.stderr).toMatch(/17:13\s+warning\s+This exercise names no workflow.*workflow\/tool-tour/);
      expect(r.stdout + r.stderr).not.toMatch(/template\/syntax|\bschema\b/);
    }
    const facilitator = readFileSync(join(dir, 'programmes/pilot/facilitator/session-1.md'), 'utf8');
    expect(facilitator).toContain('A free discussion of where AI helps');
    expect(facilitator).toContain('Steer towards the checks');
    const participant = readFileSync(join(dir, 'programmes/pilot/participant/session-1.md'), 'utf8');
    expect(participant).toContain('A free discussion of where AI helps');
    expect(participant).not.toContain('Steer towards the checks');
    expect(readFileSync(join(dir, 'programmes/pilot/facilitator/session-1.slides.md'), 'utf8')).toContain('Steer towards the checks');
    expect(readFileSync(join(dir, 'programmes/pilot/participant/session-1.slides.md'), 'utf8')).not.toContain('Steer towards the checks');
  });

  it('a block or session title `{constructor}` renders literally', async () => {
    const blocks = STANDARD_BLOCKS.replace('{ kind: break, minutes: 10 }', '{ kind: break, minutes: 10, title: "{constructor} {toString}" }');
    const dir = project({
      'roles/procurement.yaml': ROLE,
      'cocoon.yaml': programme(`    sessions:\n${session('{constructor}', blocks)}\n${session('Two', STANDARD_BLOCKS)}\n`),
    });
    const r = await cli(['build'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(dir, 'programmes/pilot/facilitator/session-1.md'), 'utf8');
    expect(page).toContain('{constructor} {toString}');
    expect(page).not.toMatch(/native code|function Object/);
  });

  it("new role --name $'a\\nb: c' (and $' or $&) stays inside the name's YAML string", async () => {
    for (const name of ['a\nb: c', "$' and $& and $`", 'x\n    template: |\n      injected']) {
      const cwd = tempDir();
      const r = await cli(['new', 'role', 'widgets', '--name', name], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(join(cwd, 'roles/widgets.yaml'), 'utf8');
      const data = YAML.parse(text) as { name: string; b?: unknown };
      expect(data.name).toBe(name);
      expect(data.b).toBeUndefined();
      const v = await cli(['validate', 'roles/widgets.yaml'], { cwd });
      expect(v.stdout).not.toMatch(/yaml\/syntax|Unknown key/);
    }
  });
});
