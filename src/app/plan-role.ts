import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readProjectSettings } from './project.js';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { InterruptedError, UsageError, WriteError } from '../model/errors.js';
import { discoverRoles, displayPath, type RoleEntry } from '../pipeline/load/load.js';
import type { Delivery, Format, Person, Programme, Role } from '../model/model.js';
import { isCascade, parsePerson } from '../model/people.js';
import { finish, governed, isParticipantFile, loadRoleOnce, planAndLint, renderPack, signalsDelivered, type Audience } from './stages.js';
import type { Workspace } from './workspace.js';
import { DEFAULTS, type PlannedProgramme } from '../pipeline/plan/plan.js';
import { nearestShapes, shapeFlags, shapeLabel, shapeProblem, type Shape } from '../model/shape.js';
import type { Lang } from '../model/lang.js';
import { virtualSource } from '../model/loc.js';
import { withCalendarHistory } from './calendar-history.js';
import { didYouMean } from '../model/text.js';
import { staysInside } from '../pipeline/load/safe-fs.js';
import {
  asBytes,
  comparePack,
  packManifest,
  recoverIfInterrupted,
  refuseDangerousOut,
  writePack,
  type OutFile,
  type WriteResult,
} from '../pipeline/write/write.js';

/** The name diagnostics about the command line's own values carry as their file. */
const FLAGS_SOURCE = 'cocoon plan';

/** The flag behind a rule's report on the programme the flags describe (plan has no file to point into). */
const FLAG_OF_RULE: Readonly<Record<string, string>> = {
  // The only schema problem a valid set of flags can have: a start time a summer-time change skips or repeats.
  schema: '--time',
  'safety/group-size': '--group-size',
  'follow-through/gap': '--every',
  'follow-through/cadence': '--every',
  'follow-through/single-session': '--sessions',
  'project/too-short': '--sessions',
  'time/overrun': '--minutes',
  'time/squeezed': '--minutes',
  'time/long-stretch': '--minutes',
  'time/no-break': '--minutes',
  'time/hands-on-ratio': '--minutes',
  'leadership/no-sponsor': '--sponsor',
  'ownership/no-owner': '--owner',
  'ownership/it-led': '--owner',
  'content/placeholder': '--sponsor',
};

export interface PlanOptions {
  cwd: string;
  role: string;
  rolesDir?: string;
  /** The project the run is in (the nearest cocoon.yaml): its `rules:` apply, and its roles folder is the default for --roles. */
  project?: string;
  sessions?: number;
  minutes?: number;
  every?: number;
  start?: string;
  time?: string;
  timezone?: string;
  groupSize?: number;
  workflows?: string[];
  capstone?: string;
  allPrompts?: boolean;
  owner?: string;
  sponsor?: string;
  /** From `--facilitators "Name, Team; Name, Team"`. */
  facilitators?: Person[];
  org?: string;
  out?: string;
  formats?: Format[];
  delivery?: Delivery;
  location?: string;
  sponsorEvents?: boolean;
  /** `participant`: write only the participant pack (handouts, decks, library, practice, project, check-ins, calendar). */
  audience?: Audience;
  /** The pack's language (--lang): en (default), en-US, de, fr. */
  lang?: Lang;
  dryRun?: boolean;
  force?: boolean;
  /** Aborted on SIGINT/SIGTERM: the pack is finished or not begun, then the run stops with exit 130. */
  signal?: AbortSignal;
  lockWaitMs?: number;
}

export interface PlanOutcome {
  planned?: PlannedProgramme;
  diagnostics: Diagnostic[];
  out: string;
  files: OutFile[];
  /** What the write did, or (--dry-run) what it would do; paths are relative to the pack. */
  write?: WriteResult;
  notes: string[];
}

/** The local roles directory: --roles, else ./roles when it exists. */
export function localRolesDir(cwd: string, rolesDir?: string): string | undefined {
  if (rolesDir) return resolve(cwd, rolesDir);
  const d = resolve(cwd, 'roles');
  return existsSync(d) ? d : undefined;
}

