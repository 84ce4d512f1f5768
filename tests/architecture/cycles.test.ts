import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, moduleEdges } from './graph.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

describe('folders of src/', () => {
  it('import each other without a cycle (pipeline stages count as folders)', () => {
    const { graph, cycles } = folderCycles(SRC);
    expect(graph.size).toBeGreaterThan(8);
    expect(cycles).toEqual([]);
  });

  it('the check finds a cycle when there is one', () => {
    // A sanity check of the checker on the real graph: add the edge model → app and a cycle appears.
    const { graph } = folderCycles(SRC);
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      from === to || (!seen.has(from) && (seen.add(from), [...(graph.get(from) ?? [])].some((n) => reaches(n, to, seen))));
    expect(reaches('app', 'model')).toBe(true);
    expect(reaches('model', 'app')).toBe(false);
  });

  it('src/core and src/render are gone: every module lives in its layer', () => {
    const folders = new Set(
      moduleEdges(SRC)
        .flatMap((e) => [e.from, e.to])
        .map((m) => m.split('/')[0]),
    );
    expect([...folders].sort()).toEqual(['app', 'assets', 'cli', 'devtools', 'model', 'pipeline', 'rules']);
  });
});

describe('modules of src/ (madge, type-only imports included)', () => {
  const circular = async (dir: string): Promise<string[][]> => {
    const { default: madge } = await import('madge');
    const result = await madge(dir, { fileExtensions: ['ts'], detectiveOptions: { ts: { skipTypeImports: false } } });
    return result.circular();
  };

  it('have no cycle', { timeout: 60_000 }, async () => {
    expect(await circular(SRC)).toEqual([]);
  });

  it('the check finds a type-only cycle when there is one', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cocoon-cycle-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport interface A { b?: B }\n");
    writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.js';\nexport interface B { a?: A }\n");
    expect(await circular(dir)).toEqual([['a.ts', 'b.ts']]);
  });
});
