import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema <kind>')
    .description('print the JSON Schema for role, programme or config files')
    .action(async (kind: string) => {
      if (!['role', 'programme', 'config'].includes(kind)) throw new UsageError(`Unknown schema \`${kind}\``, 'Use one of: role, programme, config.');
      const { bundledSchema } = await import('../../core/schema-bundle.js');
      ctx.io.stdout.write(`${JSON.stringify(bundledSchema(kind as 'role' | 'programme' | 'config'), null, 2)}\n`);
      ctx.setExit(0);
    });
}
