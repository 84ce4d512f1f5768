import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The folder of a module for the cycle check: its top folder under src/, or pipeline/<stage>. */
export function folderOf(srcRelative: string): string {
  const parts = srcRelative.split('/');
  if (parts[0] === 'pipeline' && parts.length > 2) return `pipeline/${parts[1]}`;
  return parts.length > 1 ? parts[0]! : '(root)';
}

const walk = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : []));

/** Every relative import (static, re-export, `import()`, and type-only) between modules of src/. */
export function moduleEdges(src: string): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const file of walk(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)) {
      const to = relative(src, join(dirname(file), m[1]!))
        .replace(/\.js$/, '.ts')
        .split(sep)
        .join('/');
      if (!to.startsWith('..')) edges.push({ from: relative(src, file).split(sep).join('/'), to });
    }
  }
  return edges;
}

/** Folder-level edges and the strongly connected components with more than one folder (Tarjan). */
export const folderCycles = (src: string): { graph: Map<string, Set<string>>; cycles: string[][] } => cyclesOf(src, folderOf);

/** The same for single modules. */
export const moduleCycles = (src: string): { graph: Map<string, Set<string>>; cycles: string[][] } => cyclesOf(src, (m) => m);

function cyclesOf(src: string, nodeOf: (module: string) => string): { graph: Map<string, Set<string>>; cycles: string[][] } {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of moduleEdges(src)) {
    const a = nodeOf(from),
      b = nodeOf(to);
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)!.add(b);
  }
  let index = 0;
  const idx = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    on = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)!) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return { graph, cycles };
}
