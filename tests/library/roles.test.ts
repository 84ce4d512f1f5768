import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/model/model.js';
import { ROOT, cli, tempDir } from '../helpers.js';

/**
 * The built-in role library is product: these tests keep every role at the bar of the role-library
 * issue (counts, strict-clean, distinct from each other) and check that each one plans a pack.
 */

export const BUILT_IN = [
  'finance',
  'marketing',
  'operations',
  'hr',
  'sales',
  'customer-support',
  'legal',
  'leadership',
  'procurement',
  'it-service-desk',
  'software-engineering',
  'data-analytics',
  'product-management',
  'project-management',
  'executive-assistant',
  'communications',
];

const file = (id: string) => join(ROOT, 'roles', `${id}.yaml`);
const roles = new Map<string, Role>(BUILT_IN.filter((id) => existsSync(file(id))).map((id) => [id, parse(readFileSync(file(id), 'utf8')) as Role]));

/** Word 3-grams of a text, lower-cased, placeholders kept as tokens. */
function shingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/\{\{\w+\}\}|[a-z0-9']+/g) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) out.add(words.slice(i, i + 3).join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const s of a) if (b.has(s)) both++;
  return both / (a.size + b.size - both || 1);
}

/**
 * Two prompts from different roles may share a phrase or two ("use only the figures in", "mark
 * anything you"), which is the method; a shared paragraph is a copy. Measured over the 66 prompts when
 * this was written: the most similar cross-role pair (marketing/perf-commentary ~ operations/kpi-notes,
 * both "reason to confirm with the owner") scored 0.06; 0.15 leaves room for house style and still
 * fails a template reused with a few words changed (that scores above 0.5, see the next test).
 */
const MAX_CROSS_ROLE_OVERLAP = 0.15;

