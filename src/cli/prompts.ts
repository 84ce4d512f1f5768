import { UsageError } from '../model/errors.js';
import type { InitAnswers } from '../app/scaffold.js';
import type { Workspace } from '../app/workspace.js';
import type { Io } from './io.js';

/**
 * The only module that imports inquirer. Every question has a flag; without a terminal nothing is
 * asked and the missing flag is named instead. Ctrl-C or Esc throws ExitPromptError, which run()
 * turns into "Aborted; nothing was written." (exit 130): nothing is written before the last answer.
 */

function requireTerminal(io: Io, flag: string): void {
  if (!io.interactive) throw new UsageError(`Missing ${flag}: no terminal to ask in`);
}

/**
 * The five prompts cocoon asks with, each its own package: @inquirer/prompts would also bundle the
 * editor prompt, whose encoding tables (iconv-lite, chardet) were a third of the CLI's bundle.
 */
async function inquirer() {
  const [select, input, number, confirm, checkbox] = await Promise.all([
    import('@inquirer/select'),
    import('@inquirer/input'),
    import('@inquirer/number'),
    import('@inquirer/confirm'),
    import('@inquirer/checkbox'),
  ]);
  return { select: select.default, input: input.default, number: number.default, confirm: confirm.default, checkbox: checkbox.default };
}

export async function askPlan(
  io: Io,
  ws: Workspace,
  flags: { sessions?: number; minutes?: number; start?: string; time?: string; timezone?: string; owner?: string; sponsor?: string },
) {
  requireTerminal(io, '--role');
  const { select, input, number } = await inquirer();
  const { listRoles } = await import('../app/roles-list.js');
  const { isValidDate } = await import('../app/dates.js');
  const { DEFAULT_TIMEZONE, timeZoneProblem } = await import('../model/timezones.js');
  const rows = listRoles(ws).filter((r) => !r.error);
  const role = await select({ message: 'Which role?', choices: rows.map((r) => ({ name: `${r.name.padEnd(18)} ${r.summary}`, value: r.id })), pageSize: 12 });
  const sessions = flags.sessions ?? (await number({ message: 'How many sessions? (2–8)', default: 4, min: 2, max: 8, required: true }));
  const minutes = flags.minutes ?? (await number({ message: 'Minutes per session? (45–240)', default: 90, min: 45, max: 240, required: true }));
  const start =
    flags.start ??
    ((await input({
      message: 'Date of session 1 (YYYY-MM-DD, empty for none)?',
      validate: (v) => v === '' || isValidDate(v) || 'A real date as YYYY-MM-DD, or empty.',
    })) ||
      undefined);
  const timezone =
    flags.timezone ??
    (start ? await input({ message: 'Time zone?', default: DEFAULT_TIMEZONE, validate: (v) => timeZoneProblem(v)?.message ?? true }) : undefined);
  const sponsor = flags.sponsor ?? ((await input({ message: 'Sponsor ("Name, Title"; empty for to be named)?' })) || undefined);
  const owner = flags.owner ?? ((await input({ message: 'Business owner ("Name, Team"; empty for to be named)?' })) || undefined);
  const quote = (v: string) => (/^[\w./:-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  const parts = ['cocoon plan', `--role ${role}`, `--sessions ${sessions}`, `--minutes ${minutes}`];
  if (start) parts.push(`--start ${start}`);
  if (timezone) parts.push(`--timezone ${quote(timezone)}`);
  if (sponsor) parts.push(`--sponsor ${quote(sponsor)}`);
  if (owner) parts.push(`--owner ${quote(owner)}`);
  io.stderr.write(`To run this again without questions:\n  ${parts.join(' ')}\n`);
  return { role, flags: { sessions, minutes, start, timezone, sponsor, owner } };
}

export async function askInit(io: Io, ws: Workspace, defaults: InitAnswers, flag: string): Promise<InitAnswers> {
  requireTerminal(io, flag);
  const { input, checkbox, select, number, confirm } = await inquirer();
  const { listRoles } = await import('../app/roles-list.js');
  const { isValidDate } = await import('../app/dates.js');
  const { timeZoneProblem } = await import('../model/timezones.js');
  const rows = listRoles(ws).filter((r) => r.source === 'built-in' && !r.error);
  const org = await input({ message: 'Organisation name?', default: defaults.org });
  const timezone = await input({ message: 'Time zone?', default: defaults.timezone, validate: (v) => timeZoneProblem(v)?.message ?? true });
  const roles = await checkbox({
    message: 'Roles to start from (copied into roles/ so you can edit them)?',
    choices: rows.map((r) => ({ name: `${r.name} — ${r.summary}`, value: r.id, checked: defaults.roles.includes(r.id) })),
    required: true,
    pageSize: 12,
  });
  const role =
    roles.length === 1 ? roles[0]! : await select({ message: 'First programme: which role?', choices: roles.map((id) => ({ name: id, value: id })) });
  const start = await input({
    message: 'First programme: date of session 1 (YYYY-MM-DD, empty for none)?',
    validate: (v) => v === '' || isValidDate(v) || 'A real date as YYYY-MM-DD, or empty.',
  });
  const sessions = await number({ message: 'How many sessions? (2–8)', default: defaults.programme.sessions, min: 2, max: 8, required: true });
  const owner = await input({ message: 'Business owner ("Name, Team")?', default: defaults.programme.owner });
  const sponsor = await input({ message: 'Sponsor ("Name, Title")?', default: defaults.programme.sponsor });
  const ci = await confirm({ message: 'Add a GitHub Actions workflow that validates and checks packs?', default: defaults.ci });
  return { org, timezone, roles, programme: { role, start: start || undefined, sessions, owner, sponsor }, ci };
}

export async function askRole(io: Io, id: string, name?: string): Promise<{ name: string; audience: string[]; workflows: string[] }> {
  requireTerminal(io, '--from');
  const { input } = await inquirer();
  const display =
    name ??
    (await input({
      message: 'Display name of the role?',
      default: id
        .split('-')
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join(' '),
    }));
  const list = (v: string) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const audience = list(await input({ message: 'Job titles in the room (comma-separated)?' }));
  const workflows = list(await input({ message: 'Three or more workflows they do every week or month (comma-separated titles)?' }));
  return { name: display, audience, workflows };
}
