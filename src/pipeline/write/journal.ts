import { closeSync, constants, fsync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RefusedError, WriteError } from '../../model/errors.js';
import { refusalError, shownUnder, type WritingCommand } from '../../model/refusals.js';
import { fsyncDir, isSafeRelative, lstatOrUndefined, readRegularFile } from '../load/safe-fs.js';
import {
  JOURNAL,
  MANIFEST,
  MAX_MANIFEST,
  type OutFile,
  TEMP_SUFFIX,
  fsError,
  manifestText,
  pausePoint,
  readPackFile,
  sha256,
  tempOf,
  writeDurable,
} from './files.js';
import { type PackComparison, type WriteResult, comparePack, linkOnTheWay, packManifest, readManifest } from './compare.js';
import { type LockOptions, lockPack } from './lock.js';

/** The journal: a pack is committed whole or rolled back, even after a SIGKILL, and the next run finishes what a killed one began. */

// ─── The journal ─────────────────────────────────────────────────────────────────────────────────

type JournalOp = { op: 'write'; path: string; temp: string } | { op: 'remove'; path: string; hash: string };

interface Journal {
  version: 1;
  state: 'preparing' | 'committing';
  /** Directories (pack-relative) this run creates, parents first: the only ones a rollback removes. */
  dirs: string[];
  ops: JournalOp[];
}

function readJournal(out: string): Journal | undefined {
  let text: string;
  try {
    text = readRegularFile(join(out, JOURNAL), MAX_MANIFEST, { noFollow: true }).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw damaged(out);
  }
  let j: Journal;
  try {
    j = JSON.parse(text) as Journal;
  } catch {
    throw damaged(out);
  }
  const okOp = (o: JournalOp) =>
    o && isSafeRelative(o.path) && (o.op === 'write' ? isSafeRelative(o.temp) && o.temp === tempOf(o.path) : o.op === 'remove' && typeof o.hash === 'string');
  if (
    !j ||
    j.version !== 1 ||
    (j.state !== 'preparing' && j.state !== 'committing') ||
    !Array.isArray(j.dirs) ||
    !j.dirs.every(isSafeRelative) ||
    !Array.isArray(j.ops) ||
    !j.ops.every(okOp)
  )
    throw damaged(out);
  return j;
}

const damaged = (out: string) =>
  new WriteError(
    `The journal of the pack in ${out} is damaged (${JOURNAL}); cocoon cannot tell how to finish the last write`,
    `Check the pack by hand (git status helps), then remove ${join(out, JOURNAL)} and build again.`,
  );

/**
 * Finish what an interrupted run left: a journal in `committing` is rolled forward (every staged file
 * renamed into place, every removal done), one in `preparing` is rolled back (staged files and the
 * directories that run created removed). Both are idempotent, so a run killed while recovering is
 * recovered by the next. Call with the pack's lock held. Returns what it did.
 */
export function recoverPack(out: string): 'none' | 'completed' | 'rolled back' {
  if (!lstatOrUndefined(out)?.isDirectory()) return 'none';
  const j = readJournal(out);
  if (!j) {
    try {
      unlinkSync(join(out, `.${JOURNAL}${TEMP_SUFFIX}`));
    } catch {
      /* no half-written journal */
    }
    return 'none';
  }
  try {
    if (j.state === 'committing') commitOps(out, j);
    else rollBack(out, j);
    unlinkSync(join(out, JOURNAL));
    fsyncDir(out);
  } catch (e) {
    fsError(e, out);
  }
  return j.state === 'committing' ? 'completed' : 'rolled back';
}

function rollBack(out: string, j: Journal): void {
  for (const o of j.ops) {
    if (o.op !== 'write' || linkOnTheWay(out, o.temp)) continue;
    const temp = join(out, o.temp);
    if (lstatOrUndefined(temp)?.isFile()) unlinkSync(temp);
  }
  for (const d of [...j.dirs].reverse()) {
    if (linkOnTheWay(out, d) || !lstatOrUndefined(join(out, d))?.isDirectory()) continue;
    try {
      rmdirSync(join(out, d));
    } catch {
      /* someone put a file in it: it stays */
    }
  }
}