describe('the built-in role library', () => {
  it('has all sixteen roles', () => {
    expect(
      BUILT_IN.filter((id) => !roles.has(id)),
      'missing role files under roles/',
    ).toEqual([]);
  });

  for (const id of BUILT_IN) {
    describe(id, () => {
      const role = () => {
        const r = roles.get(id);
        if (!r) throw new Error(`roles/${id}.yaml is missing`);
        return r;
      };

      it('validates clean under --strict: no errors, no warnings', async () => {
        const r = await cli(['validate', '--strict', `roles/${id}.yaml`], { cwd: ROOT });
        // Every built-in workflow runs from the page: complete materials, brief, answer key, demo, diagnoses.
        const workflows = (parse(readFileSync(join(ROOT, 'roles', `${id}.yaml`), 'utf8')) as Role).workflows.length;
        expect(r.stdout).toBe(
          `✔ 1 file checked, no problems\nReady to run: roles/${id}.yaml — ${workflows} of ${workflows} exercises runnable from the page\n`,
        );
        expect(r.code).toBe(0);
      });

      it('meets the counts: ≥ 5 workflows, ≥ 8 prompts, ≥ 2 capstones, ≥ 2 leader examples, complete workflows', () => {
        const r = role();
        expect(r.id).toBe(id);
        expect(r.workflows.length).toBeGreaterThanOrEqual(5);
        expect(r.workflows.flatMap((w) => w.prompts ?? []).length).toBeGreaterThanOrEqual(8);
        expect(r.capstones?.length ?? 0).toBeGreaterThanOrEqual(2);
        expect(r.leader_examples?.length ?? 0).toBeGreaterThanOrEqual(2);
        expect(r.data_policy?.allowed?.length ?? 0).toBeGreaterThanOrEqual(2);
        expect(r.data_policy?.forbidden?.length ?? 0).toBeGreaterThanOrEqual(2);
        for (const w of r.workflows) {
          const where = `${id}/${w.id}`;
          expect(w.pain?.length ?? 0, where).toBeGreaterThan(40);
          expect(w.baseline?.minutes, where).toBeGreaterThan(0);
          expect(w.target_minutes, where).toBeLessThan(w.baseline!.minutes);
          expect(w.steps.length, where).toBeGreaterThanOrEqual(3);
          expect(w.steps.length, where).toBeLessThanOrEqual(6);
          expect(
            w.steps.some((s) => s.ai === 'human'),
            `${where}: a human step`,
          ).toBe(true);
          expect(
            w.steps.some((s) => s.ai !== 'human'),
            `${where}: an automate or augment step`,
          ).toBe(true);
          expect(w.risks?.length ?? 0, where).toBeGreaterThanOrEqual(2);
          expect(w.checks?.length ?? 0, where).toBeGreaterThanOrEqual(2);
          expect(w.prompts?.length ?? 0, where).toBeGreaterThanOrEqual(1);
          expect(w.exercise?.steps?.length ?? 0, where).toBeGreaterThanOrEqual(3);
          expect(w.exercise?.materials?.length ?? 0, `${where}: exercise materials`).toBeGreaterThan(80);
          expect(w.practice?.evidence?.length ?? 0, where).toBeGreaterThanOrEqual(2);
          for (const p of w.prompts ?? []) {
            const used = new Set([...p.template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
            expect([...used].sort(), `${where}/${p.id}: declared = used`).toEqual(Object.keys(p.variables ?? {}).sort());
            for (const [name, v] of Object.entries(p.variables ?? {}))
              expect(v.example?.trim().length ?? 0, `${where}/${p.id}.${name}: example`).toBeGreaterThan(0);
            expect(p.weak?.length ?? 0, `${where}/${p.id}: weak`).toBeGreaterThan(0);
            expect(p.verify?.length ?? 0, `${where}/${p.id}: verify`).toBeGreaterThanOrEqual(3);
            expect(p.weak_why?.length ?? 0, `${where}/${p.id}: a diagnosis of its weak prompt`).toBeGreaterThan(40);
            // A persona in the opening lines: "You are a management accountant…" (not a generic assistant).
            expect(p.template.split('\n').slice(0, 2).join(' '), `${where}/${p.id}: a role-specific persona`).toMatch(
              /\bYou are (?:an? |the )?(?![a-z]+ing\b)[A-Za-z&-]+/i,
            );
            expect(p.template).not.toMatch(/helpful assistant/i);
          }
        }
      });

      it('is runnable from the page: complete materials, a brief, an answer key and a demo on other material for every workflow', () => {
        const r = role();
        const formats = r.workflows.map((w) => w.exercise?.format);
        for (const w of r.workflows) {
          const where = `${id}/${w.id}`;
          const ex = w.exercise!;
          expect(ex.format, `${where}: format`).toBeTruthy();
          expect(ex.materials!.split('\n').length, `${where}: materials are the document itself`).toBeGreaterThanOrEqual(12);
          expect(ex.brief?.length ?? 0, `${where}: brief`).toBeGreaterThan(100);
          expect(ex.solution?.split('\n').length ?? 0, `${where}: answer key`).toBeGreaterThanOrEqual(5);
          expect(ex.cut, `${where}: cut`).toBeTruthy();
          expect(ex.extension, `${where}: extension`).toBeTruthy();
          expect((ex.debrief ?? []).filter((d) => typeof d !== 'string' && d.answer).length, `${where}: debrief answers`).toBeGreaterThanOrEqual(2);
          expect(w.demo, `${where}: demo`).toBeTruthy();
          expect(w.demo!.material.trim(), `${where}: the demo runs on other material than the exercise`).not.toBe(ex.materials!.trim());
          expect(ex.materials!.includes(w.demo!.material.trim().split('\n')[0]!), `${where}: demo material is not the exercise's`).toBe(false);
          expect(w.demo!.output.split('\n').length, `${where}: fallback output`).toBeGreaterThanOrEqual(5);
        }
        // Formats vary: at most half start from the weak prompt, and at least three kinds are used.
        expect(formats.filter((f) => f === 'improve-weak').length * 2, `${id}: improve-weak at most half`).toBeLessThanOrEqual(formats.length);
        expect(new Set(formats).size, `${id}: exercise formats`).toBeGreaterThanOrEqual(3);
      });

      it('names tools neutrally: no AI vendor or product names', () => {
        expect(readFileSync(file(id), 'utf8')).not.toMatch(/chatgpt|copilot|claude|gemini|openai|anthropic|\bgpt-?\d/i);
      });
    });
  }

  it('no two roles share a workflow, exercise or capstone title, a prompt template or a leader example', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    const claim = (kind: string, text: string | undefined, owner: string) => {
      if (!text) return;
      const key = `${kind}:${text.trim().toLowerCase()}`;
      const other = seen.get(key);
      if (other && other !== owner) clashes.push(`${kind} "${text.trim().slice(0, 60)}" in ${other} and ${owner}`);
      seen.set(key, owner);
    };
    for (const [id, r] of roles) {
      for (const w of r.workflows) {
        claim('workflow title', w.title, id);
        claim('exercise title', w.exercise?.title, id);
        for (const p of w.prompts ?? []) claim('prompt template', p.template, id);
      }
      for (const c of r.capstones ?? []) claim('capstone title', c.title, id);
      for (const l of r.leader_examples ?? []) claim('leader example', l, id);
    }
    expect(clashes).toEqual([]);
  });

  it(`prompts of different roles overlap by less than ${MAX_CROSS_ROLE_OVERLAP} (Jaccard of word 3-grams)`, () => {
    const prompts = [...roles].flatMap(([id, r]) =>
      r.workflows.flatMap((w) => (w.prompts ?? []).map((p) => ({ id: `${id}/${p.id}`, role: id, grams: shingles(p.template) }))),
    );
    let worst = { score: 0, pair: '' };
    for (let i = 0; i < prompts.length; i++)
      for (let j = i + 1; j < prompts.length; j++) {
        if (prompts[i]!.role === prompts[j]!.role) continue;
        const score = jaccard(prompts[i]!.grams, prompts[j]!.grams);
        if (score > worst.score) worst = { score, pair: `${prompts[i]!.id} ~ ${prompts[j]!.id}` };
      }
    expect(worst.score, worst.pair).toBeLessThan(MAX_CROSS_ROLE_OVERLAP);
  });

  it('the overlap measure would catch a copied template', () => {
    const a = 'You are a management accountant writing commentary for {{audience}}. Use only the figures in the table and mark anything you assumed.';
    const b = 'You are a support team lead writing commentary for {{audience}}. Use only the figures in the table and mark anything you assumed.';
    expect(jaccard(shingles(a), shingles(b))).toBeGreaterThan(0.5);
  });

  it('cocoon roles lists all sixteen, each with a one-line summary', async () => {
    const r = await cli(['roles', '--json'], { cwd: tempDir() });
    const listed = JSON.parse(r.stdout) as { id: string; summary: string; source: string }[];
    for (const id of BUILT_IN) {
      const row = listed.find((l) => l.id === id);
      expect(row, id).toBeDefined();
      expect(row!.summary).not.toContain('\n');
      expect(row!.summary.length).toBeGreaterThan(10);
    }
  });

  it('every role plans a pack whose prompt library holds only its own prompts, and the Markdown passes markdownlint', async () => {
    const cwd = tempDir();
    const ids = [...roles.keys()];
    for (const id of ids) {
      const r = await cli(['plan', '--role', id, '--sponsor', 'Dana Lee, Director', '--owner', 'Sam Ortiz, Operations', '--format', 'md', '--all-prompts'], {
        cwd,
      });
      expect(r.code, `${id}: ${r.stderr}`).toBe(0);
    }
    for (const id of ids) {
      const library = readFileSync(join(cwd, 'programmes', id, 'participant', 'prompts.md'), 'utf8');
      for (const [other, r] of roles) {
        for (const p of r.workflows.flatMap((w) => w.prompts ?? [])) {
          const present = library.includes(`\`${p.id}\``);
          if (other === id) expect(present, `${id} lists its prompt ${p.id}`).toBe(true);
          // Prompt ids are unique across the library (checked above by template), so a hit is a leak.
          else if (!roles.get(id)!.workflows.some((w) => (w.prompts ?? []).some((q) => q.id === p.id)))
            expect(present, `${id} leaks ${other}'s prompt ${p.id}`).toBe(false);
        }
      }
    }
    const lint = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), 'programmes/**/*.md', '--config', join(ROOT, '.markdownlint-cli2.jsonc')],
      { cwd, encoding: 'utf8' },
    );
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  });
});
