import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import { displayPath } from '../pipeline/load/load.js';
import { finish, governed, isParticipantFile, renderPack, signalsDelivered, templateDiagnostic, type Audience } from './stages.js';
import type { Workspace } from './workspace.js';
import { govern } from './rule-policy.js';
import type { Lang } from '../model/lang.js';
import { heapBound } from './heap.js';
import { TemplateError } from '../pipeline/render/handlebars.js';
import { loadProject, resolveTargets, type ProgrammeTarget } from './project.js';
import type { PlannedProgramme } from '../pipeline/plan/plan.js';
import { checkTemplates } from './templates-check.js';
import { withCalendarHistory } from './calendar-history.js';
import { didYouMean } from '../model/text.js';
import {
  asBytes,
  commitPack,
  comparePack,
  driftOf,
  hollowPack,
  lockPack,
  packHashes,
  packManifest,
  wasInterrupted,
  recoverIfInterrupted,
  recoverPack,
  refuseOtherPack,
  refuseDangerousOut,
  type OutFile,
  type PackComparison,
  type PackLock,
  type WriteResult,
} from '../pipeline/write/write.js';
import { CocoonError, ExitCode, InterruptedError, RefusedError } from '../model/errors.js';
import { refusalError, shownUnder, type Drift } from '../model/refusals.js';

export interface BuildOptions {
  cwd: string;
  config?: string;
  only?: string;
  check?: boolean;
  /** Render and compare every pack with disk, as a build would before writing, and write nothing: each programme's `write` says what it would do. */
  dryRun?: boolean;
  force?: boolean;
  /** Aborted on SIGINT/SIGTERM: the pack in hand is finished, no other is started. */
  signal?: AbortSignal;
  /** How long to wait for another run writing the same pack before giving up (exit 73). */
  lockWaitMs?: number;
  /** `participant`: each programme's participant pack only, written beside its pack as `<out>-participant`. */
  audience?: Audience;
  /** --lang: every pack's language, over cocoon.yaml's org.language. */
  lang?: Lang;
}

/** Rendered packs held in memory between planning and writing, at most: 12 MiB (about 20 packs) unless COCOON_BUILD_HOLD says otherwise (0: render every pack again to write it). */
const DEFAULT_HOLD_BYTES = 12 * 1024 * 1024;
function holdBytes(env: Record<string, string | undefined>): number {
  const n = Number(env.COCOON_BUILD_HOLD);
  return env.COCOON_BUILD_HOLD !== undefined && env.COCOON_BUILD_HOLD !== '' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_HOLD_BYTES;
}

