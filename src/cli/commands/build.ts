import type { Command } from 'commander';
import { hasErrors } from '../../model/diagnostics.js';
import type { BuildOutcome } from '../../app/build-project.js';
import type { CommandContext } from '../context.js';
import { audienceFlag, idFlag, langFlag, lockWaitMs } from '../flags.js';
import { colorLevel } from '../io.js';
import { painter } from '../paint.js';
import { formatCompact } from '../reporters/text.js';
import { inert } from '../../model/escape/terminal.js';
import { checkVerdict, driftLines, dryRunLines, wouldRefuse } from '../reporters/writes.js';
import { shownUnder } from '../../model/refusals.js';
import { noProject, projectRun } from '../project.js';

function table(o: BuildOutcome, check: boolean, dryRun = false): string {
  const rows = o.programmes.map((p) => {
    let status: string;
    if (check) {
      const d = p.drift!;
      const n = d.missing.length + d.changed.length + d.extra.length;
      status = n
        ? `drift: ${[d.missing.length && `${d.missing.length} missing`, d.changed.length && `${d.changed.length} changed`, d.extra.length && `${d.extra.length} extra`].filter(Boolean).join(', ')}`
        : 'up to date';
    } else {
      const w = p.write!;
      const changes = [
        w.create.length && `${w.create.length} new`,
        w.update.length && `${w.update.length} updated`,
        w.remove.length && `${w.remove.length} removed`,
      ]
        .filter(Boolean)
        .join(', ');
      status = dryRun
        ? w.refused.length
          ? `would refuse ${w.refused.length}`
          : changes
            ? `would write: ${changes}`
            : 'up to date'
        : w.wrote
          ? changes
          : 'up to date';
      if (w.keep.length) status += `; kept ${w.keep.length} edited file(s) no longer produced`;
    }
    return [inert(p.id), inert(p.role), inert(p.out), String(p.files), status];
  });
  const head = ['programme', 'role', 'out', 'files', check ? 'check' : dryRun ? 'dry run' : 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

export function registerBuild(program: Command, ctx: CommandContext): void {
  program
    .command('build')
    .description('build every programme in cocoon.yaml into its pack')
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon build                      # every programme of ./cocoon.yaml\n  cocoon build --check              # in CI: fail when a committed pack is out of date\n  cocoon build --only finance-2027q1`,
    )
    .option('--config <file>', 'project file (default: the nearest cocoon.yaml, here or above)')
    .option('--check', 'render in memory and report drift from the committed packs; write nothing')
    .option('--dry-run', 'print what would be written to each pack; write nothing')
    .option('--only <programme-id>', 'build one programme')
    .option('--force', 'overwrite hand-edited or foreign files')
    .option('--audience <who>', 'participant: only the participant pack, to <out>-participant (default: the whole pack)')
    .option('--lang <tag>', 'language of every pack: en, en-US, de or fr (default: org.language, else en)')
    .action(async (raw: { config?: string; check?: boolean; dryRun?: boolean; only?: string; force?: boolean; audience?: string; lang?: string }) => {
      const { io } = ctx;
      const only = idFlag('--only', raw.only);
      const audience = audienceFlag('--audience', raw.audience);
      const lang = langFlag('--lang', raw.lang);
      if (io.stderrTTY) io.stderr.write(raw.check ? 'Checking packs…\n' : 'Building packs…\n');
      const project = (await projectRun(ctx, raw.config)) ?? (await noProject(io.cwd));
      const { buildProject } = await import('../../app/build-project.js');
      const trap = raw.check || raw.dryRun ? undefined : io.trapInterrupts?.();
      let outcome: BuildOutcome;
      try {
        outcome = await buildProject(
          {
            cwd: project.cwd,
            config: raw.config ?? project.file,
            only,
            check: raw.check,
            dryRun: raw.dryRun && !raw.check,
            force: raw.force,
            audience,
            lang,
            signal: trap?.signal,
            lockWaitMs: lockWaitMs(io.env),
          },
          project.ws,
        );
      } finally {
        trap?.release();
      }
      const paint = await painter(colorLevel(io, io.stderrTTY));
      if (outcome.diagnostics.length) io.stderr.write(formatCompact(outcome.diagnostics, paint));
      if (hasErrors(outcome.diagnostics)) {
        io.stderr.write('Nothing was written: fix the errors above.\n');
        ctx.setExit(1);
        return;
      }
      io.stdout.write(table(outcome, Boolean(raw.check), raw.dryRun));
      if (raw.dryRun && !raw.check) {
        // Every file but the unchanged ones, under its pack, as `plan --dry-run` lists them.
        for (const p of outcome.programmes) {
          const lines = dryRunLines({ ...p.write!, unchanged: [] });
          if (lines.length) io.stdout.write(`${inert(p.out)}/\n${lines.map(inert).join('\n')}\n`);
        }
        const refused = outcome.programmes.flatMap((p) => shownUnder(p.out, p.write!.refused));
        if (refused.length) io.stderr.write(wouldRefuse(refused, 'build'));
        ctx.setExit(refused.length ? 3 : 0);
        return;
      }
      if (raw.check) {
        for (const p of outcome.programmes) io.stdout.write(driftLines(p.out, p.drift!));
        const verdict = checkVerdict(
          outcome.programmes.map((p) => ({ shown: p.out, drift: p.drift! })),
          'build',
        );
        io.stderr.write(verdict.text);
        ctx.setExit(verdict.drift ? 1 : 0);
        return;
      }
      ctx.setExit(0);
    });
}
