import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/model/model.js';
import { ROOT, cli, readTree, tempDir, BUILT_IN_ROLES } from '../helpers.js';

/**
 * The facilitator agenda of every demo carries what the facilitator needs in the room: the prompt filled
 * in with the demo's own material (ready to paste), the checks to say aloud, and the pre-run output for
 * when the tool is slow or down. Checked on every workflow of every built-in role (8 sessions, so each
 * workflow is taught once), against the role file itself.
 */

const unescapeMd = (s: string): string => s.replace(/\\([\\`*_{}[\]()#+\-.!|<>~"'])/g, '$1');
const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12);

describe('demo scripts in the facilitator agenda', () => {
  for (const id of BUILT_IN_ROLES) {
    it(`${id}: every demo shows the filled-in prompt, the demo material and the fallback output`, async () => {
      const role = parse(readFileSync(join(ROOT, 'roles', `${id}.yaml`), 'utf8')) as Role;
      const out = tempDir();
      const r = await cli(['plan', '--role', id, '--sessions', '8', '--format', 'md', '--out', join(out, 'pack')], { cwd: out });
      expect(r.code, r.stderr).toBe(0);
      const tree = readTree(join(out, 'pack'));
      const facilitator = Object.entries(tree).filter(([p]) => /^facilitator\/session-\d+\.md$/.test(p));
      const taught = role.workflows.filter((w) => facilitator.some(([, t]) => t.includes(`Live demo: ${w.title}`)));
      expect(taught.length, `${id}: 8 sessions teach every workflow`).toBe(role.workflows.length);
      for (const w of taught) {
        const page = unescapeMd(facilitator.find(([, t]) => t.includes(`Live demo: ${w.title}`))![1]);
        const block = page.slice(page.indexOf(`· Live demo: ${w.title}`));
        const demoBlock = block.slice(0, block.indexOf('\n### ', 5));
        const prompt = (w.prompts ?? []).find((p) => p.id === w.demo!.prompt) ?? w.prompts![0]!;
        expect(demoBlock, `${id}/${w.id}: names the prompt`).toContain(`\`${prompt.id}\``);
        // Filled in: no {{placeholder}} is left, and every value of the demo appears in it.
        expect(demoBlock, `${id}/${w.id}: no placeholder left`).not.toMatch(/\{\{\s*\w+\s*\}\}/);
        for (const l of lines(w.demo!.material)) expect(demoBlock, `${id}/${w.id}: demo material`).toContain(l);
        for (const l of lines(w.demo!.output)) expect(demoBlock, `${id}/${w.id}: fallback output`).toContain(l);
        for (const v of prompt.verify ?? []) expect(demoBlock, `${id}/${w.id}: checks said aloud`).toContain(v.trim());
        expect(demoBlock).toContain('Facilitator only — if the tool is slow or down');
      }
    });
  }
});

describe('a clinic session hands out a demo document as new material for a solo second pass', () => {
  it('the second-pass block prints the whole demo document of the workflow it revisits', async () => {
    const id = 'operations';
    const role = parse(readFileSync(join(ROOT, 'roles', `${id}.yaml`), 'utf8')) as Role;
    const out = tempDir();
    const r = await cli(['plan', '--role', id, '--sessions', '8', '--minutes', '240', '--format', 'md', '--out', join(out, 'pack')], { cwd: out });
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(join(out, 'pack'));
    const passes = Object.entries(tree).filter(([p, t]) => /^facilitator\/session-\d+\.md$/.test(p) && t.includes('· Second pass, solo: '));
    expect(passes.length).toBeGreaterThan(0);
    for (const [path, text] of passes) {
      const title = /· Second pass, solo: (.+) \(\d+ min\)/.exec(text)![1]!;
      const w = role.workflows.find((x) => x.title === unescapeMd(title))!;
      const block = unescapeMd(text.slice(text.indexOf('· Second pass, solo: ')));
      for (const l of lines(w.demo!.material)) expect(block, `${path}: ${w.id} demo document`).toContain(l);
    }
  });
});
