import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { PlanOptions, PlanOutcome } from '../../app/plan-role.js';
import { hasErrors } from '../../model/diagnostics.js';
import { plural } from '../../model/text.js';
import { inert } from '../../model/escape/terminal.js';
import type { CommandContext } from '../context.js';
import { parseFacilitators } from '../../model/people.js';
import { audienceFlag, langFlag, dateFlag, deliveryFlag, formatsFlag, idFlag, idListFlag, intFlag, lockWaitMs, timeFlag, zoneFlag } from '../flags.js';
import { colorLevel } from '../io.js';
import { painter } from '../paint.js';
import { formatCompact } from '../reporters/text.js';
import { dryRunLines, wouldRefuse } from '../reporters/writes.js';
import { shownUnder } from '../../model/refusals.js';
import { jsonText } from '../../model/escape/json.js';

interface RawPlanFlags {
  role?: string;
  roles?: string;
  sessions?: string;
  minutes?: string;
  every?: string;
  start?: string;
  time?: string;
  timezone?: string;
  groupSize?: string;
  workflows?: string;
  capstone?: string;
  owner?: string;
  sponsor?: string;
  facilitators?: string;
  org?: string;
  out?: string;
  format?: string;
  delivery?: string;
  location?: string;
  sponsorEvents?: boolean;
  audience?: string;
  lang?: string;
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
  allPrompts?: boolean;
}

async function parsePlanFlags(raw: RawPlanFlags, cwd: string): Promise<Omit<PlanOptions, 'role'> & { role?: string }> {
  return {
    cwd,
    role: idFlag('--role', raw.role),
    rolesDir: raw.roles,
    sessions: intFlag('--sessions', raw.sessions, 2, 8),
    minutes: intFlag('--minutes', raw.minutes, 45, 240),
    every: intFlag('--every', raw.every, 1, 90),
    start: await dateFlag('--start', raw.start),
    time: timeFlag('--time', raw.time),
    timezone: await zoneFlag('--timezone', raw.timezone),
    groupSize: intFlag('--group-size', raw.groupSize, 1, 1000),
    workflows: idListFlag('--workflows', raw.workflows),
    capstone: idFlag('--capstone', raw.capstone),
    allPrompts: raw.allPrompts,
    owner: raw.owner,
    facilitators: raw.facilitators === undefined ? undefined : facilitatorsFlag(raw.facilitators),
    sponsor: raw.sponsor,
    org: raw.org,
    out: raw.out,
    formats: formatsFlag('--format', raw.format),
    delivery: deliveryFlag('--delivery', raw.delivery),
    location: raw.location,
    sponsorEvents: raw.sponsorEvents,
    audience: audienceFlag('--audience', raw.audience),
    lang: langFlag('--lang', raw.lang),
    dryRun: raw.dryRun,
    force: raw.force,
  };
}

/** --facilitators "Name, Team; Name, Team": at least one name, each with a name before its comma. */
function facilitatorsFlag(value: string) {
  const list = parseFacilitators(value);
  if (!list.length || list.some((f) => !f.name))
    throw new UsageError(
      `--facilitators: expected "Name, Team; Name, Team", got "${value}"`,
      'Separate people with semicolons and each name from its team with a comma, e.g. --facilitators "Sam Ortiz, FP&A; Lee Chen, Finance Systems".',
    );
  return list;
}

