import { existsSync, lstatSync } from 'node:fs';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import { displayPath } from '../pipeline/load/load.js';
import { finish, renderPack, templateDiagnostic, type Audience } from './stages.js';
import type { Workspace } from './workspace.js';
import { TemplateError } from '../pipeline/render/handlebars.js';
import { loadProject, resolveProgrammes } from './project.js';
import { checkTemplates } from './templates-check.js';
import { withCalendarHistory } from './calendar-history.js';
import { didYouMean } from '../model/text.js';
import { MANIFEST, asBytes, commitPack, hollowPack, lockPack, manifestText, packHashes, planWrite, readManifest, recoverIfInterrupted, recoverPack, refuseDangerousOut, type OutFile, type PackLock, type WriteResult } from '../pipeline/write/write.js';
import { InterruptedError, RefusedError } from '../model/errors.js';
import { NotRegularFileError, readRegularFile } from '../pipeline/write/safe-fs.js';

export interface BuildOptions {
  cwd: string;
  config?: string;
  only?: string;
  check?: boolean;
  force?: boolean;
  /** Aborted on SIGINT/SIGTERM: the pack in hand is finished, no other is started. */
  signal?: AbortSignal;
  /** How long to wait for another run writing the same pack before giving up (exit 73). */
  lockWaitMs?: number;
  /** `participant`: each programme's participant pack only, written beside its pack as `<out>-participant`. */
  audience?: Audience;
}

/**
 * Between packs, the heap of a long build is kept near what it holds alive: V8 on a machine with memory
 * to spare lets the garbage of a few dozen renders pile up (and their bytes outside the heap with it)
 * before collecting, so a build of 200 programmes peaked at 240 MiB. Past 40 MiB in use (or half as much
 * again as the last collection kept), a full collection runs, every few packs. Exposed for this through V8's flag, as `--expose-gc`
 * would; if that is not possible the build runs as before. One bound per build: call it between packs.
 */
const HEAP_BOUND = 40 * 1024 * 1024;
function heapBound(): () => void {
  let collect: (() => void) | null | undefined;
  let threshold = HEAP_BOUND;
  return () => {
    if (getHeapStatistics().used_heap_size < threshold) return;
    if (collect === undefined) {
      try {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
      } catch {
        collect = null;
      }
    }
    collect?.();
    // What is still alive after a collection (the plans of every programme) is not garbage: the next
    // collection waits until the heap is half as large again, so it runs every few packs, not every pack.
    threshold = Math.max(HEAP_BOUND, getHeapStatistics().used_heap_size * 1.5);
  };
}

/** Rendered packs held in memory between planning and writing, at most: 12 MiB (about 20 packs) unless COCOON_BUILD_HOLD says otherwise (0: render every pack again to write it). */
export const DEFAULT_HOLD_BYTES = 12 * 1024 * 1024;
function holdBytes(env: Record<string, string | undefined>): number {
  const n = Number(env.COCOON_BUILD_HOLD);
  return env.COCOON_BUILD_HOLD !== undefined && env.COCOON_BUILD_HOLD !== '' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_HOLD_BYTES;
}

export interface Drift {
  missing: string[];
  changed: { path: string; diff?: string }[];
  extra: string[];
  /** Files `cocoon build` would refuse to overwrite: edited by hand, or not written by cocoon. */
  refused: { path: string; reason: 'edited' | 'foreign' | 'symlink' }[];
}

export interface BuiltProgramme {
  id: string;
  role: string;
  out: string;
  files: number;
  write?: WriteResult;
  drift?: Drift;
}

export interface BuildOutcome {
  diagnostics: Diagnostic[];
  programmes: BuiltProgramme[];
}

export function configPath(cwd: string, config?: string): string {
  const file = resolve(cwd, config ?? 'cocoon.yaml');
  if (!existsSync(file)) throw new UsageError(`No project file at ${config ?? 'cocoon.yaml'}`, 'Run `cocoon init` to create one, or pass --config <file>.');
  return file;
}

/** A pack file's bytes for comparison; a FIFO, device, symlink or oversized file counts as changed, never read. */
function readIfFile(path: string): Buffer | undefined {
  try {
    return readRegularFile(path, 64 * 1024 * 1024, { noFollow: true });
  } catch (e) {
    if (e instanceof NotRegularFileError) return Buffer.alloc(0);
    return undefined;
  }
}

