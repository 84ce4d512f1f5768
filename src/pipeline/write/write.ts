import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { AbortedError, CocoonError, RefusedError, WriteError } from '../../model/errors.js';
import { refusalError, shownUnder, type Drift, type Refusal, type WritingCommand } from '../../model/refusals.js';
import { NotRegularFileError, fsyncDir, isInside, isSafeRelative, lstatOrUndefined, readRegularFile, realPathOf } from '../load/safe-fs.js';

const MANIFEST = '.cocoon-manifest.json';
/** Held while a run writes the pack: `{ pid, start }` of the writer, created with O_EXCL. */
const LOCK = '.cocoon-lock';
/** What a run is doing to the pack; the next run completes (committing) or rolls back (preparing) it. */
const JOURNAL = '.cocoon-journal.json';
const TEMP_SUFFIX = '.cocoon-tmp';
/** A pack file larger than this is not one cocoon wrote: it is reported as edited, never read whole. */
const MAX_PACK_FILE = 64 * 1024 * 1024;
const MAX_MANIFEST = 16 * 1024 * 1024;
const DEFAULT_LOCK_WAIT_MS = 3000;

export interface OutFile {
  path: string;
  /** UTF-8 bytes (see asBytes), or text. */
  content: string | Uint8Array;
  /** sha256 of the content, computed once however often a build asks (check, plan, write); see fileHash. */
  hash?: string;
}

/**
 * A rendered pack as UTF-8 bytes. Bytes live outside the JavaScript heap, so a build holding twenty
 * packs until every write is checked does not make the garbage collector copy them around, and each
 * file is converted once, not once to hash and again to write.
 */
export function asBytes(files: readonly { path: string; content: string | Uint8Array }[]): OutFile[] {
  return files.map((f) => ({ path: f.path, content: typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content }));
}

/**
 * A tree compared with what cocoon would write into it: the one comparison behind every write, every
 * `--dry-run` and every `--check` (of a pack and of the files `cocoon report` writes). Paths are
 * relative to the tree, in the order of the files, the manifest last.
 */
export interface PackComparison {
  create: string[];
  update: string[];
  unchanged: string[];
  /** Files cocoon wrote that are no longer produced, unchanged since: removed. */
  remove: string[];
  /** Files no longer produced that were edited by hand: kept, and said so. */
  keep: string[];
  refused: Refusal[];
  /** With `keepCurrent`: what is on disk at each path that would be updated or is refused (for a diff). */
  current?: Map<string, Buffer>;
}

export interface WriteResult extends PackComparison {
  wrote: boolean;
}

/**
 * The manifest of a tree: where it lives, what it says cocoon wrote before, and the text a write leaves.
 * A pack owns its directory (files no longer produced are removed; the directory itself must be a real
 * one); the report's files live in a tree someone else owns (nothing is removed; a symlinked tree is
 * refused like any link on the way).
 */
