import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { idFlag } from '../flags.js';

export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('scaffold cocoon.yaml, roles/, a .gitignore and a CI workflow in this directory')
    .option('--yes', 'take the defaults without asking')
    .option('--templates', "copy the built-in page templates and message catalogues into the project's templates directory, to start from")
    .addHelpText(
      'after',
      `
Examples:
  cocoon init                 # asks for the organisation, roles and the first programme
  cocoon init --yes           # the defaults: finance, a pilot programme, a CI workflow
  cocoon init --templates     # in a project: templates/ with every page template and catalogue`,
    )
    .action(async (raw: { yes?: boolean; templates?: boolean }) => {
      const { io } = ctx;
      if (raw.templates) {
        const { copyTemplates } = await import('../../app/scaffold.js');
        const { dir, written, kept, setting } = copyTemplates(io.cwd);
        io.stdout.write(`Copied ${written.length} template and catalogue files into ${dir}/${kept.length ? `; kept ${kept.length} already there` : ''}\n`);
        if (setting) io.stderr.write(`note: add \`templates_dir: ${dir}\` to cocoon.yaml so builds read them.\n`);
        io.stderr.write(
          'Next: keep only the files you change (the rest then follow cocoon updates); a catalogue entry may be just the one key you change. See docs/languages.md.\n',
        );
        ctx.setExit(0);
        return;
      }
      const { INIT_DEFAULTS, initProject } = await import('../../app/scaffold.js');
      let answers = INIT_DEFAULTS;
      if (!raw.yes) {
        const { askInit } = await import('../prompts.js');
        answers = await askInit(io, ctx.ws, INIT_DEFAULTS, '--yes');
      }
      const { VERSION } = await import('../../assets/version.js');
      const { written, notes } = initProject(io.cwd, answers, VERSION);
      io.stdout.write(`Created ${written.join(', ')}\n`);
      for (const n of notes) io.stderr.write(`note: ${n}\n`);
      io.stderr.write(
        `Next: \`npm install\` (installs cocoon-cli ${VERSION}, pinned in package.json), replace the placeholders in cocoon.yaml (\`npx cocoon validate --strict\` lists them), then \`npx cocoon build\` and commit the packs.\n`,
      );
      ctx.setExit(0);
    });

  const create = program
    .command('new')
    .description('scaffold a new file')
    .addHelpText('after', `\nExamples:\n  cocoon new role payroll\n  cocoon new role treasury --from finance`);
  create
    .command('role <id>')
    .description('scaffold roles/<id>.yaml, or copy an existing role with --from')
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon new role payroll                    # asks for the workflows in a terminal\n  cocoon new role treasury --from finance    # start from a built-in role`,
    )
    .option('--from <role>', 'copy this role (built-in or local) under the new id')
    .option('--name <name>', 'display name (default: from the id)')
    .action(async (rawId: string, raw: { from?: string; name?: string }) => {
      const { io } = ctx;
      const id = idFlag('role id', rawId)!;
      const { newRole } = await import('../../app/scaffold.js');
      let details: { name?: string; audience?: string[]; workflows?: string[] } = { name: raw.name };
      if (!raw.from && io.interactive) {
        const { askRole } = await import('../prompts.js');
        details = await askRole(io, id, raw.name);
      }
      const { path } = newRole({ cwd: io.cwd, id, from: raw.from, ...details });
      io.stdout.write(`Created ${path}\n`);
      io.stderr.write(`Next: replace the TODOs with the real work; \`cocoon validate --strict ${path}\` lists the ones left.\n`);
      ctx.setExit(0);
    });
  create.exitOverride();
}
