import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { WriteError } from '../../model/errors.js';
import { isInside, lstatOrUndefined, realPathOf } from '../load/safe-fs.js';
import { JOURNAL, LOCK, MANIFEST } from './files.js';

/** Where a pack may go: never the home folder, the project itself or a folder of files cocoon did not write. */

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
