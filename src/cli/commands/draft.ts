import type { Command } from 'commander';
import { hasErrors } from '../../model/diagnostics.js';
import { plural } from '../../model/text.js';
import { inert, inertLines } from '../../model/escape/terminal.js';
import type { CommandContext } from '../context.js';
import { idFlag, intFlag } from '../flags.js';
import { colorLevel } from '../io.js';
import { painter } from '../paint.js';
import { formatText } from '../reporters/text.js';

export function registerDraft(program: Command, ctx: CommandContext): void {
  program
    .command('draft <role-file>')
    .description('write a drafting brief for every missing piece of a role; with --via, draft them into <stem>.draft.yaml')
    .option('--workflow <id>', 'only this workflow')
    .option('--via <command>', 'pipe each brief to this command (e.g. "llm -m gpt-4o") and merge the YAML it prints')
    .option('--timeout <seconds>', 'stop a --via command that runs longer than this, per brief', '300')
    .option('--force', 'overwrite briefs or a draft file edited by hand')
    .addHelpText(
      'after',
      `
Examples:
  cocoon draft roles/procurement.yaml                      # briefs in drafts/procurement/
  cocoon draft roles/procurement.yaml --via "llm -m gpt-4o" --timeout 120
  cocoon draft roles/procurement.yaml --workflow bid-comparison --via "ollama run llama3.1"

Nothing is sent anywhere by cocoon: each brief goes only to the --via command's stdin. The role file is
never changed; review roles/<id>.draft.yaml and move the pieces you keep into the role.`,
    )
    .action(async (roleFile: string, raw: { workflow?: string; via?: string; timeout: string; force?: boolean }) => {
      const { io } = ctx;
      const workflow = idFlag('--workflow', raw.workflow);
      const timeoutSeconds = intFlag('--timeout', raw.timeout, 1, 3600)!;
      const { draftRole } = await import('../../app/draft.js');
      const outcome = await draftRole({ cwd: io.cwd, roleFile, workflow, via: raw.via, timeoutSeconds, force: raw.force }, ctx.ws);
      const paint = await painter(colorLevel(io, io.stdoutTTY));
      if (outcome.diagnostics.length) {
        io.stdout.write(formatText(outcome.diagnostics, { paint }));
        io.stderr.write(`Nothing was written: ${inert(outcome.role)} has errors; fix them first (\`cocoon validate ${inert(outcome.role)}\`).\n`);
        ctx.setExit(1);
        return;
      }
      if (!outcome.pieces.length) {
        io.stdout.write(`${inert(outcome.role)}: nothing is missing${workflow ? ` in ${workflow}` : ''}; every exercise runs from the page.\n`);
        ctx.setExit(0);
        return;
      }
      io.stdout.write(`${plural(outcome.pieces.length, 'drafting brief')} for ${inert(outcome.role)}:\n`);
      for (const p of outcome.pieces) io.stdout.write(`  ${inert(p.brief)}\n`);
      const via = outcome.via;
      if (!via) {
        io.stderr.write('Give each brief to your AI assistant, or run again with --via "<command>" to draft them all.\n');
        ctx.setExit(0);
        return;
      }
      for (const f of via.failed) io.stderr.write(`cocoon: ${inert(f.workflow)} ${f.piece}: the --via command failed: ${inert(f.why)}\n`);
      if (!via.file) {
        io.stderr.write('No piece came back; nothing was drafted.\n');
        ctx.setExit(1);
        return;
      }
      io.stdout.write(`\n${plural(via.drafted.length, 'piece')} drafted into ${inert(via.file)}${via.failed.length ? `, ${via.failed.length} failed` : ''}:\n`);
      for (const p of via.drafted) io.stdout.write(`  ${inert(p.workflow)} ${p.piece}\n`);
      io.stdout.write(`\n${inertLines(via.diff)}`);
      if (via.diagnostics.length) io.stdout.write(`\n${formatText(via.diagnostics, { paint })}`);
      else io.stdout.write(`\n✔ ${inert(via.file)} validates with no problems\n`);
      io.stderr.write(`The role file is unchanged: review ${inert(via.file)} and move the pieces you keep into ${inert(outcome.role)}.\n`);
      ctx.setExit(via.failed.length || hasErrors(via.diagnostics) ? 1 : 0);
    });
}
