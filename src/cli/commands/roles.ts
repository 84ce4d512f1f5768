import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { inert } from '../../model/escape/terminal.js';
import { jsonText } from '../../model/escape/json.js';

export function registerRoles(program: Command, ctx: CommandContext): void {
  program
    .command('roles')
    .description('list built-in and local roles')
    .addHelpText('after', `\nExamples:\n  cocoon roles\n  cocoon roles --json | jq -r '.[].id'`)
    .option('--roles <dir>', 'local roles directory (default ./roles when present)')
    .option('--json', 'print as JSON')
    .action(async (raw: { roles?: string; json?: boolean }) => {
      const { listRoles } = await import('../../app/roles-list.js');
      let rolesDir = raw.roles;
      if (rolesDir === undefined) {
        // Inside a project (cocoon.yaml here or above), its roles folder holds the local roles.
        const { findProjectFile, readProjectSettings } = await import('../../app/project.js');
        const project = findProjectFile(ctx.io.cwd);
        const dir = project ? readProjectSettings(project, ctx.ws).rolesDir : undefined;
        if (dir && existsSync(dir)) rolesDir = dir;
      }
      let rows = listRoles(ctx.ws, rolesDir);
      if (raw.json) ctx.io.stdout.write(jsonText(rows));
      else {
        const idW = Math.max(4, ...rows.map((r) => r.id.length));
        const nameW = Math.max(4, ...rows.map((r) => r.name.length));
        // Names, summaries and errors come from role files: inert before they reach a terminal or a CI log.
        rows = rows.map((r) => ({
          ...r,
          id: inert(r.id),
          name: inert(r.name),
          summary: inert(r.summary ?? ''),
          error: r.error === undefined ? undefined : inert(r.error),
        }));
        const lines = rows.map(
          (r) =>
            `${r.id.padEnd(idW)}  ${r.name.padEnd(nameW)}  ${String(r.workflows).padStart(2)} workflows  ${r.source === 'local' ? '(local) ' : ''}${r.error ? `✖ ${r.error}` : r.summary}`,
        );
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
      }
      ctx.setExit(rows.some((r) => r.error) ? 1 : 0);
    });
}
