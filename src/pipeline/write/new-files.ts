import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CocoonError, RefusedError, WriteError } from '../../model/errors.js';

/** Write a set of new files all-or-nothing: refuse if any exists, then temp file + rename each. */
export function writeNewFiles(cwd: string, files: { path: string; content: string; update?: boolean }[]): string[] {
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
