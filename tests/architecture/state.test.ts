import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { programOf, scanState, type StateFinding } from './state-scan.js';

/**
 * No module-level mutable state outside src/assets/ (data derived once from cocoon's own files) and the
 * run's Workspace (src/app/workspace.ts): ARCHITECTURE.md, "Where state lives".
 */
const ALLOWED = (srcRelative: string): boolean => srcRelative.startsWith('assets/') || srcRelative === 'app/workspace.ts';

const SRC = join(ROOT, 'src');
const walk = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : []));
const srcRelative = (file: string): string => relative(SRC, file).split(sep).join('/');

function scanSrc(): StateFinding[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const files = walk(SRC);
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  return scanState(
    program,
    files.map((f) => program.getSourceFile(f)!.fileName),
  );
}

describe('module-level state', () => {
  it('no module under src/ outside src/assets/ and app/workspace.ts holds mutable state', () => {
    const findings = scanSrc().map((f) => ({ ...f, file: srcRelative(f.file) }));
    const outside = findings.filter((f) => !ALLOWED(f.file)).map((f) => `${f.file}:${f.line} ${f.what}`);
    expect(outside).toEqual([]);
    // The scan reaches the allowed modules too: it sees the memo of the schemas' validators.
    expect(findings).toContainEqual({ file: 'assets/validators.ts', line: expect.any(Number), what: 'top-level const schemaValidators = once(…), a memo' });
  });

  const planted = (text: string, others: Record<string, string> = {}): string[] => {
    const modules = { '/virtual/src/pipeline/x.ts': text, ...others };
    return scanState(programOf(modules), Object.keys(modules)).map((f) => `${f.file.replace('/virtual/src/', '')}:${f.line} ${f.what}`);
  };

  it('finds planted state: let, var, new Map/WeakMap, once(), a closure, a static field', () => {
    expect(planted('let count = 0;\nexport const next = () => ++count;')).toEqual(['pipeline/x.ts:1 top-level let count']);
    expect(planted('export var seen = false;')).toEqual(['pipeline/x.ts:1 top-level var seen']);
    expect(planted('export const cache = new Map<string, string>();')).toEqual(['pipeline/x.ts:1 top-level const cache = new Map(…)']);
    expect(planted('const side = new WeakMap<object, number>();\nexport const f = (o: object) => side.get(o);')[0]).toBe(
      'pipeline/x.ts:1 top-level const side = new WeakMap(…)',
    );
    expect(planted('declare function once<T>(f: () => T): () => T;\nexport const css = once(() => "x");')).toEqual([
      'pipeline/x.ts:2 top-level const css = once(…), a memo',
    ]);
    expect(planted('export const tick = (() => { let n = 0; return () => n++; })();')).toEqual([
      'pipeline/x.ts:1 top-level const tick = a function called on the spot (state in its closure)',
    ]);
    expect(planted('export class C { static hits = 0; static readonly NAME = "c"; }')).toEqual(['pipeline/x.ts:1 static field C.hits']);
  });

  it('finds a top-level const changed anywhere, also from another module, and not a local of the same name', () => {
    expect(planted('const list: string[] = [];\nexport const add = (s: string) => list.push(s);')).toEqual([
      'pipeline/x.ts:1 top-level const list changed by .push() at /virtual/src/pipeline/x.ts:2',
    ]);
    expect(planted('const memo: Record<string, string> = {};\nexport const put = (k: string) => { memo[k] = k; };')).toEqual([
      'pipeline/x.ts:1 top-level const memo assigned at /virtual/src/pipeline/x.ts:2',
    ]);
    expect(
      planted('export const state = { n: 0 };', {
        '/virtual/src/app/y.ts': "import { state } from '../pipeline/x.js';\nexport const bump = () => { state.n++; };",
      }),
    ).toEqual(['pipeline/x.ts:1 top-level const state incremented at /virtual/src/app/y.ts:2']);
    expect(planted('const list: string[] = [];\nexport const f = () => { const list: string[] = []; list.push("x"); return list; };')).toEqual([]);
  });

  it('finds writes to globalThis and process.env, and the TextEncoder swap ics.ts used to make', () => {
    expect(
      planted('export function withCounter<T>(fn: () => T): T {\n  const real = globalThis.TextEncoder;\n  globalThis.TextEncoder = real;\n  return fn();\n}'),
    ).toEqual(['pipeline/x.ts:3 assigned globalThis.TextEncoder']);
    expect(planted("export const f = () => { process.env.COCOON_CACHE = '0'; };")).toEqual(['pipeline/x.ts:1 assigned process.env']);
    expect(planted('export const f = () => { delete process.env.HOME; Object.assign(globalThis, { x: 1 }); };')).toEqual([
      'pipeline/x.ts:1 deleted from process.env',
      'pipeline/x.ts:1 changed by Object.assign() globalThis',
    ]);
  });

  it('leaves immutable constants alone: read-only sets and maps, frozen data, functions, reads of process.env', () => {
    expect(
      planted(
        "const SKIP: ReadonlySet<string> = new Set(['.git']);\nconst LIMITS = { bytes: 1024 } as const;\nconst RE = /x/;\nexport const f = (s: string) => SKIP.has(s) && RE.test(s) && LIMITS.bytes > 0 && process.env.HOME !== undefined;",
      ),
    ).toEqual([]);
  });
});