function summary(o: PlanOutcome, dryRun: boolean): string {
  const p = o.planned!;
  const w = o.write!;
  const lines: string[] = [];
  const verb = dryRun ? 'Would write' : w.wrote ? 'Wrote' : 'Up to date:';
  lines.push(`${verb} ${o.out}/ — ${p.title} (${plural(o.files.length, 'file')})`);
  const first = p.sessions[0];
  const when = p.schedule.start && first ? `from ${first.dateLabel}, ${p.schedule.time} ${p.schedule.timezone}` : `at ${p.schedule.time}, no start date`;
  lines.push(`  ${plural(p.sessions.length, 'session')} · every ${p.schedule.every} days · ${when}`);
  for (const s of p.sessions)
    lines.push(`  ${String(s.number).padStart(2)}. ${s.dateLabel ? `${s.shortLabel} ` : `week ${s.week} `}${s.start}–${s.end}  ${s.title}`);
  for (const c of p.checkIns) lines.push(`      ${c.shortLabel ? `${c.shortLabel} ` : ''}check-in +${c.afterDays} days`);
  if (p.capstone) lines.push(`  Capstone: ${p.capstone.title}`);
  if (dryRun) {
    lines.push(...dryRunLines(w));
  } else if (w.keep.length) lines.push(`  Kept (edited by hand, no longer produced): ${w.keep.join(', ')}`);
  const entry = ['README.md', 'index.html', 'calendar.ics'].find((f) => o.files.some((x) => x.path === f)) ?? o.files[0]?.path;
  if (!dryRun && entry) lines.push(`  Start with ${o.out}/${entry}`);
  // Titles, labels and paths come from role files and flags: inert before they reach a terminal or a CI log.
  return `${lines.map(inert).join('\n')}\n`;
}