/** Compare what cocoon would write with what is on disk; reads only. */
async function driftOf(out: string, files: readonly OutFile[]): Promise<Drift> {
  const { createTwoFilesPatch } = await import('diff');
  const all = [...files, { path: MANIFEST, content: manifestText(files) }];
  const drift: Drift = { missing: [], changed: [], extra: [], refused: [] };
  try {
    drift.refused = planWrite(out, files).refused;
  } catch {
    /* --out is a file or a symlink: every file is missing, and the build says why */
  }
  for (const f of all) {
    const current = readIfFile(join(out, f.path));
    const wanted = typeof f.content === 'string' ? Buffer.from(f.content) : f.content;
    if (current === undefined) drift.missing.push(f.path);
    else if (!current.equals(wanted)) {
      const diff = f.path.endsWith('.md') ? createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, current.toString('utf8'), Buffer.from(wanted).toString('utf8'), '', '', { context: 2 }) : undefined;
      // Unified diff without the "====" banner or the empty header dates; long diffs are cut at 60 lines.
      const lines = diff?.split('\n').filter((l) => !/^=+$/.test(l)).map((l) => l.replace(/\t$/, ''));
      drift.changed.push({ path: f.path, diff: lines ? [...lines.slice(0, 60), ...(lines.length > 60 ? [`… ${lines.length - 60} more lines`] : [])].join('\n').trimEnd() : undefined });
    }
  }
  // Only manifest entries that name a path inside the pack (readManifest drops `../../x`).
  const produced = new Set(all.map((f) => f.path));
  for (const path of Object.keys(readManifest(out) ?? {}).sort()) if (!produced.has(path) && lstatSync(join(out, path), { throwIfNoEntry: false })) drift.extra.push(path);
  return drift;
}

/**
 * cocoon build: every programme of the project into its `out`. All programmes are rendered and every
 * write is checked before anything is written, so a template error or a refusal in one pack leaves every
 * pack untouched; then the packs are written one at a time, each rendered again unless it was held.
 */
