import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * File-system primitives that input cannot turn against cocoon: reads that refuse devices, FIFOs and
 * oversized files without blocking, and containment checks made on real paths (through symlinks), not
 * on strings.
 */

/** lstat, or undefined when nothing is there (without the cost of throwing and catching ENOENT). */
export const lstatOrUndefined = (path: string) => lstatSync(path, { throwIfNoEntry: false });

export class NotRegularFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'not-file' | 'too-large' | 'symlink',
    readonly size?: number,
  ) {
    super(reason === 'too-large' ? `${path} is larger than cocoon reads` : reason === 'symlink' ? `${path} is a symlink` : `${path} is not a regular file`);
  }
}

/**
 * The bytes of a regular file of at most `cap` bytes. Opened with O_NONBLOCK so a FIFO cannot hang the
 * open, then checked on the open descriptor (no race between the check and the read): a FIFO, socket,
 * device or directory is a NotRegularFileError, as is a file over the cap (read at most cap + 1 bytes,
 * so /dev/zero behind a link or a file growing under us cannot make the read unbounded).
 * `noFollow` refuses a symlink as the last component.
 */
export function readRegularFile(path: string, cap: number, options: { noFollow?: boolean } = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  } catch (e) {
    if (options.noFollow && (e as NodeJS.ErrnoException).code === 'ELOOP') throw new NotRegularFileError(path, 'symlink');
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotRegularFileError(path, 'not-file');
    if (st.size > cap) throw new NotRegularFileError(path, 'too-large', st.size);
    const chunks: Buffer[] = [];
    let total = 0;
    let want = Math.min(st.size, cap) + 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(want);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > cap) throw new NotRegularFileError(path, 'too-large', total);
      want = Math.min(1 << 20, cap + 1 - total);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** Whether `p` is `root` or below it (both absolute, already resolved the same way). */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Where a path really leads: realpath of its deepest existing ancestor, then the missing rest. A path
 * whose existing part runs through a symlink resolves to the link's target, so a containment check on
 * the result cannot be fooled by `linkdir/pack`.
 */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  for (let d = abs; ; d = dirname(d)) {
    try {
      return join(realpathSync(d), ...rest.reverse());
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      if (dirname(d) === d) return abs;
      rest.push(basename(d));
    }
  }
}

/** `p` stays inside `root` once both are resolved through symlinks. */
export const staysInside = (root: string, p: string): boolean => isInside(realPathOf(root), realPathOf(p));

/** fsync a directory so a rename or unlink in it survives a power cut (best effort where unsupported). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    /* some file systems cannot fsync a directory; the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A pack-relative path as stored in a manifest or journal: forward slashes, no empty, `.` or `..`
 * segment, not absolute, no backslash or NUL. Anything else (`../../x`) is not a path cocoon wrote.
 */
export function isSafeRelative(p: unknown): p is string {
  if (typeof p !== 'string' || p === '' || p.length > 1024 || p.startsWith('/') || /[\\\0]/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
