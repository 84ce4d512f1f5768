import { relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import { AbortedError, CocoonError, ExitCode } from '../model/errors.js';
import type { CommandContext } from './context.js';
import type { Io } from './io.js';
import { registerBuild } from './commands/build.js';
import { registerEvidence } from './commands/evidence.js';
import { registerExport } from './commands/export.js';
import { registerInit } from './commands/init.js';
import { registerPlan } from './commands/plan.js';
import { registerReport } from './commands/report.js';
import { registerDraft } from './commands/draft.js';
import { registerRoles } from './commands/roles.js';
import { registerRules } from './commands/rules.js';
import { registerSchema } from './commands/schema.js';
import { registerValidate } from './commands/validate.js';
import { VERSION } from '../assets/version.js';
import { createWorkspace } from '../app/workspace.js';
import { inert } from '../model/escape/terminal.js';
import { curlyQuoteProblem } from './flags.js';

type Outcome =
  { kind: 'exit'; code: number } | { kind: 'commander'; error: CommanderError } | { kind: 'expected'; error: CocoonError } | { kind: 'bug'; error: unknown };

/** The one place exit codes are chosen. */
function exitCodeFor(outcome: Outcome): number {
  switch (outcome.kind) {
    case 'exit':
      return outcome.code;
    case 'commander':
      // Help and --version exit 0; every parse problem is a usage error.
      return outcome.error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    case 'expected':
      return outcome.error.exitCode;
    case 'bug':
      return ExitCode.internal;
  }
}

function buildProgram(ctx: CommandContext): Command {
  const { io } = ctx;
  const program = new Command();
  program
    .name('cocoon')
    .description('Design multi-session AI-adoption programmes from the real workflows of a role.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'cocoon: ')),
    })
    .addHelpText(
      'after',
      `
Examples:
  cocoon plan --role finance
  cocoon plan --role marketing --sessions 3 --start 2027-03-23 --timezone Europe/London
  cocoon validate roles/ --format github
  cocoon rules safety/no-norms

Exit codes: 0 ok · 1 input errors or drift · 2 usage · 3 refused overwrite · 70 bug · 73 cannot write · 130 aborted`,
    );
  for (const register of [
    registerPlan,
    registerBuild,
    registerValidate,
    registerRoles,
    registerRules,
    registerSchema,
    registerInit,
    registerReport,
    registerDraft,
    registerEvidence,
    registerExport,
  ])
    register(program, ctx);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const cmd of all(program)) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = ExitCode.ok;
  const ctx: CommandContext = { io, ws: createWorkspace(io), setExit: (c) => void (code = c) };
  const program = buildProgram(ctx);
  let outcome: Outcome;
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.usage;
    }
    const curly = curlyQuoteProblem(argv);
    if (curly) throw curly;
    await program.parseAsync([...argv], { from: 'user' });
    outcome = { kind: 'exit', code };
  } catch (e) {
    if (e instanceof CommanderError) outcome = { kind: 'commander', error: e };
    else if (e instanceof CocoonError) outcome = { kind: 'expected', error: e };
    else if (isPromptAbort(e)) outcome = { kind: 'expected', error: new AbortedError() };
    else {
      const fsProblem = fileSystemError(e, io.cwd);
      outcome = fsProblem ? { kind: 'expected', error: fsProblem } : { kind: 'bug', error: e };
    }
  }
  if (outcome.kind === 'expected') {
    // Messages name paths and ids from files and flags: inert, like every value a person or a CI log reads.
    io.stderr.write(`cocoon: ${inert(outcome.error.message)}\n`);
    if (outcome.error.hint) io.stderr.write(`hint: ${inert(outcome.error.hint)}\n`);
  } else if (outcome.kind === 'bug') {
    const err = outcome.error as Error;
    io.stderr.write(`cocoon: internal error: ${inert(err?.message ?? String(err))}\n`);
    io.stderr.write(io.env.COCOON_DEBUG ? `${err?.stack ?? ''}\n` : 'set COCOON_DEBUG=1 for the stack\n');
  } else if (outcome.kind === 'commander' && outcome.error.exitCode !== 0 && !/help/.test(outcome.error.code)) {
    // Name the command that was run (`cocoon plan --help`), or its parent for `cocoon new role`.
    const names = new Set(program.commands.map((c) => c.name()));
    const command =
      outcome.error.code !== 'commander.unknownCommand' && argv[0] && names.has(argv[0])
        ? `${argv[0]} ${argv[0] === 'new' && argv[1] === 'role' ? 'role ' : ''}`
        : '';
    io.stderr.write(`Run \`cocoon ${command}--help\` for usage.\n`);
  }
  // A full disk under stdout (B22) fails the run, whatever the command made of its work.
  return io.outputFailure?.() ?? exitCodeFor(outcome);
}

/** What a file-system error code means for the path it names, in words (L8, B21). */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENAMETOOLONG: 'a file or folder name on that path is too long',
  ENOTDIR: 'a file is in the way of a folder on that path',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symlinks on that path',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EIO: 'an input/output error (a failing disk or a lost network share?)',
  EMFILE: 'too many open files',
};

/**
 * A file-system error that reached the top (an odd path: a name over 255 bytes, a file where a folder
 * should be) is not a bug: one line naming the path and what is wrong with it, exit 73.
 */
function fileSystemError(e: unknown, cwd: string): CocoonError | undefined {
  const err = e as NodeJS.ErrnoException;
  const reason = err && typeof err === 'object' && typeof err.code === 'string' ? FS_REASONS[err.code] : undefined;
  if (!reason) return undefined;
  const shown = typeof err.path === 'string' ? (relative(cwd, err.path).startsWith('..') ? err.path : relative(cwd, err.path) || '.') : 'a file';
  return new CocoonError(
    `Cannot use ${shown.length > 120 ? `${shown.slice(0, 117)}…` : shown}: ${reason}`,
    ExitCode.cannotWrite,
    'Check the paths in the command and in cocoon.yaml.',
  );
}

/** inquirer throws ExitPromptError on Ctrl-C / Esc. */
function isPromptAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}
