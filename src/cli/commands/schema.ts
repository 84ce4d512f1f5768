import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { CommandContext } from '../context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema <kind>')
    .description('print the JSON Schema for role, programme or config files, or of report.json')
    .addHelpText('after', `\nExamples:\n  cocoon schema role > role.schema.json\n  cocoon schema config`)
    .action(async (kind: string) => {
      if (!['role', 'programme', 'config', 'report'].includes(kind))
        throw new UsageError(`Unknown schema \`${kind}\``, 'Use one of: role, programme, config, report.');
      if (kind === 'report') {
        const { reportSchema } = await import('../../assets/report-schema.js');
        ctx.io.stdout.write(`${JSON.stringify(reportSchema(), null, 2)}\n`);
        ctx.setExit(0);
        return;
      }
      const { bundledSchema } = await import('../../app/schema.js');
      ctx.io.stdout.write(`${JSON.stringify(bundledSchema(kind as 'role' | 'programme' | 'config'), null, 2)}\n`);
      ctx.setExit(0);
    });
}