export interface TreeManifest {
  path: string;
  entries: Record<string, string> | undefined;
  text: string;
  ownsDir: boolean;
  /** The manifest file is there but is no manifest (cut short, not JSON, no `files`): B30. */
  corrupt?: boolean;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A file's hash, kept on the file the first time it is asked for: a file's content is never changed in place. */
const fileHash = (f: OutFile): string => (f.hash ??= sha256(f.content));

const contentHashes = (files: readonly OutFile[]): Map<string, string> => new Map(files.map((f) => [f.path, fileHash(f)]));

/** The hash of every file of a pack, by path (each file hashed once). */
export const packHashes = (files: readonly OutFile[]): ReadonlyMap<string, string> => contentHashes(files);

/**
 * A pack known only by its paths and hashes, its bytes let go: enough to compare it with disk (comparePack) and
 * to know its manifest, not to commit it. `build` plans every pack this way and renders a pack again to
 * write it, so memory does not grow with the number of programmes.
 */
export function hollowPack(hashes: ReadonlyMap<string, string>): OutFile[] {
  return [...hashes].map(([path, hash]) => ({ path, content: '', hash }));
}

/** The manifest: pack path → sha256, sorted, so it is byte-identical for identical packs. */
function manifestText(files: readonly OutFile[]): string {
  const hashes = contentHashes(files);
  const entries = [...hashes.keys()].sort().map((path): [string, string] => [path, hashes.get(path)!]);
  return `${JSON.stringify({ generator: 'cocoon-cli', files: Object.fromEntries(entries) }, null, 2)}\n`;
}

function fsError(e: unknown, what: string): never {
  if (e instanceof CocoonError) throw e;
  const err = e as NodeJS.ErrnoException;
  const reason =
    err.code === 'EACCES' || err.code === 'EPERM'
      ? 'permission denied'
      : err.code === 'ENOSPC'
        ? 'no space left on the device'
        : err.code === 'EROFS'
          ? 'read-only file system'
          : err.code === 'ENOTDIR' || err.code === 'EEXIST'
            ? 'a file is in the way of a directory'
            : (err.code ?? err.message);
  const hint =
    err.code === 'ENOSPC'
      ? 'Free some space on that disk, or write the pack somewhere else (--out, or `out:` in cocoon.yaml).'
      : err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS'
        ? 'Write the pack to a directory you can write to (--out, or `out:` in cocoon.yaml).'
        : 'Check the output path (--out, or `out:` in cocoon.yaml) and try again.';
  throw new WriteError(`Cannot write ${what}: ${reason}`, hint);
}

/**
 * A test hook, off unless COCOON_TEST_PAUSE_AT names this point: the writer says where it stopped and
 * sleeps, so a test can kill it at exactly that moment instead of guessing with a timer.
 */
function pausePoint(name: string): void {
  const want = process.env.COCOON_TEST_PAUSE_AT;
  if (!want || want !== name) return;
  writeSync(2, `cocoon: paused at ${name}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.COCOON_TEST_PAUSE_MS) || 30_000);
}

/** A pack file's bytes, or undefined when it is missing, not a regular file, a symlink, or too large to be ours. */
function readPackFile(path: string): Buffer | undefined {
  try {
    return readRegularFile(path, MAX_PACK_FILE, { noFollow: true });
  } catch (e) {
    if (e instanceof NotRegularFileError || ['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
}

/**
 * The manifest's entries that name a path inside the pack. An entry such as `../../x` or `/etc/passwd`
 * is not a file cocoon wrote (a tampered or corrupt manifest): it is ignored, never hashed or removed.
 * `corrupt` says the file is there but is no manifest at all (cut short, not JSON, no `files` object), so
 * a refusal can say that instead of calling every file of the pack foreign (B30).
 */
function readManifestFile(out: string, name = MANIFEST): { entries: Record<string, string> | undefined; corrupt: boolean } {
  let text: string;
  try {
    text = readRegularFile(join(out, name), MAX_MANIFEST, { noFollow: true }).toString('utf8');
  } catch (e) {
    // Missing is no manifest; a regular file too large to be one is a corrupt one.
    return { entries: undefined, corrupt: e instanceof NotRegularFileError && e.reason === 'too-large' };
  }
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    if (!parsed || typeof parsed.files !== 'object' || !parsed.files || Array.isArray(parsed.files)) return { entries: undefined, corrupt: true };
    const files: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [path, hash] of Object.entries(parsed.files as Record<string, unknown>))
      if (isSafeRelative(path) && path !== name && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) files[path] = hash;
    return { entries: files, corrupt: false };
  } catch {
    return { entries: undefined, corrupt: true };
  }
}

const readManifest = (out: string, name = MANIFEST): Record<string, string> | undefined => readManifestFile(out, name).entries;

/** No directory on the way from `out` to `rel` is a symlink (a link would send the write elsewhere). */
function linkOnTheWay(out: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (lstatOrUndefined(join(out, ...parts.slice(0, i)))?.isSymbolicLink()) return true;
  return false;
}

function checkOutDir(out: string): boolean {
  const st = lstatOrUndefined(out);
  if (st?.isSymbolicLink())
    throw new WriteError(`Output directory ${out} is a symlink; cocoon does not write through links`, 'Point --out at a real directory.');
  if (st && !st.isDirectory()) throw new WriteError(`Output path ${out} is a file, not a directory`, 'Choose another --out, or remove the file.');
  return Boolean(st);
}

/** A pack's manifest: `.cocoon-manifest.json`, listing every file of the pack. */
export const packManifest = (out: string, files: readonly OutFile[]): TreeManifest => {
  const { entries, corrupt } = readManifestFile(out);
  return { path: MANIFEST, entries, text: manifestText(files), ownsDir: true, corrupt };
};

/**
 * Compare what would be written into `dir` with what is on disk. Pure reading; writes nothing. A file
 * whose bytes match is unchanged; one whose bytes match the manifest may be updated; anything else is
 * refused: edited by hand (in the manifest, bytes differ), not written by cocoon (not in it, or not a
 * regular file), or at or behind a symlink. `force` lifts the first two, never the third.
 */
export function comparePack(
  dir: string,
  files: readonly OutFile[],
  manifest: TreeManifest = packManifest(dir, files),
  options: { force?: boolean; keepCurrent?: boolean } = {},
): PackComparison {
  const cmp: PackComparison = {
    create: [],
    update: [],
    unchanged: [],
    remove: [],
    keep: [],
    refused: [],
    ...(options.keepCurrent ? { current: new Map<string, Buffer>() } : {}),
  };
  const all = [...files, { path: manifest.path, content: manifest.text }];
  const root = lstatOrUndefined(dir);
  if (manifest.ownsDir ? !checkOutDir(dir) : !root) return { ...cmp, create: all.map((f) => f.path) };
  if (root?.isSymbolicLink()) return { ...cmp, refused: all.map((f) => ({ path: f.path, reason: 'symlink' as const })) };
  const entries = manifest.entries;
  const hashes = contentHashes(files);
  for (const f of all) {
    const target = join(dir, f.path);
    const cur = lstatOrUndefined(target);
    if (linkOnTheWay(dir, f.path) || cur?.isSymbolicLink()) {
      cmp.refused.push({ path: f.path, reason: 'symlink' });
      continue;
    }
    if (!cur) {
      cmp.create.push(f.path);
      continue;
    }
    const bytes = cur.isFile() ? readPackFile(target) : undefined;
    if (!bytes) {
      cmp.refused.push({ path: f.path, reason: 'foreign' });
      continue;
    }
    const hash = sha256(bytes);
    if (hash === (hashes.get(f.path) ?? sha256(f.content))) {
      cmp.unchanged.push(f.path);
      continue;
    }
    cmp.current?.set(f.path, bytes);
    if (f.path === manifest.path || entries?.[f.path] === hash || options.force) cmp.update.push(f.path);
    else cmp.refused.push({ path: f.path, reason: entries && f.path in entries ? 'edited' : 'foreign' });
  }
  if (manifest.ownsDir) {
    const produced = new Set(files.map((f) => f.path));
    for (const [path, hash] of Object.entries(entries ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (produced.has(path) || linkOnTheWay(dir, path)) continue;
      const bytes = readPackFile(join(dir, path));
      if (!bytes) continue;
      if (sha256(bytes) === hash || options.force) cmp.remove.push(path);
      else cmp.keep.push(path);
    }
  }
  if (options.force) cmp.refused = cmp.refused.filter((r) => r.reason === 'symlink');
  else if (manifest.corrupt && cmp.refused.some((r) => r.reason === 'foreign')) {
    // Not "not written by cocoon": cocoon cannot tell, because its record of what it wrote is broken (B30).
    cmp.refused = [{ path: manifest.path, reason: 'corrupt' }, ...cmp.refused.filter((r) => r.reason !== 'foreign')];
  }
  return cmp;
}

/**
 * What `--check` reports, from the comparison: missing (would be created), changed (would be updated,
 * or refused), extra (no longer produced). A changed Markdown file carries a unified diff, cut at 60
 * lines, when the comparison kept what is on disk.
 */
export async function driftOf(cmp: PackComparison, files: readonly OutFile[], manifest: TreeManifest): Promise<Drift> {
  const { createTwoFilesPatch } = await import('diff');
  const content = new Map<string, string | Uint8Array>(files.map((f) => [f.path, f.content]));
  content.set(manifest.path, manifest.text);
  const differs = new Set([...cmp.update, ...cmp.refused.map((r) => r.path)]);
  const diffOf = (path: string): string | undefined => {
    const current = cmp.current?.get(path);
    if (!path.endsWith('.md') || !current) return undefined;
    const wanted = content.get(path)!;
    const patch = createTwoFilesPatch(
      `a/${path}`,
      `b/${path}`,
      current.toString('utf8'),
      typeof wanted === 'string' ? wanted : Buffer.from(wanted).toString('utf8'),
      '',
      '',
      { context: 2 },
    );
    // Unified diff without the "====" banner or the empty header dates; long diffs are cut at 60 lines.
    const lines = patch
      .split('\n')
      .filter((l) => !/^=+$/.test(l))
      .map((l) => l.replace(/\t$/, ''));
    return [...lines.slice(0, 60), ...(lines.length > 60 ? [`… ${lines.length - 60} more lines`] : [])].join('\n').trimEnd();
  };
  return {
    missing: cmp.create,
    changed: [...content.keys()].filter((path) => differs.has(path)).map((path) => ({ path, diff: diffOf(path) })),
    extra: [...cmp.remove, ...cmp.keep].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    refused: cmp.refused,
  };
}

// ─── The lock ────────────────────────────────────────────────────────────────────────────────────

interface Holder {
  pid: number;
  start?: string;
}

/** The kernel's start time of a process (Linux /proc, field 22), so a reused PID is not taken for the writer. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readRegularFile(`/proc/${pid}/stat`, 4096).toString('utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function holderAlive(h: Holder): boolean {
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (h.start) {
    const now = processStart(h.pid);
    if (now !== undefined && now !== h.start) return false;
  }
  return true;
}

/** The holder named in a lock file; undefined while it is being written (or if it is not a lock). */
function readHolder(file: string): { holder?: Holder; text: string; ageMs: number } | undefined {
  try {
    const text = readRegularFile(file, 4096, { noFollow: true }).toString('utf8');
    const ageMs = Date.now() - (lstatOrUndefined(file)?.mtimeMs ?? Date.now());
    try {
      const h = JSON.parse(text) as Holder;
      return {
        holder: Number.isInteger(h.pid) && h.pid > 0 ? { pid: h.pid, start: typeof h.start === 'string' ? h.start : undefined } : undefined,
        text,
        ageMs,
      };
    } catch {
      return { text, ageMs };
    }
  } catch {
    return undefined;
  }
}

/** A lock whose writer is gone, or one that never got its content (a run killed inside open/write). */
const isStale = (r: { holder?: Holder; ageMs: number }): boolean => (r.holder ? !holderAlive(r.holder) : r.ageMs > 5000);

/** Create a lock-like file with O_EXCL, holding this process; false if one is there. */
function createExclusive(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, start: processStart(process.pid) ?? '' }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Remove the lock if its writer is gone. Two runs may find the same stale lock; only the one holding the
 * `.break` file may remove it, and it re-reads the lock first, so it never removes a lock a third run
 * has just taken.
 */
function breakIfStale(lock: string): boolean {
  const seen = readHolder(lock);
  if (!seen) return true; // gone already: try again
  if (!isStale(seen)) return false;
  const breaker = `${lock}.break`;
  if (!createExclusive(breaker)) {
    const b = readHolder(breaker);
    if (b && isStale(b)) {
      try {
        unlinkSync(breaker);
      } catch {
        /* another run removed it */
      }
    }
    return false;
  }
  try {
    const again = readHolder(lock);
    if (again && again.text === seen.text && isStale(again)) unlinkSync(lock);
  } finally {
    unlinkSync(breaker);
  }
  return true;
}

export interface PackLock {
  readonly out: string;
  release(): void;
}

/** mkdir -p one level at a time (Node's recursive mkdir reports EROFS as ENOENT); returns what it made. */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !lstatOrUndefined(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  const made: string[] = [];
  for (const d of missing) {
    try {
      mkdirSync(d);
      made.push(d);
    } catch (e) {
      // Another run made it at the same moment: fine, it is not ours to remove.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return made;
}

/** Wait `ms`, or less when `signal` aborts: a run waiting for a lock still hears Ctrl-C and SIGTERM. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * A lock path that is not a regular file (a symlink, a directory, a FIFO…) is no lock cocoon made: it
 * can never be taken or broken, so waiting on it would spin until the deadline (or, before, forever).
 */
function refuseStrangeLock(lock: string, shown: string): void {
  const st = lstatOrUndefined(lock);
  if (!st || st.isFile()) return;
  const what = st.isSymbolicLink() ? 'a symlink' : st.isDirectory() ? 'a directory' : 'not a regular file';
  throw new WriteError(
    `Cannot write ${shown}: its lock ${join(shown, LOCK)} is ${what}, not a lock cocoon made`,
    `No cocoon run made it. Look at it, remove it (rm -r ${join(shown, LOCK)}) and run again.`,
  );
}

export interface LockOptions {
  waitMs?: number;
  shown?: string;
  /** Aborted by SIGINT/SIGTERM: the wait ends at once with "Aborted; nothing was written." (exit 130). */
  signal?: AbortSignal;
}

/**
 * Take the pack's lock: `<out>/.cocoon-lock`, created with O_EXCL and holding this process's PID and
 * start time. A lock is stale only when that process is gone. Another live run is waited for up to
 * `waitMs`, then this run gives up with exit 73. A lock path that is a symlink, a directory or any other
 * non-file is refused at once (exit 73). `out` is created if missing (and removed again on release if
 * nothing was written into it).
 */
export async function lockPack(out: string, options: LockOptions = {}): Promise<PackLock> {
  if (options.signal?.aborted) throw new AbortedError();
  checkOutDir(out);
  let made: string[];
  try {
    made = makeDirs(out);
  } catch (e) {
    fsError(e, out);
  }
  const lock = join(out, LOCK);
  const shown = options.shown ?? out;
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  // A stale lock broken is retried at once, a few times; after that every try waits its turn.
  let quickRetries = 0;
  for (;;) {
    try {
      if (createExclusive(lock)) break;
      refuseStrangeLock(lock, shown);
      if (breakIfStale(lock) && ++quickRetries <= 5) continue;
    } catch (e) {
      removeMadeDirs(made);
      fsError(e, out);
    }
    if (Date.now() >= deadline) {
      removeMadeDirs(made);
      throw new WriteError(
        `another cocoon run is writing ${shown}`,
        `Wait for it to finish and run again. If no cocoon is running, remove ${join(shown, LOCK)}.`,
      );
    }
    await sleep(20 + Math.floor(Math.random() * 30), options.signal);
    if (options.signal?.aborted) {
      removeMadeDirs(made);
      throw new AbortedError();
    }
  }
  pausePoint('locked');
  let released = false;
  return {
    out,
    release() {
      if (released) return;
      released = true;
      try {
        unlinkSync(lock);
      } catch {
        /* already gone */
      }
      removeMadeDirs(made);
    },
  };
}

/** Directories this run created, removed again (deepest first) when nothing ended up in them. */
function removeMadeDirs(made: readonly string[]): void {
  for (const d of [...made].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (a pack was written) or gone: leave it and everything above it
    }
  }
}

// ─── The journal ─────────────────────────────────────────────────────────────────────────────────

type JournalOp = { op: 'write'; path: string; temp: string } | { op: 'remove'; path: string; hash: string };

interface Journal {
  version: 1;
  state: 'preparing' | 'committing';
  /** Directories (pack-relative) this run creates, parents first: the only ones a rollback removes. */
  dirs: string[];
  ops: JournalOp[];
}

const tempOf = (path: string): string => {
  const i = path.lastIndexOf('/');
  return `${path.slice(0, i + 1)}.${path.slice(i + 1)}${TEMP_SUFFIX}`;
};

/** Write a small file durably and atomically: temp file, fsync, rename, fsync the directory. */
function writeDurable(file: string, data: string | Uint8Array, mode = 0o666): void {
  const temp = join(dirname(file), `.${basename(file)}${TEMP_SUFFIX}`);
  try {
    unlinkSync(temp);
  } catch {
    /* none left over */
  }
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  fsyncDir(dirname(file));
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

// ─── Where a pack may go ─────────────────────────────────────────────────────────────────────────

/**
 * Refuse an output directory that would take over something that is not a pack: the current directory
 * or one above it, the project root, a `.git` directory, the home directory, or an existing non-empty
 * directory with no cocoon manifest (`--force` allows only the last). Checked on real paths, so a
 * symlink or `--out "$UNSET"` cannot slip past.
 */
export function refuseDangerousOut(out: string, context: { cwd: string; projectDir?: string; shown: string; force?: boolean }): void {
  const real = realPathOf(out);
  const cwd = realPathOf(context.cwd);
  const fix = 'Give the pack a directory of its own, e.g. --out programmes/<role> (or `out:` in cocoon.yaml).';
  const refuse = (why: string) => {
    throw new WriteError(`Refusing to write a pack into ${context.shown || '.'}: ${why}`, fix);
  };
  if (real === cwd) refuse('it is the current directory');
  if (isInside(real, cwd)) refuse('it contains the current directory');
  if (context.projectDir && real === realPathOf(context.projectDir)) refuse('it is the project root');
  if (real.split(sep).includes('.git')) refuse('it is inside a .git directory');
  const home = homedir();
  if (home && isInside(real, realPathOf(home))) refuse(real === realPathOf(home) ? 'it is your home directory' : 'it contains your home directory');
  const st = lstatOrUndefined(out);
  if (st?.isDirectory() && !context.force && !lstatOrUndefined(join(out, MANIFEST)) && !lstatOrUndefined(join(out, JOURNAL))) {
    let names: string[] = [];
    try {
      names = readdirSync(out).filter((n) => n !== LOCK);
    } catch {
      /* unreadable: the write reports it */
    }
    if (names.length)
      throw new WriteError(
        `Refusing to write a pack into ${context.shown}: it is a non-empty directory that is not a cocoon pack (no ${MANIFEST})`,
        `Choose an empty or new directory for --out (or \`out:\`), or pass --force to add a pack to this directory.`,
      );
  }
}

/** Where `cocoon report` records what it wrote in a pack (or a project), beside the pack's own manifest. */
const REPORT_MANIFEST = 'report/.cocoon-report-manifest.json';

/** Where `cocoon evidence` records what it wrote, the same way; `cocoon export` keeps one in its own folder. */
const TREE_MANIFESTS = { report: REPORT_MANIFEST, evidence: 'evidence/.cocoon-evidence-manifest.json', export: '.cocoon-export-manifest.json' } as const;

/** The manifest `cocoon report` (or evidence, or export) keeps in a tree: what it wrote before, and that plus these files. */
export function reportManifest(root: string, files: readonly OutFile[], command: keyof typeof TREE_MANIFESTS = 'report'): TreeManifest {
  const path = TREE_MANIFESTS[command];
  const { entries, corrupt } = readManifestFile(root, path);
  const hashes = contentHashes(files);
  const next = { ...entries, ...Object.fromEntries(hashes) };
  const text = `${JSON.stringify({ generator: `cocoon-cli ${command}`, files: Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1))) }, null, 2)}\n`;
  return { path, entries, text, ownsDir: false, corrupt };
}

/**
 * Write a few files into existing trees (a pack's report/ and leader/results.md, a project's report/)
 * as `comparePack(root, files, reportManifest(root, files))` decided for each: the caller has refused
 * already if anything was refused. The trees are written as one set (L3): every file of every tree is
 * first written beside its target (temp file in the target's directory), and only when all are there
 * are they renamed into place, the manifests last; a failure while staging removes the staged files and
 * leaves every tree as it was. Never through a symlink. The pack's own manifest is not touched: `cocoon
 * build` sees these files as files a person added, and leaves them alone.
 */
export function writeFilesInPlace(trees: readonly { root: string; files: readonly OutFile[]; manifest: TreeManifest; cmp: PackComparison }[]): void {
  const staged: { tmp: string; dst: string; manifest: boolean }[] = [];
  try {
    for (const { root, files, manifest, cmp } of trees) {
      if (cmp.refused.length) throw new Error(`writeFilesInPlace called with refused files: ${cmp.refused.map((r) => r.path).join(', ')}`);
      const content = new Map<string, string | Uint8Array>(files.map((f) => [f.path, f.content]));
      content.set(manifest.path, manifest.text);
      for (const path of [...cmp.create, ...cmp.update].sort()) {
        const dst = join(root, path);
        const tmp = join(dirname(dst), `.${basename(dst)}.cocoon-tmp-${process.pid}`);
        try {
          makeDirs(dirname(dst));
          writeFileSync(tmp, content.get(path)!);
          staged.push({ tmp, dst, manifest: path === manifest.path });
        } catch (e) {
          fsError(e, dst);
        }
      }
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of [...staged.filter((x) => !x.manifest), ...staged.filter((x) => x.manifest)]) {
    try {
      renameSync(s.tmp, s.dst);
    } catch (e) {
      rmSync(s.tmp, { force: true });
      fsError(e, s.dst);
    }
  }
}

/**
 * One file cocoon owns beside a user's files (`cocoon draft`'s `<stem>.draft.yaml`): refused when it is a
 * symlink or not a regular file, or when it exists without `mark` on its first line (not written by
 * cocoon) unless `force`; written whole (temp file + rename), so a reader never sees half of it.
 */
export function writeOwnedFile(file: string, content: string, options: { mark: string; shown: string; command: WritingCommand; force?: boolean }): void {
  const st = lstatOrUndefined(file);
  if (st?.isSymbolicLink()) throw refusalError([{ path: options.shown, reason: 'symlink' }], options.command);
  if (st && !st.isFile()) throw new WriteError(`Cannot write ${options.shown}: it is not a regular file`, 'Move it away and run the command again.');
  if (st && !options.force) {
    let first = '';
    try {
      first =
        readRegularFile(file, 1024 * 1024)
          .toString('utf8')
          .split('\n')[0] ?? '';
    } catch (e) {
      fsError(e, file);
    }
    if (!first.startsWith(options.mark)) throw refusalError([{ path: options.shown, reason: 'foreign' }], options.command);
  }
  const tmp = join(dirname(file), `.${basename(file)}.cocoon-tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    fsError(e, file);
  }
}
