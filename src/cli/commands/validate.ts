import type { Command } from 'commander';
import { countBySeverity } from '../../model/diagnostics.js';
import { UsageError } from '../../model/errors.js';
import { didYouMean, plural } from '../../model/text.js';
import { intFlag } from '../flags.js';
import { projectRun } from '../project.js';

const FORMATS = ['text', 'json', 'github', 'sarif'];
import type { CommandContext } from '../context.js';
import { colorLevel } from '../io.js';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate [paths...]')
    .description('lint roles, programmes and projects (default: ./cocoon.yaml, else ./roles)')
    .option('--format <format>', 'text, json, github or sarif', 'text')
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--quiet', 'report only what fails: errors, and warnings too under --strict')
    .option('--config <file>', 'the project file: validated when no paths are named; its rules: apply (default: the nearest cocoon.yaml)')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more than n warnings')
    .addHelpText(
      'after',
      `
Examples:
  cocoon validate                                  # ./cocoon.yaml, else ./roles
  cocoon validate roles/ programmes/q1.yaml --strict
  cocoon validate --format sarif > cocoon.sarif    # for a code-scanning dashboard`,
    )
    .action(async (paths: string[], raw: { format: string; strict?: boolean; quiet?: boolean; maxWarnings?: string; config?: string }) => {
      if (!FORMATS.includes(raw.format)) {
        const guess = didYouMean(raw.format, FORMATS);
        throw new UsageError(
          `--format must be text, json, github or sarif, not "${raw.format}"${guess ? `; did you mean ${guess}?` : ''}`,
          'For example --format github in a GitHub Actions job.',
        );
      }
      const maxWarnings = intFlag('--max-warnings', raw.maxWarnings, 0, 1_000_000);
      const { validateFiles } = await import('../../app/validate-paths.js');
      const { io } = ctx;
      // With no paths, the project (--config, or the nearest cocoon.yaml) is validated from its folder;
      // named paths are read from here, under the rules: of the project they are in.
      let run = { cwd: io.cwd, ws: ctx.ws, project: raw.config };
      if (!paths.length) {
        const found = await projectRun(ctx, raw.config);
        if (found) run = { cwd: found.cwd, ws: found.ws, project: found.file };
      } else if (raw.config === undefined) run.project = (await import('../../app/project.js')).findProjectFile(io.cwd);
      const outcome = validateFiles({ cwd: run.cwd, paths, project: run.project }, run.ws);
      const { errors, warnings } = countBySeverity(outcome.diagnostics);
      const tooMany = maxWarnings !== undefined && warnings > maxWarnings;
      // Past --max-warnings the warnings fail the run, as under --strict.
      const fails = (d: { severity: string }) => d.severity === 'error' || Boolean(raw.strict) || tooMany;
      // --quiet hides what does not fail the run; under --strict warnings fail, so they are shown.
      const list = raw.quiet ? outcome.diagnostics.filter(fails) : outcome.diagnostics;
      const hidden = outcome.diagnostics.length - list.length;
      if (raw.format === 'json') io.stdout.write((await import('../reporters/json.js')).formatJson(list));
      else if (raw.format === 'github') io.stdout.write((await import('../reporters/github.js')).formatGithub(list));
      else if (raw.format === 'sarif') {
        const { RULES } = await import('../../rules/index.js');
        const { VERSION } = await import('../../assets/version.js');
        io.stdout.write((await import('../reporters/sarif.js')).formatSarif(list, { version: VERSION, rules: RULES.map((r) => r.meta) }));
      } else {
        const { formatText } = await import('../reporters/text.js');
        const { painter } = await import('../paint.js');
        const text = formatText(list, { paint: await painter(colorLevel(io, io.stdoutTTY)), strict: raw.strict });
        const files = plural(outcome.files, 'file');
        const notShown = hidden ? ` (${plural(hidden, 'warning')} not shown: --quiet)` : '';
        if (text) io.stdout.write(text.replace(/\n$/, () => `${notShown}\n`));
        else io.stdout.write(hidden ? `✔ ${files} checked, no errors${notShown}\n` : `✔ ${files} checked, no problems\n`);
        io.stdout.write((await import('../reporters/readiness.js')).formatReadiness(outcome.readiness));
      }
      const failed = errors > 0 || (raw.strict && warnings > 0) || tooMany;
      if (failed && raw.format === 'github' && (errors || !tooMany)) {
        const why = errors ? plural(errors, 'error') : `${plural(warnings, 'warning')} (--strict: warnings fail)`;
        io.stderr.write(`✖ ${why} in ${plural(outcome.files, 'file')} checked\n`);
      }
      if (tooMany) io.stderr.write(`✖ ${plural(warnings, 'warning')}, more than --max-warnings ${maxWarnings} allows\n`);
      ctx.setExit(failed ? 1 : 0);
    });
}
