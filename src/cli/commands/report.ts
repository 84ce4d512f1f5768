import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { idFlag, intFlag, pageFormatsFlag } from '../flags.js';
import { writeCheck } from '../reporters/writes.js';
import { stopOnErrors } from '../reporters/outcome.js';
import { projectRun } from '../project.js';

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command('report [pack-dir]')
    .description('turn the filled forms in <pack>/responses/ into report/report.{json,md,html} and leader/results.{md,html}')
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon report programmes/finance       # a pack made by cocoon plan (no cocoon.yaml needed)\n  cocoon report --programme finance-2027q1 --min-group 5   # one programme of ./cocoon.yaml\n  cocoon report --check                  # in CI: fail when a committed report is stale`,
    )
    .option('--config <file>', 'project file (default: the nearest cocoon.yaml, here or above)')
    .option('--programme <id>', 'report one programme')
    .option('--responses <dir>', 'read the filled forms from here instead of <pack>/responses/ (with --programme)')
    .option('--min-group <n>', 'hide any number drawn from fewer people than this', '5')
    .option('--format <list>', 'md,html,json', 'md,html,json')
    .option('--check', 'compute in memory and report files that are missing or out of date; write nothing')
    .option('--force', 'overwrite report files edited by hand')
    .action(
      async (
        packDir: string | undefined,
        raw: { config?: string; programme?: string; responses?: string; minGroup: string; format: string; check?: boolean; force?: boolean },
      ) => {
        const { io } = ctx;
        const programme = idFlag('--programme', raw.programme);
        const minGroup = intFlag('--min-group', raw.minGroup, 1, 1000)!;
        const formats = pageFormatsFlag(raw.format);
        // The nearest cocoon.yaml, here or above, when there is one; a pack named here is found from here.
        const project = await projectRun(ctx, raw.config);
        const { reportProject } = await import('../../app/report.js');
        const outcome = await reportProject(
          {
            cwd: project?.cwd ?? io.cwd,
            pack: packDir === undefined ? undefined : resolve(io.cwd, packDir),
            config: project ? (raw.config ?? project.file) : raw.config,
            programme,
            responses: raw.responses,
            minGroup,
            formats,
            check: raw.check,
            force: raw.force,
          },
          project?.ws ?? ctx.ws,
        );
        if (await stopOnErrors(ctx, outcome.diagnostics, 'responses')) return;
        for (const p of outcome.programmes) {
          const last = [...p.data.check_ins].reverse().find((c) => !c.suppressed);
          io.stdout.write(
            `${p.id}  ${p.out}/report/  ${last ? `check-in ${last.n}: ${last.respondents} answered, ${last.hours_reclaimed_per_month ?? '—'} hours back a month at reported use` : `fewer than ${minGroup} answered any check-in`}\n`,
          );
        }
        if (raw.check) {
          ctx.setExit(writeCheck(io, outcome.checked, 'report'));
          return;
        }
        ctx.setExit(0);
      },
    );
}
