import { closeSync, constants, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AbortedError, WriteError } from '../../model/errors.js';
import { lstatOrUndefined, readRegularFile } from '../load/safe-fs.js';
import { DEFAULT_LOCK_WAIT_MS, LOCK, fsError, makeDirs, pausePoint, removeMadeDirs } from './files.js';
import { checkOutDir } from './compare.js';

/** The pack lock: one writer at a time, a stale holder broken, a symlink or directory refused, every wait with a deadline and honouring signals. */

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
