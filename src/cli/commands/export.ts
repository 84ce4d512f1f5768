import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { CommandContext } from '../context.js';
import { idFlag } from '../flags.js';
import { writeCheck } from '../reporters/writes.js';
import { stopOnErrors } from '../reporters/outcome.js';
import { noProject, projectRun } from '../project.js';

const TARGETS = ['promptfoo', 'prompt-yml', 'dotprompt'] as const;

export function registerExport(program: Command, ctx: CommandContext): void {
  const exp = program.command('export').description('export part of a programme for another tool (`cocoon export prompts`)');
  exp
    .command('prompts')
    .description('the prompt library as test files: promptfoo, GitHub Models (.prompt.yml) or Dotprompt')
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon export prompts --to promptfoo --role finance          # programmes/finance/prompts/promptfoo/\n  cocoon export prompts --to prompt-yml --role roles/procurement.yaml --out .github/prompts\n  cocoon export prompts --to dotprompt --programme finance-2027q1\n  npx promptfoo eval -c programmes/finance/prompts/promptfoo/promptfooconfig.yaml --providers echo`,
    )
    .requiredOption('--to <tool>', 'promptfoo, prompt-yml or dotprompt')
    .option('--role <id|file>', 'a role: its id (built-in or in ./roles) or the path of its YAML file')
    .option('--roles <dir>', 'local roles directory (default ./roles when present)')
    .option('--programme <id>', 'a programme of the project (cocoon.yaml)')
    .option('--config <file>', 'project file, with --programme (default: the nearest cocoon.yaml, here or above)')
    .option('--out <dir>', 'where to write (default <pack>/prompts/<tool>/)')
    .option('--check', 'compute in memory and report files that are missing or out of date; write nothing')
    .option('--force', 'overwrite exported files edited by hand')
    .action(async (raw: { to: string; role?: string; roles?: string; programme?: string; config?: string; out?: string; check?: boolean; force?: boolean }) => {
      const { io } = ctx;
      if (!(TARGETS as readonly string[]).includes(raw.to)) throw new UsageError(`--to: unknown tool "${raw.to}"`, 'Tools: promptfoo, prompt-yml, dotprompt.');
      if (raw.role !== undefined && !/\.ya?ml$/.test(raw.role)) idFlag('--role', raw.role);
      const programme = idFlag('--programme', raw.programme);
      const project = programme ? ((await projectRun(ctx, raw.config)) ?? (await noProject(io.cwd))) : undefined;
      const { exportPrompts } = await import('../../app/export-prompts.js');
      const outcome = await exportPrompts(
        {
          cwd: project?.cwd ?? io.cwd,
          to: raw.to as (typeof TARGETS)[number],
          role: raw.role,
          rolesDir: raw.roles,
          programme,
          config: raw.config ?? project?.file,
          out: raw.out,
          check: raw.check,
          force: raw.force,
        },
        project?.ws ?? ctx.ws,
      );
      if (await stopOnErrors(ctx, outcome.diagnostics, 'role')) return;
      if (outcome.checked) {
        ctx.setExit(writeCheck(io, [outcome.checked], 'export'));
        return;
      }
      io.stdout.write(`${outcome.out}/  ${outcome.files.length} ${outcome.files.length === 1 ? 'file' : 'files'} for ${raw.to}\n`);
      ctx.setExit(0);
    });
}