interface BuiltProgramme {
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

/** What `build --check` reports for one pack: the writer's own comparison, as drift. */
async function packDrift(out: string, files: readonly OutFile[]): Promise<Drift> {
  const manifest = packManifest(out, files);
  let cmp: PackComparison;
  try {
    cmp = comparePack(out, files, manifest, { keepCurrent: true });
  } catch (e) {
    // --out is a file or a symlink: nothing of the pack is there, and `cocoon build` says why (exit 73).
    if (!(e instanceof CocoonError)) throw e;
    cmp = { create: [...files.map((f) => f.path), manifest.path], update: [], unchanged: [], remove: [], keep: [], refused: [] };
  }
  return driftOf(cmp, files, manifest);
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
  if (hasErrors(governed(diagnostics, ws))) return { diagnostics: finish(diagnostics, ws), programmes: [] };
  if (project.templatesDir) diagnostics.push(...checkTemplates(project.templatesDir, o.cwd, ws));
  let sources = project.programmes;
  if (o.only) {
    sources = sources.filter((p) => p.programme.id === o.only);
    if (!sources.length) {
      const ids = project.programmes.map((p) => p.programme.id);
      const guess = didYouMean(o.only, ids);
      throw new UsageError(
        `--only: no programme \`${o.only}\` in ${displayPath(file, o.cwd)}${guess ? `; did you mean \`${guess}\`?` : ''}`,
        `Programmes: ${ids.join(', ') || 'none'}.`,
      );
    }
  }
  const language = project.config.org?.language;
  const lang: Lang = o.lang ?? language ?? 'en';
  const { targets, diagnostics: found } = resolveTargets(
    sources,
    { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org, lang, templatesDir: project.templatesDir },
    ws,
  );
  diagnostics.push(...found);
  if (hasErrors(governed(diagnostics, ws))) return { diagnostics: finish(diagnostics, ws), programmes: [] };
  const programmes: BuiltProgramme[] = [];
  const wait = { waitMs: o.lockWaitMs, signal: o.signal };
  // --audience participant: each programme's participant pack only, written beside its pack.
  // A participant folder that is another programme's pack is refused before anything is rendered.
  if (o.audience === 'participant') {
    const full = new Map(targets.map((t) => [resolve(t.out), t.id]));
    for (const t of targets) {
      t.out = `${t.out}-participant`;
      const owner = full.get(resolve(t.out));
      if (owner)
        throw new RefusedError(
          `Refusing to write the participant pack of \`${t.id}\` into ${displayPath(t.out, o.cwd)}: that is the pack of programme \`${owner}\`. Nothing was written.`,
          [displayPath(t.out, o.cwd)],
          'A participant pack goes in <out>-participant: give one of the two programmes another `out:` in cocoon.yaml.',
        );
    }
  }
  const render = async (planned: PlannedProgramme) =>
    asBytes(await renderPack(planned, planned.formats, ws, { templatesDir: project.templatesDir, audience: o.audience, lang }));
  const boundHeap = heapBound();
  const built = (t: ProgrammeTarget, files: number, more: Pick<BuiltProgramme, 'write' | 'drift'>): BuiltProgramme => ({
    id: t.id,
    role: t.role,
    out: displayPath(t.out, o.cwd),
    files,
    ...more,
  });

  // One pass over the programmes: each is planned and linted, then (while nothing has failed) rendered
  // and compared (--check) or hashed and, up to a budget, held; its plan is let go before the next, so
  // memory does not grow with the plans of every programme. Any lint error, then any template error,
  // ends the build with nothing written, as before any pack is touched.
  const budget = holdBytes(ws.env);
  let held = 0;
  let templateError: TemplateError | undefined;
  const packs: { t: ProgrammeTarget; hashes: ReadonlyMap<string, string>; calendar?: OutFile; files?: OutFile[]; count: number }[] = [];
  // Whether any programme so far has an error, kept as they are planned rather than worked out again from
  // every diagnostic each time (a build of many programmes has thousands).
  let failed = false;
  for (const t of targets) {
    if (o.signal?.aborted) throw new InterruptedError(0, 0);
    const { planned, diagnostics: found } = t.plan();
    diagnostics.push(...found);
    failed ||= hasErrors(govern(ws.policy, found));
    if (templateError || failed) continue;
    let files: OutFile[];
    try {
      files = await render(planned);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      templateError = e;
      continue;
    }
    if (o.dryRun) {
      // What the real build would do to this pack, from the same comparison, without a lock or a write.
      refuseDangerousOut(t.out, { cwd: o.cwd, projectDir: project.dir, shown: displayPath(t.out, o.cwd), force: o.force });
      await recoverIfInterrupted(t.out, { ...wait, shown: displayPath(t.out, o.cwd) });
      files = withCalendarHistory(t.out, files);
      const cmp = comparePack(t.out, files, packManifest(t.out, files), { force: o.force });
      programmes.push(built(t, files.length, { write: { ...cmp, wrote: false } }));
    } else if (o.check) {
      // L10: a check is read-only, so it never recovers a pack a killed run left mid-write: it says so.
      if (wasInterrupted(t.out))
        throw new CocoonError(
          `${displayPath(t.out, o.cwd)} was left half-written by an interrupted cocoon run; a check writes nothing, so it cannot compare it`,
          ExitCode.inputErrors,
          'Run `cocoon build` (it completes or rolls back the interrupted write), then check again.',
        );
      files = withCalendarHistory(t.out, files);
      programmes.push(built(t, files.length, { drift: await packDrift(t.out, files) }));
    } else {
      const size = files.reduce((n, f) => n + f.content.length, 0);
      const keep = held + size <= budget;
      if (keep) held += size;
      packs.push({
        t,
        hashes: packHashes(files),
        calendar: files.find((f) => f.path === 'calendar.ics'),
        files: keep ? files : undefined,
        count: files.length,
      });
    }
    boundHeap();
    await signalsDelivered();
  }
  if (hasErrors(governed(diagnostics, ws))) return { diagnostics: finish(diagnostics, ws), programmes: [] };
  // Template errors are diagnostics, found while every pack is rendered once before anything is written.
  if (templateError) return { diagnostics: finish([...diagnostics, templateDiagnostic(templateError, o.cwd)], ws), programmes: [] };
  if (o.check || o.dryRun) return { diagnostics: finish(diagnostics, ws), programmes };

