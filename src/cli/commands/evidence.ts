import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { idFlag, intFlag, pageFormatsFlag } from '../flags.js';
import { writeCheck } from '../reporters/writes.js';
import { stopOnErrors } from '../reporters/outcome.js';
import { projectRun } from '../project.js';

export function registerEvidence(program: Command, ctx: CommandContext): void {
  program
    .command('evidence [pack-dir]')
    .description('write the AI-literacy record of each programme (evidence/ai-literacy.{md,html,json}): risks, where they are taught, records, review')
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon evidence                          # every programme of ./cocoon.yaml, and the project's register\n  cocoon evidence programmes/finance       # a pack made by cocoon plan (no cocoon.yaml needed)\n  cocoon evidence --programme finance-2027q1\n  cocoon evidence --check                  # in CI: fail when a committed record is stale\n\nThe record documents the measures taken (EU AI Act Art. 4, ISO/IEC 42001 7.2/7.3); it is not legal advice.`,
    )
    .option('--config <file>', 'project file (default: the nearest cocoon.yaml, here or above)')
    .option('--programme <id>', 'the record of one programme (no project register)')
    .option('--min-group <n>', 'hide any count drawn from fewer people than this', '5')
    .option('--format <list>', 'md,html,json', 'md,html,json')
    .option('--check', 'compute in memory and report files that are missing or out of date; write nothing')
    .option('--force', 'overwrite record files edited by hand')
    .action(
      async (packDir: string | undefined, raw: { config?: string; programme?: string; minGroup: string; format: string; check?: boolean; force?: boolean }) => {
        const { io } = ctx;
        const programme = idFlag('--programme', raw.programme);
        const minGroup = intFlag('--min-group', raw.minGroup, 1, 1000)!;
        const formats = pageFormatsFlag(raw.format);
        // The nearest cocoon.yaml, here or above, when there is one; a pack named here is found from here.
        const project = await projectRun(ctx, raw.config);
        const { evidenceProject } = await import('../../app/evidence.js');
        const outcome = await evidenceProject(
          {
            cwd: project?.cwd ?? io.cwd,
            pack: packDir === undefined ? undefined : resolve(io.cwd, packDir),
            config: project ? (raw.config ?? project.file) : raw.config,
            programme,
            minGroup,
            formats,
            check: raw.check,
            force: raw.force,
          },
          project?.ws ?? ctx.ws,
        );
        if (await stopOnErrors(ctx, outcome.diagnostics, 'responses')) return;
        for (const p of outcome.programmes) {
          const risks = [...p.data.matrix.flatMap((w) => w.risks), ...p.data.data_policy];
          const covered = risks.filter((r) => r.status === 'taught-and-checked').length;
          io.stdout.write(`${p.id}  ${p.out}/evidence/  ${covered} of ${risks.length} risks taught and checked, ${p.data.gaps.length} gaps\n`);
        }
        if (raw.check) {
          ctx.setExit(writeCheck(io, outcome.checked, 'evidence'));
          return;
        }
        ctx.setExit(0);
      },
    );
}