export async function buildProject(o: BuildOptions, ws: Workspace): Promise<BuildOutcome> {
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, ws);
  const diagnostics = [...project.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics), programmes: [] };
  if (project.templatesDir) diagnostics.push(...checkTemplates(project.templatesDir, o.cwd));
  let sources = project.programmes;
  if (o.only) {
    sources = sources.filter((p) => p.programme.id === o.only);
    if (!sources.length) {
      const ids = project.programmes.map((p) => p.programme.id);
      const guess = didYouMean(o.only, ids);
      throw new UsageError(`--only: no programme \`${o.only}\` in ${displayPath(file, o.cwd)}${guess ? `; did you mean \`${guess}\`?` : ''}`, `Programmes: ${ids.join(', ') || 'none'}.`);
    }
  }
  const { resolved, diagnostics: found } = resolveProgrammes(sources, { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org }, ws);
  diagnostics.push(...found);
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics), programmes: [] };
  const programmes: BuiltProgramme[] = [];
  const wait = { waitMs: o.lockWaitMs };
  // --audience participant: each programme's participant pack only, written beside its pack.
  if (o.audience === 'participant') for (const r of resolved) r.out = `${r.out}-participant`;
  const render = async (r: (typeof resolved)[number]) => asBytes(await renderPack(r.planned, r.planned.formats, ws, { templatesDir: project.templatesDir, audience: o.audience }));
  const boundHeap = heapBound();
  // Template errors are diagnostics, found while every pack is rendered once before anything is written.
  const templateFailure = (e: unknown): BuildOutcome => {
    if (!(e instanceof TemplateError)) throw e;
    return { diagnostics: finish([...diagnostics, templateDiagnostic(e, o.cwd)]), programmes: [] };
  };
  if (o.check) {
    // One pack at a time: rendered, compared, let go.
    try {
      for (const r of resolved) {
        if (o.signal?.aborted) throw new InterruptedError(0, 0);
        let files = await render(r);
        // A pack left mid-write by a killed run is completed or rolled back before it is compared.
        await recoverIfInterrupted(r.out, { ...wait, shown: displayPath(r.out, o.cwd) });
        files = withCalendarHistory(r.out, files);
        programmes.push({ id: r.planned.id, role: r.planned.role.id, out: displayPath(r.out, o.cwd), files: files.length, drift: await driftOf(r.out, files) });
        boundHeap();
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      return templateFailure(e);
    }
    return { diagnostics: finish(diagnostics), programmes };
  }
  // Every pack is rendered first (so a template error in any leaves every pack untouched), and known
  // from then on by its files' hashes; the bytes of the first packs are held up to a budget, the rest
  // are rendered again, one at a time, when their turn to be written comes. Memory stays flat as
  // programmes grow; a build of a few programmes renders each once.
  const budget = holdBytes(ws.env);
  let held = 0;
  const packs: { r: (typeof resolved)[number]; hashes: ReadonlyMap<string, string>; calendar?: OutFile; files?: OutFile[]; count: number }[] = [];
  try {
    for (const r of resolved) {
      if (o.signal?.aborted) throw new InterruptedError(0, 0);
      const files = await render(r);
      const size = files.reduce((n, f) => n + f.content.length, 0);
      const keep = held + size <= budget;
      if (keep) held += size;
      packs.push({ r, hashes: packHashes(files), calendar: files.find((f) => f.path === 'calendar.ics'), files: keep ? files : undefined, count: files.length });
      boundHeap();
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (e) {
    return templateFailure(e);
  }
  for (const p of packs) refuseDangerousOut(p.r.out, { cwd: o.cwd, projectDir: project.dir, shown: displayPath(p.r.out, o.cwd), force: o.force });
  // Every pack is locked, recovered and planned before any is written; the plans are then reused for the writes.
  const locks = new Map<string, PackLock>();
  try {
    for (const out of [...new Set(packs.map((p) => p.r.out))].sort()) {
      locks.set(out, await lockPack(out, { ...wait, shown: displayPath(out, o.cwd) }));
      recoverPack(out);
    }
    const plans = packs.map((p) => {
      // calendar.ics takes its SEQUENCE from the calendar already in the pack (read under the lock).
      if (p.files) p.files = withCalendarHistory(p.r.out, p.files);
      else if (p.calendar) {
        const [carried] = withCalendarHistory(p.r.out, [p.calendar]);
        p.hashes = new Map([...p.hashes, ['calendar.ics', packHashes([carried!]).get('calendar.ics')!]]);
      }
      return planWrite(p.r.out, p.files ?? hollowPack(p.hashes), o.force);
    });
    const refused = packs.flatMap((p, i) => plans[i]!.refused.map((x) => ({ ...x, path: `${displayPath(p.r.out, o.cwd)}/${x.path}` })));
    if (refused.length) {
      const edited = refused.filter((r) => r.reason === 'edited').map((r) => r.path);
      const other = refused.filter((r) => r.reason !== 'edited').map((r) => r.path);
      throw new RefusedError(
        `Refusing to overwrite ${[edited.length ? `files edited by hand: ${edited.join(', ')}` : '', other.length ? `files cocoon did not write: ${other.join(', ')}` : ''].filter(Boolean).join('; ')}`,
        refused.map((r) => r.path),
        'To keep an edit, move it into the role or programme YAML (or a template in templates_dir) and build again; to discard it, build with --force. Nothing was written.',
      );
    }
    let written = 0;
    let unchanged = 0;
    for (const [i, p] of packs.entries()) {
      // Signals are seen between packs: each pack is committed whole (commitPack is synchronous) or not begun.
      await new Promise((resolve) => setImmediate(resolve));
      if (o.signal?.aborted) throw new InterruptedError(written, unchanged);
      const plan = plans[i]!;
      let files = p.files;
      if (!files && plan.create.length + plan.update.length + plan.remove.length > 0) {
        files = withCalendarHistory(p.r.out, await render(p.r));
        const again = packHashes(files);
        if (again.size !== p.hashes.size || [...again].some(([path, hash]) => p.hashes.get(path) !== hash))
          throw new Error(`${displayPath(p.r.out, o.cwd)} rendered differently the second time; nothing more was written`);
      }
      const write = commitPack(p.r.out, files ?? hollowPack(p.hashes), plan);
      p.files = undefined;
      if (write.wrote) written++;
      else unchanged++;
      programmes.push({ id: p.r.planned.id, role: p.r.planned.role.id, out: displayPath(p.r.out, o.cwd), files: p.count, write });
      boundHeap();
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (o.signal?.aborted) throw new InterruptedError(written, unchanged);
  } finally {
    for (const lock of locks.values()) lock.release();
  }
  return { diagnostics: finish(diagnostics), programmes };
}
