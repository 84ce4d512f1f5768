import { relative, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { didYouMean } from '../../model/text.js';
import type { CommandContext } from '../context.js';
import { jsonText } from '../../model/escape/json.js';

export function registerRules(program: Command, ctx: CommandContext): void {
  program
    .command('rules [rule-id]')
    .description('list the lint rules, or explain one')
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon rules                       # every rule, by failure mode\n  cocoon rules safety/no-norms       # why it matters, how to fix it, an example that passes`,
    )
    .option('--json', 'print as JSON')
    .action(async (id: string | undefined, raw: { json?: boolean }) => {
      const { RULES } = await import('../../rules/index.js');
      const { FAILURE_MODES } = await import('../../rules/types.js');
      // Inside a project (cocoon.yaml here or above), what its rules: make of each rule.
      const { findProjectFile, readProjectSettings } = await import('../../app/project.js');
      const { projectSettings } = await import('../../app/rule-policy.js');
      const projectFile = findProjectFile(ctx.io.cwd);
      if (projectFile) readProjectSettings(projectFile, ctx.ws);
      const settings = projectSettings(ctx.ws.policy);
      const shownProject = projectFile ? relative(ctx.io.cwd, projectFile).split(sep).join('/') : 'cocoon.yaml';
      const effective = (m: { id: string; severity: string }) => settings?.get(m.id);
      if (id) {
        const rule = RULES.find((r) => r.meta.id === id);
        if (!rule) {
          const guess = didYouMean(
            id,
            RULES.map((r) => r.meta.id),
          );
          throw new UsageError(`Unknown rule \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, 'Run `cocoon rules` for the list.');
        }
        const m = rule.meta;
        if (raw.json)
          ctx.io.stdout.write(
            jsonText({
              id: m.id,
              severity: m.severity,
              ...(effective(m) ? { project: effective(m) } : {}),
              failureMode: m.failureMode,
              description: m.description,
              hint: m.hint,
              explanation: m.explanation,
              example: m.example,
            }),
          );
        else
          ctx.io.stdout.write(
            [
              `${m.id}  (${m.severity}${m.id === 'safety/group-size' ? ' above 20, warning above 12' : ''}${effective(m) ? `; ${effective(m)} in this project, set by rules: in ${shownProject}` : ''})`,
              `Failure mode: ${FAILURE_MODES[m.failureMode]}`,
              '',
              `Fires when: ${m.description}`,
              '',
              `Why it matters: ${m.explanation}`,
              '',
              `Fix: ${m.hint}`,
              '',
              'Example that passes:',
              ...m.example.split('\n').map((l) => `    ${l}`),
              '',
            ].join('\n'),
          );
        ctx.setExit(0);
        return;
      }
      if (raw.json) {
        ctx.io.stdout.write(
          `${JSON.stringify(
            RULES.map((r) => ({
              id: r.meta.id,
              severity: r.meta.severity,
              ...(effective(r.meta) ? { project: effective(r.meta) } : {}),
              failureMode: r.meta.failureMode,
              description: r.meta.description,
            })),
            null,
            2,
          )}\n`,
        );
        ctx.setExit(0);
        return;
      }
      const width = Math.max(...RULES.map((r) => r.meta.id.length));
      const lines: string[] = [];
      for (const [mode, title] of Object.entries(FAILURE_MODES)) {
        const rules = RULES.filter((r) => r.meta.failureMode === mode);
        if (!rules.length) continue;
        lines.push(title);
        for (const r of rules) {
          // The severity the project gives it, marked, when its rules: change it.
          const set = effective(r.meta);
          lines.push(`  ${r.meta.id.padEnd(width)}  ${(set ? `${set} *` : r.meta.severity).padEnd(9)}  ${r.meta.description}`);
        }
        lines.push('');
      }
      if (settings?.size) lines.push(`* set by rules: in ${shownProject} (the rule's own severity: \`cocoon rules <id>\`)`);
      lines.push('Run `cocoon rules <id>` for why a rule matters and how to fix it.');
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
      ctx.setExit(0);
    });
}