function commitOps(out: string, j: Journal, onStep?: (i: number) => void): void {
  const touched = new Set<string>();
  j.ops.forEach((o, i) => {
    if (linkOnTheWay(out, o.path)) return;
    const target = join(out, o.path);
    if (o.op === 'write') {
      const temp = join(out, o.temp);
      if (lstatOrUndefined(temp)?.isFile()) {
        renameSync(temp, target);
        touched.add(dirname(target));
      }
    } else {
      // Removed only if it still holds what cocoon wrote: an edit made meanwhile is kept.
      const bytes = readPackFile(target);
      if (bytes && sha256(bytes) === o.hash) {
        unlinkSync(target);
        touched.add(dirname(target));
      }
    }
    onStep?.(i + 1);
  });
  for (const d of touched) fsyncDir(d);
}

/** A run was killed while writing this pack: its journal is still there (the next writing run recovers it). */
export const wasInterrupted = (out: string): boolean => Boolean(lstatOrUndefined(join(out, JOURNAL)));

/** Recover an interrupted write before reading a pack (plan --dry-run, build --check): locks only if there is a journal. */
export async function recoverIfInterrupted(out: string, options: LockOptions = {}): Promise<void> {
  if (!lstatOrUndefined(join(out, JOURNAL))) return;
  const lock = await lockPack(out, options);
  try {
    recoverPack(out);
  } finally {
    lock.release();
  }
}

/**
 * Update a pack in place, file by file, so that a crash or a kill leaves the previous pack or the new
 * one, whole. Every new file is first written beside its target (`.name.cocoon-tmp`) and fsynced, with a
 * journal saying so; then the journal turns to `committing` and the files are renamed into place, the
 * manifest last. A run killed before the turn is rolled back by the next run, one killed after it is
 * completed. Only files in the plan are touched: files a user put in the pack, directory modes and
 * empty directories stay as they are. Call with the pack's lock held (lockPack) and after recoverPack.
 */
export async function commitPack(out: string, files: readonly OutFile[], plan: PackComparison): Promise<WriteResult> {
  // The caller refuses first (refusalError, with the paths as the user sees them); this is the last guard.
  if (plan.refused.length) throw new Error(`commitPack called with refused files: ${plan.refused.map((r) => r.path).join(', ')}`);
  const changed = plan.create.length + plan.update.length + plan.remove.length;
  if (changed === 0) return { ...plan, wrote: false };
  const content = new Map<string, string | Uint8Array>(files.map((f) => [f.path, f.content]));
  content.set(MANIFEST, manifestText(files));
  const writes = [...plan.create, ...plan.update].filter((p) => p !== MANIFEST).sort();
  if (plan.create.includes(MANIFEST) || plan.update.includes(MANIFEST)) writes.push(MANIFEST);
  const manifest = readManifest(out) ?? {};
  const dirs: string[] = [];
  for (const p of writes) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join('/');
      if (!dirs.includes(d) && !lstatOrUndefined(join(out, d))) dirs.push(d);
    }
  }
  const removes = plan.remove.map((path) => {
    const bytes = readPackFile(join(out, path));
    return { op: 'remove' as const, path, hash: bytes ? sha256(bytes) : (manifest[path] ?? '') };
  });
  const manifestOp = writes.at(-1) === MANIFEST ? writes.pop() : undefined;
  const ops: JournalOp[] = [...writes.map((path) => ({ op: 'write' as const, path, temp: tempOf(path) })), ...removes];
  if (manifestOp) ops.push({ op: 'write', path: MANIFEST, temp: tempOf(MANIFEST) });
  const journal: Journal = { version: 1, state: 'preparing', dirs, ops };
  try {
    writeDurable(join(out, JOURNAL), JSON.stringify(journal));
    for (const d of dirs) mkdirSync(join(out, d));
    let staged = 0;
    const open: number[] = [];
    try {
      for (const o of ops) {
        if (o.op !== 'write') continue;
        const target = join(out, o.path);
        const existing = lstatOrUndefined(target);
        const temp = join(out, o.temp);
        if (lstatOrUndefined(temp))
          throw new WriteError(`Cannot write ${out}: ${o.temp} is in the way`, `Move ${join(out, o.temp)} out of the pack and run again.`);
        // An updated file keeps the permissions it had; a new one gets the usual 0666 less the umask.
        const fd = openSync(
          temp,
          constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
          existing?.isFile() ? existing.mode & 0o7777 : 0o666,
        );
        open.push(fd);
        const data = content.get(o.path)!;
        writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
        pausePoint(`staged-${++staged}`);
      }
      // Every staged file reaches the disk before the journal turns to committing. The fsyncs run side by
      // side on libuv's thread pool, where the file system can commit them together: one after another,
      // a pack of 80 files waited for 80 disk flushes in turn.
      await Promise.all(open.map((fd) => new Promise<void>((done, fail) => fsync(fd, (e) => (e ? fail(e) : done())))));
    } finally {
      for (const fd of open) closeSync(fd);
    }
    for (const d of new Set(ops.map((o) => dirname(join(out, o.path))))) fsyncDir(d);
  } catch (e) {
    try {
      rollBack(out, journal);
      unlinkSync(join(out, JOURNAL));
    } catch {
      /* the next run rolls back from the journal */
    }
    fsError(e, out);
  }
  try {
    writeDurable(join(out, JOURNAL), JSON.stringify({ ...journal, state: 'committing' }));
    pausePoint('committing');
    commitOps(out, journal, (i) => pausePoint(`renamed-${i}`));
    unlinkSync(join(out, JOURNAL));
    fsyncDir(out);
  } catch (e) {
    // The journal says committing: the next run (any command that reads this pack) completes it.
    fsError(e, out);
  }
  return { ...plan, wrote: true };
}

