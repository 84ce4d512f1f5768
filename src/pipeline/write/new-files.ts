import { existsSync, lstatSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CocoonError, RefusedError, WriteError } from '../../model/errors.js';

/** Write a set of new files all-or-nothing: refuse if any exists, then temp file + rename each. */
export function writeNewFiles(cwd: string, files: { path: string; content: string; update?: boolean }[]): string[] {
  // B30: nothing is written through a symlink (`.github` linked to another repository's, a dangling link
  // where a file goes): every step of every path is looked at, the file itself included.
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const step = parts.slice(0, i).join('/');
      if (lstatSync(join(cwd, step), { throwIfNoEntry: false })?.isSymbolicLink())
        throw new WriteError(
          `Refusing to write ${f.path}: ${step} is a symlink, and cocoon does not write through links`,
          `Replace ${step} with a real ${i < parts.length ? 'directory' : 'file'}, or write the file yourself.`,
        );
    }
  }
  const existing = files.filter((f) => !f.update && existsSync(resolve(cwd, f.path))).map((f) => f.path);
  if (existing.length)
    throw new RefusedError(
      `Refusing to overwrite ${existing.join(', ')}`,
      existing,
      'cocoon never overwrites a project file; move it away first if you want a fresh one.',
    );
  try {
    for (const f of files) {
      const target = resolve(cwd, f.path);
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.cocoon-tmp-${process.pid}`;
      writeFileSync(tmp, f.content);
      renameSync(tmp, target);
    }
  } catch (e) {
    if (e instanceof CocoonError) throw e;
    throw new WriteError(`Cannot write: ${(e as Error).message}`, 'Check the directory permissions.');
  }
  return files.map((f) => f.path);
}
