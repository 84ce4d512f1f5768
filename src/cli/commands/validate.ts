import type { Command } from 'commander';
import { countBySeverity } from '../../model/diagnostics.js';
import { UsageError } from '../../model/errors.js';
import { plural } from '../../model/text.js';
import type { CommandContext } from '../context.js';
import { colorLevel } from '../io.js';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate [paths...]')
    .description('lint roles, programmes and projects (default: ./cocoon.yaml, else ./roles)')
    .option('--format <format>', 'text, json or github', 'text')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--quiet', 'report errors only')
    .action(async (paths: string[], raw: { format: string; strict?: boolean; quiet?: boolean }) => {
      if (!['text', 'json', 'github'].includes(raw.format)) throw new UsageError(`--format must be text, json or github, not "${raw.format}"`);
      const { validateFiles } = await import('../../app/validate-paths.js');
      const { io } = ctx;
      const outcome = validateFiles({ cwd: io.cwd, paths });
      const list = raw.quiet ? outcome.diagnostics.filter((d) => d.severity === 'error') : outcome.diagnostics;
      if (raw.format === 'json') io.stdout.write((await import('../reporters/json.js')).formatJson(list));
      else if (raw.format === 'github') io.stdout.write((await import('../reporters/github.js')).formatGithub(list));
      else {
        const { formatText } = await import('../reporters/text.js');
        const { painter } = await import('../paint.js');
        const text = formatText(list, { paint: await painter(colorLevel(io, io.stdoutTTY)) });
        io.stdout.write(text || `✔ ${plural(outcome.files, 'file')} checked, no problems\n`);
      }
      const { errors, warnings } = countBySeverity(outcome.diagnostics);
      ctx.setExit(errors > 0 || (raw.strict && warnings > 0) ? 1 : 0);
    });
}
