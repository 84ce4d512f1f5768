import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The folder rules of ARCHITECTURE.md are enforced by `npm run lint`. These tests run ESLint's Node API
 * with the repository's own eslint.config.js on a copy of a real module with one wrong line added, and
 * show the lint fails on it and passes on the untouched copy — so the rule cannot silently stop firing.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, extra: string): Promise<{ ruleId: string | null; message: string }[]> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const [result] = await eslint.lintText(`${extra}\n${text}`, { filePath: join(ROOT, file) });
  // The probe lines leave their names unused; only the boundary rules are under test here.
  return result!.messages.filter((m) => m.ruleId !== '@typescript-eslint/no-unused-vars').map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

describe('import boundaries', () => {
  it('the untouched files pass', async () => {
    for (const file of ['src/model/diagnostics.ts', 'src/pipeline/plan/schedule.ts', 'src/cli/flags.ts', 'src/rules/lib.ts', 'src/app/scaffold.ts'])
      expect(await problems(file, ''), file).toEqual([]);
  });

  it.each([
    ['src/model/diagnostics.ts', "import { buildProject } from '../app/build-project.js';", 'model/ must not import app/'],
    ['src/pipeline/plan/schedule.ts', "import type { PlanOptions } from '../../app/plan-role.js';", 'pipeline/plan/ must not import app/'],
    ['src/pipeline/render/timeline.ts', "import { run } from '../../cli/run.js';", 'pipeline/render/ must not import cli/'],
    ['src/cli/flags.ts', "const lazy = () => import('../pipeline/plan/plan.js');", 'cli/ must not import pipeline/plan/'],
    ['src/rules/lib.ts', "import { renderMarkdownPack } from '../pipeline/render/markdown.js';", 'rules/ must not import pipeline/render/'],
    ['src/rules/lib.ts', "import { planProgramme } from '../pipeline/plan/plan.js';", 'rules/ must not import pipeline/plan/'],
    // Stage to stage: only the declared edges (eslint/layers.js STAGE_READS).
    ['src/pipeline/validate/validate.ts', "import { renderMarkdownPack } from '../render/markdown.js';", 'pipeline/validate/ must not import pipeline/render/'],
    ['src/pipeline/plan/schedule.ts', "import { loadYamlFile } from '../load/load.js';", 'pipeline/plan/ must not import pipeline/load/'],
    ['src/pipeline/load/load.ts', "import { writePack } from '../write/write.js';", 'pipeline/load/ must not import pipeline/write/'],
  ])('%s importing the wrong way fails: %s', async (file, line, message) => {
    const found = await problems(file, line);
    expect(found).toHaveLength(1);
    expect(found[0]!.ruleId).toBe('cocoon/layers');
    expect(found[0]!.message).toContain(message);
  });

  it('rules may import the plan’s types, but not its code', async () => {
    expect(await problems('src/rules/lib.ts', "import type { PlannedWorkflow } from '../pipeline/plan/plan.js';")).toEqual([]);
  });

  it('only pipeline/write writes files', async () => {
    const found = await problems('src/app/report.ts', "import { writeFileSync as w } from 'node:fs';");
    expect(found.map((f) => f.ruleId)).toContain('no-restricted-imports');
    expect(await problems('src/pipeline/write/write.ts', "import { writeFileSync as w2 } from 'node:fs';\nvoid w2;")).toEqual([]);
  });

  it('only assets/ knows where dist/ and the schemas are', async () => {
    const found = await problems('src/pipeline/render/markdown.ts', "const stale = require('../../dist/templates.cjs'); void stale;");
    expect(found.map((f) => f.ruleId)).toContain('no-restricted-syntax');
    const spelled = await problems('src/pipeline/validate/validate.ts', 'const s = `../../schema/${String(1)}.json`; void s;');
    expect(spelled.map((f) => f.ruleId)).toContain('no-restricted-syntax');
  });
});
