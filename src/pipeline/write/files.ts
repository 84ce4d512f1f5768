import { createHash } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CocoonError, WriteError } from '../../model/errors.js';
import { NotRegularFileError, fsyncDir, lstatOrUndefined, readRegularFile } from '../load/safe-fs.js';

/** The files of a pack as cocoon holds them (bytes and hashes), the names of its own files in a pack, and the durable-write primitives every writer shares. */

export const MANIFEST = '.cocoon-manifest.json';
/** Held while a run writes the pack: `{ pid, start }` of the writer, created with O_EXCL. */
export const LOCK = '.cocoon-lock';
/** What a run is doing to the pack; the next run completes (committing) or rolls back (preparing) it. */
export const JOURNAL = '.cocoon-journal.json';
export const TEMP_SUFFIX = '.cocoon-tmp';
/** A pack file larger than this is not one cocoon wrote: it is reported as edited, never read whole. */
const MAX_PACK_FILE = 64 * 1024 * 1024;
export const MAX_MANIFEST = 16 * 1024 * 1024;
export const DEFAULT_LOCK_WAIT_MS = 3000;

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

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A file's hash, kept on the file the first time it is asked for: a file's content is never changed in place. */
const fileHash = (f: OutFile): string => (f.hash ??= sha256(f.content));

export const contentHashes = (files: readonly OutFile[]): Map<string, string> => new Map(files.map((f) => [f.path, fileHash(f)]));

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
export function manifestText(files: readonly OutFile[]): string {
  const hashes = contentHashes(files);
  const entries = [...hashes.keys()].sort().map((path): [string, string] => [path, hashes.get(path)!]);
  return `${JSON.stringify({ generator: 'cocoon-cli', files: Object.fromEntries(entries) }, null, 2)}\n`;
}

export function fsError(e: unknown, what: string): never {
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
export function pausePoint(name: string): void {
  const want = process.env.COCOON_TEST_PAUSE_AT;
  if (!want || want !== name) return;
  writeSync(2, `cocoon: paused at ${name}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.COCOON_TEST_PAUSE_MS) || 30_000);
}

/** A pack file's bytes, or undefined when it is missing, not a regular file, a symlink, or too large to be ours. */
export function readPackFile(path: string): Buffer | undefined {
  try {
    return readRegularFile(path, MAX_PACK_FILE, { noFollow: true });
  } catch (e) {
    if (e instanceof NotRegularFileError || ['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
}

/** mkdir -p one level at a time (Node's recursive mkdir reports EROFS as ENOENT); returns what it made. */
export function makeDirs(dir: string): string[] {
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

/** Directories this run created, removed again (deepest first) when nothing ended up in them. */
export function removeMadeDirs(made: readonly string[]): void {
  for (const d of [...made].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (a pack was written) or gone: leave it and everything above it
    }
  }
}

export const tempOf = (path: string): string => {
  const i = path.lastIndexOf('/');
  return `${path.slice(0, i + 1)}.${path.slice(i + 1)}${TEMP_SUFFIX}`;
};

/** Write a small file durably and atomically: temp file, fsync, rename, fsync the directory. */
export function writeDurable(file: string, data: string | Uint8Array, mode = 0o666): void {
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
