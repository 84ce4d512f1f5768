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
