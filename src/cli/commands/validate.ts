import type { Command } from 'commander';
import { countBySeverity } from '../../model/diagnostics.js';
import { UsageError } from '../../model/errors.js';
import { didYouMean, plural } from '../../model/text.js';

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
    .addHelpText(
      'after',
      `
Examples:
  cocoon validate                                  # ./cocoon.yaml, else ./roles
  cocoon validate roles/ programmes/q1.yaml --strict
  cocoon validate --format sarif > cocoon.sarif    # for a code-scanning dashboard`,
    )
    .action(async (paths: string[], raw: { format: string; strict?: boolean; quiet?: boolean }) => {
      if (!FORMATS.includes(raw.format)) {
        const guess = didYouMean(raw.format, FORMATS);
        throw new UsageError(
          `--format must be text, json, github or sarif, not "${raw.format}"${guess ? `; did you mean ${guess}?` : ''}`,
          'For example --format github in a GitHub Actions job.',
        );
      }
      const { validateFiles } = await import('../../app/validate-paths.js');
      const { io } = ctx;
      const outcome = validateFiles({ cwd: io.cwd, paths }, ctx.ws);
      const { errors, warnings } = countBySeverity(outcome.diagnostics);
      const fails = (d: { severity: string }) => d.severity === 'error' || Boolean(raw.strict);
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
      }
      const failed = errors > 0 || (raw.strict && warnings > 0);
      if (failed && raw.format === 'github') {
        const why = errors ? plural(errors, 'error') : `${plural(warnings, 'warning')} (--strict: warnings fail)`;
        io.stderr.write(`✖ ${why} in ${plural(outcome.files, 'file')} checked\n`);
      }
      ctx.setExit(failed ? 1 : 0);
    });
}
