import { existsSync, lstatSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import { displayPath } from '../pipeline/load/load.js';
import { finish, renderPack, templateDiagnostic, type Audience } from './stages.js';
import { TemplateError } from '../pipeline/render/handlebars.js';
import { loadProject, resolveProgrammes } from './project.js';
import { checkTemplates } from './templates-check.js';
import { withCalendarHistory } from './calendar-history.js';
import { didYouMean } from '../model/text.js';
import { MANIFEST, asBytes, commitPack, lockPack, manifestText, planWrite, readManifest, recoverIfInterrupted, recoverPack, refuseDangerousOut, type OutFile, type PackLock, type WriteResult } from '../pipeline/write/write.js';
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
 * write is checked before anything is written, so a refusal in one pack leaves every pack untouched.
 */
export async function buildProject(o: BuildOptions): Promise<BuildOutcome> {
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, o.cwd);
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
  const { resolved, diagnostics: found } = resolveProgrammes(sources, { cwd: o.cwd, rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org });
  diagnostics.push(...found);
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics), programmes: [] };
  const rendered = [];
  try {
    for (const r of resolved) {
      if (o.signal?.aborted) throw new InterruptedError(0, 0);
      rendered.push({
        ...r,
        out: o.audience === 'participant' ? `${r.out}-participant` : r.out,
        files: asBytes(await renderPack(r.planned, r.planned.formats, project.templatesDir, o.audience)),
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { diagnostics: finish([...diagnostics, templateDiagnostic(e, o.cwd)]), programmes: [] };
  }
  const programmes: BuiltProgramme[] = [];
  const wait = { waitMs: o.lockWaitMs };
  if (o.check) {
    for (const r of rendered) {
      // A pack left mid-write by a killed run is completed or rolled back before it is compared.
      await recoverIfInterrupted(r.out, { ...wait, shown: displayPath(r.out, o.cwd) });
      r.files = withCalendarHistory(r.out, r.files);
      programmes.push({ id: r.planned.id, role: r.planned.role.id, out: displayPath(r.out, o.cwd), files: r.files.length, drift: await driftOf(r.out, r.files) });
    }
    return { diagnostics: finish(diagnostics), programmes };
  }
  for (const r of rendered) refuseDangerousOut(r.out, { cwd: o.cwd, projectDir: project.dir, shown: displayPath(r.out, o.cwd), force: o.force });
  // Every pack is locked, recovered and planned before any is written; the plans are then reused for the writes.
  const locks = new Map<string, PackLock>();
  try {
    for (const out of [...new Set(rendered.map((r) => r.out))].sort()) {
      locks.set(out, await lockPack(out, { ...wait, shown: displayPath(out, o.cwd) }));
      recoverPack(out);
    }
    for (const r of rendered) r.files = withCalendarHistory(r.out, r.files);
    const plans = rendered.map((r) => planWrite(r.out, r.files, o.force));
    const refused = rendered.flatMap((r, i) => plans[i]!.refused.map((x) => ({ ...x, path: `${displayPath(r.out, o.cwd)}/${x.path}` })));
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
    for (const [i, r] of rendered.entries()) {
      // Signals are seen between packs: each pack is committed whole (commitPack is synchronous) or not begun.
      await new Promise((resolve) => setImmediate(resolve));
      if (o.signal?.aborted) throw new InterruptedError(written, unchanged);
      const write = commitPack(r.out, r.files, plans[i]!);
      if (write.wrote) written++;
      else unchanged++;
      programmes.push({ id: r.planned.id, role: r.planned.role.id, out: displayPath(r.out, o.cwd), files: r.files.length, write });
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (o.signal?.aborted) throw new InterruptedError(written, unchanged);
  } finally {
    for (const lock of locks.values()) lock.release();
  }
  return { diagnostics: finish(diagnostics), programmes };
}
