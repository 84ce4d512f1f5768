import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { UsageError } from './errors.js';
import { discoverRoles, displayPath, type RoleEntry } from './load.js';
import type { Format, Person, Programme } from './model.js';
import { finish, loadRole, planAndLint, renderPack } from './pipeline.js';
import type { PlannedProgramme } from './plan.js';
import { virtualSource } from './source.js';
import { didYouMean } from './text.js';
import { asBytes, planWrite, writePack, type OutFile, type WritePlan } from './write.js';

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
  org?: string;
  out?: string;
  formats?: Format[];
  dryRun?: boolean;
  force?: boolean;
}

export interface PlanOutcome {
  planned?: PlannedProgramme;
  diagnostics: Diagnostic[];
  out: string;
  files: OutFile[];
  write?: WritePlan & { wrote: boolean };
  notes: string[];
}

/** The local roles directory: --roles, else ./roles when it exists. */
export function localRolesDir(cwd: string, rolesDir?: string): string | undefined {
  if (rolesDir) return resolve(cwd, rolesDir);
  const d = resolve(cwd, 'roles');
  return existsSync(d) ? d : undefined;
}

export function findRole(entries: RoleEntry[], id: string): RoleEntry {
  const entry = entries.find((e) => e.id === id);
  if (entry) return entry;
  const guess = didYouMean(id, entries.map((e) => e.id));
  throw new UsageError(
    `Unknown role \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
    `Known roles: ${entries.map((e) => e.id).join(', ')}. Add your own as roles/${id}.yaml (\`cocoon new role ${id}\`).`,
  );
}

/** "Name, Team" → { name, team } (or title for the sponsor). */
export function parsePerson(value: string, second: 'team' | 'title'): Person {
  const i = value.indexOf(',');
  const name = (i < 0 ? value : value.slice(0, i)).trim();
  const rest = i < 0 ? '' : value.slice(i + 1).trim();
  return rest ? { name, [second]: rest } : { name };
}

/** cocoon plan: one role → one pack. Flags were checked by the CLI; ids are checked here against the role. */
export async function planPack(o: PlanOptions): Promise<PlanOutcome> {
  const localDir = localRolesDir(o.cwd, o.rolesDir);
  if (o.rolesDir && !existsSync(localDir!)) throw new UsageError(`--roles: directory ${o.rolesDir} does not exist`, 'Point --roles at a directory of role YAML files.');
  const entry = findRole(discoverRoles(localDir), o.role);
  const out = resolve(o.cwd, o.out ?? `programmes/${o.role}`);
  const shownOut = displayPath(out, o.cwd);
  const loaded = loadRole(entry.file, o.cwd, entry.builtin ? undefined : o.cwd);
  if (!loaded.role || !loaded.at || hasErrors(loaded.diagnostics)) return { diagnostics: finish(loaded.diagnostics), out: shownOut, files: [], notes: [] };
  const role = loaded.role;
  const notes: string[] = [];

  const workflowIds = new Set(role.workflows.map((w) => w.id));
  for (const id of o.workflows ?? [])
    if (!workflowIds.has(id)) {
      const guess = didYouMean(id, workflowIds);
      throw new UsageError(`--workflows: role \`${role.id}\` has no workflow \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, `Workflows of ${role.id}: ${[...workflowIds].join(', ')}.`);
    }
  if (o.capstone && !role.capstones?.some((c) => c.id === o.capstone)) {
    const ids = (role.capstones ?? []).map((c) => c.id);
    const guess = didYouMean(o.capstone, ids);
    throw new UsageError(`--capstone: role \`${role.id}\` has no capstone \`${o.capstone}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, ids.length ? `Capstones of ${role.id}: ${ids.join(', ')}.` : 'The role defines no capstones.');
  }
  if (!o.owner || !o.sponsor)
    notes.push(`No ${[!o.owner && '--owner', !o.sponsor && '--sponsor'].filter(Boolean).join(' or ')} given: the pack says "to be named". Pass --sponsor "Name, Title" and --owner "Name, Team" to name them.`);

  const programme: Programme = {
    id: role.id,
    role: role.id,
    owner: o.owner ? parsePerson(o.owner, 'team') : { name: 'To be named', team: role.name, tbd: true },
    sponsor: o.sponsor ? parsePerson(o.sponsor, 'title') : { name: 'To be named', title: `senior leader in ${role.name}`, tbd: true },
    group_size: o.groupSize,
    workflows: o.workflows,
    capstone: o.capstone,
    ...(o.allPrompts ? { prompt_library: 'all' as const } : {}),
    schedule: { start: o.start, time: o.time, timezone: o.timezone, every: o.every, minutes: o.minutes, sessions: o.sessions },
    formats: o.formats,
  };
  const { planned, diagnostics } = planAndLint({
    role,
    roleAt: loaded.at,
    programme,
    at: { source: virtualSource('cocoon plan'), path: [] },
    org: o.org ? { name: o.org } : undefined,
  });
  const all = finish([...loaded.diagnostics, ...diagnostics]);
  if (hasErrors(all)) return { planned, diagnostics: all, out: shownOut, files: [], notes };
  const files = asBytes(await renderPack(planned, planned.formats));
  if (o.dryRun) return { planned, diagnostics: all, out: shownOut, files, write: { ...planWrite(out, files, o.force), wrote: false }, notes };
  const write = writePack(out, files, { force: o.force });
  return { planned, diagnostics: all, out: shownOut, files, write, notes };
}