/**
 * A participant pack (`--audience participant`) is written only into a folder that holds no other kind
 * of pack: when the folder's manifest owns any file a participant pack never writes (facilitator notes,
 * the leader guide…), it is another pack (another programme's, or the full pack) and writing would
 * remove its files as "no longer produced". Refused (exit 3), and `--force` does not lift it.
 */
export function refuseOtherPack(out: string, shown: string, owns: (path: string) => boolean): void {
  const other = Object.keys(readManifest(out) ?? {}).filter((path) => !owns(path));
  if (!other.length) return;
  throw new RefusedError(
    `Refusing to write a participant pack into ${shown}: it holds another pack (${other[0]}${other.length > 1 ? ` and ${other.length - 1} more files` : ''} that a participant pack never writes). Nothing was written.`,
    [shown],
    'A participant pack goes in a folder of its own (<out>-participant): give this programme or the other one another `out:` (or --out).',
  );
}

/**
 * Lock, recover, compare and commit one pack: what `plan` does. `prepare` sees the recovered pack before
 * the comparison (calendar.ics takes its SEQUENCE from the calendar already there). A refusal names the
 * files under `shown` (the pack as the user sees it) in the words of `command`.
 */
export async function writePack(
  out: string,
  files: readonly OutFile[],
  options: LockOptions & {
    command: WritingCommand;
    shown: string;
    force?: boolean;
    prepare?: (files: OutFile[]) => OutFile[];
    /** A participant pack: the files it may own; a folder whose manifest owns others is refused (refuseOtherPack). */
    owns?: (path: string) => boolean;
  },
): Promise<WriteResult> {
  const lock = await lockPack(out, options);
  try {
    recoverPack(out);
    if (options.owns) refuseOtherPack(out, options.shown, options.owns);
    const final = options.prepare ? options.prepare([...files]) : files;
    const cmp = comparePack(out, final, packManifest(out, final), { force: options.force });
    if (cmp.refused.length) throw refusalError(shownUnder(options.shown, cmp.refused), options.command);
    return await commitPack(out, final, cmp);
  } finally {
    lock.release();
  }
}
