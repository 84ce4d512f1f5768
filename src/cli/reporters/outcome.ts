import { hasErrors, type Diagnostic } from '../../model/diagnostics.js';
import type { CommandContext } from '../context.js';
import { colorLevel } from '../io.js';
import { painter } from '../paint.js';
import { formatCompact } from './text.js';

/**
 * The diagnostics of a command that writes files beside a pack (report, evidence, export), on stderr.
 * With an error, nothing was written: it says so, naming what to fix, and sets exit 1. True when the
 * command must stop there.
 */
export async function stopOnErrors(ctx: CommandContext, diagnostics: readonly Diagnostic[], fix: 'responses' | 'role'): Promise<boolean> {
  const { io } = ctx;
  const paint = await painter(colorLevel(io, io.stderrTTY));
  if (diagnostics.length) io.stderr.write(formatCompact(diagnostics, paint));
  if (!hasErrors(diagnostics)) return false;
  io.stderr.write(`Nothing was written: fix the ${fix} above.\n`);
  ctx.setExit(1);
  return true;
}