function jsonOutcome(o: PlanOutcome): unknown {
  const p = o.planned;
  return {
    programme: p
      ? {
          id: p.id,
          title: p.title,
          role: p.role.id,
          out: o.out,
          schedule: p.schedule,
          workflows: p.workflowIds,
          capstone: p.capstoneId ?? null,
          sessions: p.sessions.map((s) => ({
            number: s.number,
            title: s.title,
            date: s.date ?? null,
            week: s.week,
            start: s.start,
            end: s.end,
            startUtc: s.startUtc ?? null,
            minutes: s.minutes,
            practice: s.practiceIds,
            blocks: s.blocks.map((b) => ({ kind: b.kind, title: b.title, start: b.start, end: b.end, minutes: b.minutes, workflow: b.workflowId ?? null })),
          })),
          checkIns: p.checkIns.map((c) => ({ afterDays: c.afterDays, date: c.date ?? null, start: c.start, minutes: c.minutes })),
        }
      : null,
    files: o.write
      ? [
          ...o.write.create.map((path) => ({ path, status: 'create' })),
          ...o.write.update.map((path) => ({ path, status: 'update' })),
          ...o.write.unchanged.map((path) => ({ path, status: 'unchanged' })),
          ...o.write.remove.map((path) => ({ path, status: 'remove' })),
        ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      : [],
    written: o.write?.wrote ?? false,
    diagnostics: o.diagnostics,
  };
}

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('plan one role into a programme pack')
    // A word without a flag (`cocoon plan finance`) is answered below, not with commander's "too many arguments".
    .allowExcessArguments(true)
    .addHelpText(
      'after',
      `\nExamples:\n  cocoon plan --role finance\n  cocoon plan --role marketing --sessions 3 --start 2027-03-23 --timezone Europe/London\n  cocoon plan --role finance --sponsor "Dana Lee, CFO" --owner "Priya Shah, Finance Operations" --dry-run`,
    )
    .option('--role <id>', 'role id (built-in or in --roles)')
    .option('--roles <dir>', 'local roles directory (default ./roles when present; local beats built-in)')
    .option('--sessions <n>', 'number of sessions, 2–8 (default 4)')
    .option('--minutes <n>', 'minutes per session, 45–240 (default 90)')
    .option('--every <days>', 'days between sessions (default 7)')
    .option('--start <YYYY-MM-DD>', 'date of session 1; adds dates and a calendar')
    .option('--time <HH:MM>', 'local start time (default 09:30)')
    .option('--timezone <IANA>', 'time zone, e.g. Europe/London (default UTC)')
    .option('--group-size <n>', 'participants per group (default 8)')
    .option('--workflows <id,id>', "workflows to teach (default: the capstone's, the essential ones, then file order, as many as fit)")
    .option('--capstone <id>', "capstone (default: the role's first)")
    .option('--all-prompts', 'the prompt library lists every prompt of the role, not only those of taught workflows')
    .option('--owner <"name, team">', 'business owner')
    .option('--sponsor <"name, title">', 'senior sponsor')
    .option('--facilitators <"name, team; name, team">', 'facilitators from the function, separated by semicolons')
    .option('--org <name>', 'organisation name')
    .option('--out <dir>', 'output directory (default programmes/<role>)')
    .option('--format <list>', 'md,html,ics,slides,prompts,docx,scorm (default md,html; ics too when --start is given)')
    .option('--delivery <mode>', 'room, remote or hybrid (default room)')
    .option('--location <text>', 'the room, or the meeting link for remote sessions (calendar LOCATION)')
    .option('--sponsor-events', "also write leader/calendar.ics with the sponsor's slots")
    .option('--audience <who>', 'participant: only the participant pack, to a separate folder (default: the whole pack)')
    .option('--lang <tag>', "language of the pack: en, en-US, de or fr (default en); the role's own text stays as written")
    .option('--dry-run', 'print what would be written; write nothing')
    .option('--force', 'overwrite hand-edited or foreign files')
    .option('--json', 'print the plan as JSON on stdout')
    .action(async (raw: RawPlanFlags, cmd: Command) => {
      const { io } = ctx;
      if (cmd.args.length) {
        const [word] = cmd.args;
        const id = word!.trim().toLowerCase();
        throw new UsageError(
          `Unexpected argument "${word}"${/^[a-z][a-z0-9-]{0,62}$/.test(id) && raw.role === undefined ? `; did you mean \`--role ${id}\`?` : ''}`,
          '`cocoon plan` takes everything as flags: cocoon plan --role <id> [--sessions <n>] …; `cocoon plan --help` lists them.',
        );
      }
      const flags = await parsePlanFlags(raw, io.cwd);
      let role = flags.role;
      if (!role) {
        if (!io.interactive) throw new UsageError('Missing --role: no terminal to ask in', 'Run `cocoon plan --role <id>`; `cocoon roles` lists them.');
        const { askPlan } = await import('../prompts.js');
        const answers = await askPlan(io, ctx.ws, flags);
        Object.assign(flags, answers.flags);
        role = answers.role;
      }
      if (flags.formats?.includes('ics') && !flags.start)
        throw new UsageError(
          '--format ics needs --start: a calendar needs dates',
          'Add --start YYYY-MM-DD (e.g. --start 2027-03-16), or leave ics out of --format.',
        );
      const { planPack } = await import('../../app/plan-role.js');
      // Inside a project (cocoon.yaml here or above) its rules: apply and its roles are the local ones.
      const project = (await import('../../app/project.js')).findProjectFile(io.cwd);
      const trap = flags.dryRun ? undefined : io.trapInterrupts?.();
      let outcome: PlanOutcome;
      try {
        outcome = await planPack({ ...flags, role, project, signal: trap?.signal, lockWaitMs: lockWaitMs(io.env) }, ctx.ws);
      } finally {
        trap?.release();
      }
      const paint = await painter(colorLevel(io, io.stderrTTY));
      for (const n of outcome.notes) io.stderr.write(`note: ${inert(n)}\n`);
      if (outcome.diagnostics.length) io.stderr.write(formatCompact(outcome.diagnostics, paint));
      if (raw.json) io.stdout.write(jsonText(jsonOutcome(outcome)));
      if (hasErrors(outcome.diagnostics)) {
        io.stderr.write(`Nothing was written: fix the errors above.\n`);
        ctx.setExit(1);
        return;
      }
      if (!raw.json) io.stdout.write(summary(outcome, Boolean(flags.dryRun)));
      const refused = outcome.write?.refused ?? [];
      if (flags.dryRun && refused.length) {
        // The dry run answers what the real run would do: it would refuse (exit 3), so this says so too, in its words.
        io.stderr.write(wouldRefuse(shownUnder(outcome.out, refused), 'plan'));
        ctx.setExit(3);
        return;
      }
      ctx.setExit(0);
    });
}
