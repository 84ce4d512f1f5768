import { UsageError } from '../core/errors.js';
import type { Io } from './io.js';

/** The only module that imports inquirer. Refuses without a terminal, naming the flag. */
export async function askPlan(io: Io, _flags: object): Promise<{ role: string; flags: Record<string, unknown> }> {
  if (!io.interactive) throw new UsageError('Missing --role: no terminal to ask in');
  const { select } = await import('@inquirer/prompts');
  const { listRoles } = await import('../core/roles-list.js');
  const rows = listRoles(io.cwd);
  const role = await select({ message: 'Which role?', choices: rows.map((r) => ({ name: `${r.name} — ${r.summary}`, value: r.id })) });
  return { role, flags: {} };
}
