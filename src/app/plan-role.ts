import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { InterruptedError, UsageError, WriteError } from '../model/errors.js';
import { discoverRoles, displayPath, type RoleEntry } from '../pipeline/load/load.js';
import type { Delivery, Format, Person, Programme, Role } from '../model/model.js';
import { isCascade, parsePerson } from '../model/people.js';
import { finish, loadRoleOnce, planAndLint, renderPack, signalsDelivered, type Audience } from './stages.js';
import type { Workspace } from './workspace.js';
import type { Lang } from '../model/lang.js';
import type { PlannedProgramme } from '../pipeline/plan/plan.js';
import { virtualSource } from '../pipeline/load/source.js';
import { withCalendarHistory } from './calendar-history.js';
import { didYouMean } from '../model/text.js';
import { staysInside } from '../pipeline/write/safe-fs.js';
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

export interface PlanOptions {
  cwd: string;
  role: string;
  rolesDir?: string;
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
function unnamed(role: Role): { owner: Person; sponsor: Person } {
  if (isCascade(role))
    return {
      owner: { name: 'To be named', team: "the chief executive's office or leadership development", tbd: true },
      sponsor: { name: 'To be named', title: 'chief executive or the executive who commissions it', tbd: true },
    };
  return { owner: { name: 'To be named', team: role.name, tbd: true }, sponsor: { name: 'To be named', title: `senior leader in ${role.name}`, tbd: true } };
}

/** cocoon plan: one role → one pack. Flags were checked by the CLI; ids are checked here against the role. */
export async function planPack(o: PlanOptions, ws: Workspace): Promise<PlanOutcome> {
  const localDir = localRolesDir(o.cwd, o.rolesDir);
  if (o.rolesDir && !existsSync(localDir!))
    throw new UsageError(`--roles: directory ${o.rolesDir} does not exist`, 'Point --roles at a directory of role YAML files.');
  const entry = findRole(discoverRoles(localDir), o.role);
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
  const { loaded } = loadRoleOnce(ws, entry.file, entry.builtin ? undefined : o.rolesDir ? localDir : o.cwd);
  if (!loaded.role || !loaded.at || hasErrors(loaded.diagnostics)) return { diagnostics: finish(loaded.diagnostics), out: shownOut, files: [], notes: [] };
  const role = loaded.role;
  const notes: string[] = [];

  if (!o.owner || !o.sponsor)
    notes.push(
      `No ${[!o.owner && '--owner', !o.sponsor && '--sponsor'].filter(Boolean).join(' or ')} given: the pack says "to be named". Pass --sponsor "Name, Title" and --owner "Name, Team" to name them.`,
    );

  const programme: Programme = {
    id: role.id,
    role: role.id,
    owner: o.owner ? parsePerson(o.owner, 'team') : unnamed(role).owner,
    sponsor: o.sponsor ? parsePerson(o.sponsor, 'title') : unnamed(role).sponsor,
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
  const all = finish([...loaded.diagnostics, ...diagnostics]);
  // An id in --workflows or --capstone that the role lacks is ref/unresolved's to find and word, as in
  // cocoon.yaml; from a flag it is a bad flag value, which DESIGN.md makes a usage error (exit 2) naming the flag.
  const badFlag = all.find((d) => d.file === FLAGS_SOURCE && d.rule === 'ref/unresolved' && d.severity === 'error');
  if (badFlag) throw new UsageError(`${badFlag.message.startsWith('Capstone') ? '--capstone' : '--workflows'}: ${badFlag.message}`, badFlag.hint);
  if (hasErrors(all)) return { planned, diagnostics: all, out: shownOut, files: [], notes };
  if (planned.formats.includes('ics') && !planned.schedule.start) notes.push('--format ics: no calendar without --start (the sessions have no dates yet).');
  let files = asBytes(await renderPack(planned, planned.formats, ws, { audience: o.audience, lang: o.lang }));
  const wait = { waitMs: o.lockWaitMs, shown: shownOut };
  if (o.dryRun) {
    await recoverIfInterrupted(out, wait);
    files = withCalendarHistory(out, files);
    const cmp = comparePack(out, files, packManifest(out, files), { force: o.force });
    return { planned, diagnostics: all, out: shownOut, files, write: { ...cmp, wrote: false }, notes };
  }
  await signalsDelivered();
  if (o.signal?.aborted) throw new InterruptedError(0, 0);
  const write = await writePack(out, files, { command: 'plan', force: o.force, ...wait, prepare: (f) => (files = withCalendarHistory(out, f)) });
  await signalsDelivered();
  if (o.signal?.aborted) throw new InterruptedError(write.wrote ? 1 : 0, write.wrote ? 0 : 1);
  return { planned, diagnostics: all, out: shownOut, files, write, notes };
}