  // The bytes of the first packs are held up to the budget; the rest are planned and rendered again, one
  // at a time, when their turn to be written comes, and checked against the hashes of the first render.
  for (const p of packs) refuseDangerousOut(p.t.out, { cwd: o.cwd, projectDir: project.dir, shown: displayPath(p.t.out, o.cwd), force: o.force });
  // Every pack is locked, recovered and compared with disk before any is written; the comparisons are then reused for the writes.
  const locks = new Map<string, PackLock>();
  try {
    for (const out of [...new Set(packs.map((p) => p.t.out))].sort()) {
      locks.set(out, await lockPack(out, { ...wait, shown: displayPath(out, o.cwd) }));
      recoverPack(out);
      if (o.audience === 'participant') refuseOtherPack(out, displayPath(out, o.cwd), isParticipantFile);
    }
    const comparisons = packs.map((p) => {
      // calendar.ics takes its SEQUENCE from the calendar already in the pack (read under the lock).
      if (p.files) p.files = withCalendarHistory(p.t.out, p.files);
      else if (p.calendar) {
        const [carried] = withCalendarHistory(p.t.out, [p.calendar]);
        p.hashes = new Map([...p.hashes, ['calendar.ics', packHashes([carried!]).get('calendar.ics')!]]);
      }
      const files = p.files ?? hollowPack(p.hashes);
      return comparePack(p.t.out, files, packManifest(p.t.out, files), { force: o.force });
    });
    const refused = packs.flatMap((p, i) => shownUnder(displayPath(p.t.out, o.cwd), comparisons[i]!.refused));
    if (refused.length) throw refusalError(refused, 'build');
    let written = 0;
    let unchanged = 0;
    for (const [i, p] of packs.entries()) {
      // Signals are seen between packs: each pack is committed whole or not begun.
      await signalsDelivered();
      if (o.signal?.aborted) throw new InterruptedError(written, unchanged);
      const cmp = comparisons[i]!;
      let files = p.files;
      if (!files && cmp.create.length + cmp.update.length + cmp.remove.length > 0) {
        files = withCalendarHistory(p.t.out, await render(p.t.plan().planned));
        const again = packHashes(files);
        if (again.size !== p.hashes.size || [...again].some(([path, hash]) => p.hashes.get(path) !== hash))
          throw new Error(`${displayPath(p.t.out, o.cwd)} rendered differently the second time; nothing more was written`);
      }
      const write = await commitPack(p.t.out, files ?? hollowPack(p.hashes), cmp);
      p.files = undefined;
      if (write.wrote) written++;
      else unchanged++;
      programmes.push(built(p.t, p.count, { write }));
      boundHeap();
    }
    await signalsDelivered();
    if (o.signal?.aborted) throw new InterruptedError(written, unchanged);
  } finally {
    for (const lock of locks.values()) lock.release();
  }
  return { diagnostics: finish(diagnostics, ws), programmes };
}