function findRole(entries: RoleEntry[], id: string): RoleEntry {
  const entry = entries.find((e) => e.id === id);
  if (entry) return entry;
  const guess = didYouMean(
    id,
    entries.map((e) => e.id),
  );
  throw new UsageError(
    `Unknown role \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
    `Known roles: ${entries.map((e) => e.id).join(', ')}. Add your own as roles/${id}.yaml (\`cocoon new role ${id}\`).`,
  );
}

/** Who is "to be named" when no flag names them. A cascade role's participants are the senior leaders, so its sponsor is whoever commissions it, not "a senior leader in Leadership". */
async function unnamed(role: Role, lang: Lang = 'en'): Promise<{ owner: Person; sponsor: Person }> {
  const { loadMessages } = await import('../pipeline/render/messages.js');
  const { t } = await loadMessages(lang);
  if (isCascade(role))
    return {
      owner: { name: 'To be named', team: t('plan.unnamed.cascadeOwnerTeam'), tbd: true },
      sponsor: { name: 'To be named', title: t('plan.unnamed.cascadeSponsorTitle'), tbd: true },
    };
  return {
    owner: { name: 'To be named', team: role.name, tbd: true },
    sponsor: { name: 'To be named', title: t('plan.unnamed.sponsorTitle', { role: role.name }), tbd: true },
  };
}

/**
 * A shape the planner cannot design without warning about its own output is a bad flag value (exit 2),
 * named with the nearest shape it does design (src/model/shape.ts; docs/planner.md "Shapes").
 */
function refuseShape(shape: Shape): void {
  const problem = shapeProblem(shape);
  if (!problem) return;
  const asked = `--sessions ${shape.sessions} --minutes ${shape.minutes} --every ${shape.every}`;
  const near = nearestShapes(shape).map((n) => `${shapeLabel(n)} (${shapeFlags(shape, n)})`);
  throw new UsageError(`${asked}: ${problem}`, `The nearest shape the planner designs: ${near.join(', or ')}. docs/planner.md lists every shape and why.`);
}

/** cocoon plan: one role → one pack. Flags were checked by the CLI; ids are checked here against the role. */
export async function planPack(o: PlanOptions, ws: Workspace): Promise<PlanOutcome> {
  const settings = o.project ? readProjectSettings(o.project, ws) : undefined;
  const projectRoles = !o.rolesDir && settings?.rolesDir && existsSync(settings.rolesDir) ? settings.rolesDir : undefined;
  const localDir = projectRoles ?? localRolesDir(o.cwd, o.rolesDir);
  if (o.rolesDir && !existsSync(localDir!))
    throw new UsageError(`--roles: directory ${o.rolesDir} does not exist`, 'Point --roles at a directory of role YAML files.');
  const entry = findRole(discoverRoles(localDir), o.role);
  refuseShape({ sessions: o.sessions ?? DEFAULTS.sessions, minutes: o.minutes ?? DEFAULTS.minutes, every: o.every ?? DEFAULTS.every });
  // The participant pack goes to its own folder, so sharing it can never share the facilitator's notes.
  const out = resolve(o.cwd, o.out ?? `programmes/${o.role}${o.audience === 'participant' ? '-participant' : ''}`);
  const shownOut = displayPath(out, o.cwd);
  // --out is the user's choice, but never the directory they stand in, one above it, home or .git; the
  // default programmes/<role> must stay in the current directory even through a symlinked programmes/.
  refuseDangerousOut(out, { cwd: o.cwd, shown: o.out ?? shownOut, force: o.force });
  if (o.out === undefined && !staysInside(o.cwd, out))
    throw new WriteError(
      `Refusing to write a pack into ${shownOut}: it leads outside the current directory through a symlink`,
      'Replace the symlink with a directory, or pass --out explicitly.',
    );
  // --roles is trusted as given, and its files must not link out of it; ./roles must stay in the current directory.
  // A project's roles folder must stay in the project.
  const { loaded } = loadRoleOnce(ws, entry.file, entry.builtin ? undefined : o.rolesDir ? localDir : projectRoles ? dirname(o.project!) : o.cwd);
  const found = [...(settings?.diagnostics ?? []), ...loaded.diagnostics];
  if (!loaded.role || !loaded.at || hasErrors(governed(found, ws))) return { diagnostics: finish(found, ws), out: shownOut, files: [], notes: [] };
  const role = loaded.role;
  const notes: string[] = [];

  if (!o.owner || !o.sponsor)
    notes.push(
      `No ${[!o.owner && '--owner', !o.sponsor && '--sponsor'].filter(Boolean).join(' or ')} given: the pack says "to be named". Pass --sponsor "Name, Title" and --owner "Name, Team" to name them.`,
    );

  const placeholders = o.owner && o.sponsor ? undefined : await unnamed(role, o.lang);
  const programme: Programme = {
    id: role.id,
    role: role.id,
    owner: o.owner ? parsePerson(o.owner, 'team') : placeholders!.owner,
    sponsor: o.sponsor ? parsePerson(o.sponsor, 'title') : placeholders!.sponsor,
    ...(o.facilitators?.length ? { facilitators: o.facilitators } : {}),
    group_size: o.groupSize,
    workflows: o.workflows,
    capstone: o.capstone,
    ...(o.allPrompts ? { prompt_library: 'all' as const } : {}),
    schedule: { start: o.start, time: o.time, timezone: o.timezone, every: o.every, minutes: o.minutes, sessions: o.sessions },
    formats: o.formats,
    ...(o.delivery ? { delivery: o.delivery } : {}),
    ...(o.location ? { location: o.location } : {}),
    ...(o.sponsorEvents ? { sponsor_events: true } : {}),
  };
  const { planned, diagnostics } = planAndLint(
    {
      role,
      roleAt: loaded.at,
      programme,
      at: { source: virtualSource(FLAGS_SOURCE), path: [] },
      org: o.org ? { name: o.org } : undefined,
    },
    ws,
    { lang: o.lang },
  );
  const all = finish([...found, ...diagnostics], ws);
  // An id in --workflows or --capstone that the role lacks is ref/unresolved's to find and word, as in
  // cocoon.yaml; from a flag it is a bad flag value, which DESIGN.md makes a usage error (exit 2) naming the flag.
  const badFlag = all.find((d) => d.file === FLAGS_SOURCE && d.rule === 'ref/unresolved' && d.severity === 'error');
  if (badFlag) throw new UsageError(`${badFlag.message.startsWith('Capstone') ? '--capstone' : '--workflows'}: ${badFlag.message}`, badFlag.hint);
  // Any other error about the programme the flags describe is a bad flag value too: a usage error naming
  // the flag, never a file:line of a file that does not exist. Warnings name the flag where a file would be.
  const fromFlags = all.find((d) => d.file === FLAGS_SOURCE && d.severity === 'error');
  if (fromFlags) {
    const flag = FLAG_OF_RULE[fromFlags.rule];
    throw new UsageError(`${flag ?? 'cocoon plan'}: ${fromFlags.message} (${fromFlags.rule})`, fromFlags.hint);
  }
  for (const [i, d] of all.entries()) if (d.file === FLAGS_SOURCE) all[i] = { ...d, file: `cocoon plan ${FLAG_OF_RULE[d.rule] ?? ''}`.trim() };
  if (o.start && !o.timezone)
    notes.push(
      `--start without --timezone: the sessions are at ${planned.schedule.time} ${planned.schedule.timezone}. For local time and its summer time, add --timezone, e.g. --timezone Europe/London.`,
    );
  if (hasErrors(all)) return { planned, diagnostics: all, out: shownOut, files: [], notes };
  // A plan pack has no project: its pages tell the trainer to name the pack.
  planned.reportCommand = `cocoon report ${shownOut.includes(' ') ? `"${shownOut}"` : shownOut}`;
  if (planned.formats.includes('ics') && !planned.schedule.start) notes.push('--format ics: no calendar without --start (the sessions have no dates yet).');
  let files = asBytes(await renderPack(planned, planned.formats, ws, { audience: o.audience, lang: o.lang }));
  const wait = { waitMs: o.lockWaitMs, shown: shownOut, signal: o.signal };
  if (o.dryRun) {
    await recoverIfInterrupted(out, wait);
    files = withCalendarHistory(out, files);
    const cmp = comparePack(out, files, packManifest(out, files), { force: o.force });
    return { planned, diagnostics: all, out: shownOut, files, write: { ...cmp, wrote: false }, notes };
  }
  await signalsDelivered();
  if (o.signal?.aborted) throw new InterruptedError(0, 0);
  const write = await writePack(out, files, {
    command: 'plan',
    force: o.force,
    ...wait,
    prepare: (f) => (files = withCalendarHistory(out, f)),
    owns: o.audience === 'participant' ? isParticipantFile : undefined,
  });
  await signalsDelivered();
  if (o.signal?.aborted) throw new InterruptedError(write.wrote ? 1 : 0, write.wrote ? 0 : 1);
  return { planned, diagnostics: all, out: shownOut, files, write, notes };
}
