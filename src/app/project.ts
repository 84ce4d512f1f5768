import { lstatSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { realPathOf, staysInside } from '../pipeline/load/safe-fs.js';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { reportFor } from '../pipeline/lint/lint.js';
import { discoverRoles, loadYamlFile, type LoadContext, type RoleEntry } from '../pipeline/load/load.js';
import type { Programme, ProjectConfig } from '../model/model.js';
import { loadRoleOnce, planAndLint } from './stages.js';
import type { LoadedRoleResult } from './workspace.js';
import type { Workspace } from './workspace.js';
import { addProjectRules, type PolicyState } from './rule-policy.js';
import type { PlannedProgramme } from '../pipeline/plan/plan.js';
import { timeZoneProblem } from '../model/timezones.js';
import { effectiveLoc, locate, type Parsed } from '../pipeline/load/source.js';
import { sub, type Inherited, type Loc } from '../model/loc.js';
import { placeholderReports } from '../rules/content/placeholder.js';
import { suggestion } from '../rules/ref/unresolved.js';
import { validateSchema } from '../pipeline/validate/validate.js';

export interface ProgrammeSource {
  programme: Programme;
  at: Loc;
}

export interface LoadedProject {
  file: string;
  dir: string;
  config: ProjectConfig;
  rolesDir: string;
  templatesDir?: string;
  programmes: ProgrammeSource[];
  diagnostics: Diagnostic[];
}

/** The file name a project is found by. */
export const PROJECT_FILE = 'cocoon.yaml';

/**
 * The nearest project file: `cocoon.yaml` in `start` or the nearest folder above it, as git finds
 * `.git`; undefined when none is found up to the filesystem root. A folder that cannot be read is passed over.
 */
export function findProjectFile(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const file = join(dir, PROJECT_FILE);
    try {
      if (statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
    } catch {
      // EACCES on a folder above: keep looking higher, as git does.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A project's settings for a command that reads them but does not build the project (plan, roles,
 * rules, validate of named files): its `rules:` (registered on the run's policy) and its roles folder.
 * A project file that does not parse or breaks the schema gives none: `cocoon validate` and `cocoon
 * build` report it where it matters.
 */
export function readProjectSettings(file: string, ws: Workspace): { rolesDir?: string; diagnostics: Diagnostic[] } {
  const dir = dirname(file);
  const parsed = loadYamlFile(file, ws, dir);
  if (parsed.diagnostics.length || hasErrors(validateSchema('config', parsed.data, parsed.source))) return { diagnostics: [] };
  const config = parsed.data as ProjectConfig;
  const diagnostics = addProjectRules(ws.policy, file, config.rules, { source: parsed.source, path: [] });
  const rolesDir = resolve(dir, config.roles_dir ?? 'roles');
  return { rolesDir: inside(dir, rolesDir) ? rolesDir : undefined, diagnostics };
}

/** Inside the project once symlinks are resolved: a committed `linkdir -> /elsewhere` cannot carry a path out. */
const inside = (root: string, p: string): boolean => staysInside(root, p);

/** Load and validate a programme file (a YAML document with a top-level `role:`). */
export function loadProgrammeFile(
  file: string,
  ctx: LoadContext,
  root?: string,
  parsed: Parsed = loadYamlFile(file, ctx, root),
): { source?: ProgrammeSource; diagnostics: Diagnostic[] } {
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  const diagnostics = validateSchema('programme', parsed.data, parsed.source);
  if (hasErrors(diagnostics)) return { diagnostics };
  const at: Loc = { source: parsed.source, path: [] };
  for (const r of placeholderReports(parsed.data, at)) diagnostics.push(reportFor('content/placeholder', r));
  return { source: { programme: parsed.data as Programme, at }, diagnostics };
}

/** cocoon.yaml → its programmes (inline or from their own files), each merged with the project defaults. */
export function loadProject(file: string, ctx: LoadContext & { readonly policy: PolicyState }): LoadedProject {
  const dir = dirname(file);
  const parsed = loadYamlFile(file, ctx, dir);
  const empty: LoadedProject = { file, dir, config: {}, rolesDir: resolve(dir, 'roles'), programmes: [], diagnostics: parsed.diagnostics };
  if (parsed.diagnostics.length) return empty;
  const diagnostics = validateSchema('config', parsed.data, parsed.source);
  if (hasErrors(diagnostics)) return { ...empty, diagnostics };
  const config = parsed.data as ProjectConfig;
  const root: Loc = { source: parsed.source, path: [] };
  for (const r of placeholderReports(parsed.data, root)) diagnostics.push(reportFor('content/placeholder', r));
  diagnostics.push(...addProjectRules(ctx.policy, file, config.rules, root));
  const orgZone = config.org?.timezone ? timeZoneProblem(config.org.timezone) : undefined;
  if (orgZone) diagnostics.push(schemaAt(sub(root, 'org', 'timezone'), orgZone.message, orgZone.hint));
  const programmes: ProgrammeSource[] = [];
  for (const [i, entry] of (config.programmes ?? []).entries()) {
    if ('file' in entry) {
      const path = resolve(dir, entry.file);
      if (!inside(dir, path)) {
        diagnostics.push(
          schemaAt(
            sub(root, 'programmes', i, 'file'),
            `Programme file ${entry.file} is outside the project`,
            'Keep programme files inside the project directory.',
          ),
        );
        continue;
      }
      const loaded = loadProgrammeFile(path, ctx, dir);
      diagnostics.push(...loaded.diagnostics);
      if (loaded.source) programmes.push(loaded.source);
    } else programmes.push({ programme: entry, at: sub(root, 'programmes', i) });
  }
  // roles_dir and templates_dir are read on the project's behalf: they must stay inside it.
  for (const key of ['roles_dir', 'templates_dir'] as const) {
    const value = config[key];
    if (value !== undefined && !inside(dir, resolve(dir, value))) {
      diagnostics.push(
        schemaAt(
          sub(root, key),
          `${key} ${value} is outside the project`,
          `Keep ${key} inside the project directory (a relative path without ../ or a symlink out).`,
        ),
      );
      delete config[key];
      if (key === 'templates_dir') return { ...empty, config, diagnostics };
    }
    // B21: a directory setting that names a file is a positioned error, not a crash when it is read.
    const st = value === undefined ? undefined : lstatSync(resolve(dir, value), { throwIfNoEntry: false });
    if (st && !st.isDirectory() && !st.isSymbolicLink()) {
      diagnostics.push(schemaAt(sub(root, key), `${key} ${value} is a file, not a directory`, `Point ${key} at a directory inside the project.`));
      delete config[key];
      if (key === 'templates_dir') return { ...empty, config, diagnostics };
    }
  }
  const d = config.defaults ?? {};
  // What each programme takes from `defaults:` and `org.timezone`, so a problem with an inherited value
  // is reported on the line that sets it (effectiveLoc), not on the programme.
  const inheritable: Inherited[] = [];
  const fromDefaults = (key: string[], value: unknown) => value !== undefined && inheritable.push({ key, to: sub(root, 'defaults', ...key) });
  fromDefaults(['group_size'], d.group_size);
  fromDefaults(['formats'], d.formats);
  fromDefaults(['check_ins'], d.check_ins);
  if (d.schedule) {
    fromDefaults(['schedule'], d.schedule);
    for (const [k, v] of Object.entries(d.schedule)) fromDefaults(['schedule', k], v);
  }
  if (config.org?.timezone && !d.schedule?.timezone) inheritable.push({ key: ['schedule', 'timezone'], to: sub(root, 'org', 'timezone') });
  for (const p of programmes) {
    if (inheritable.length) p.at = { ...p.at, base: { path: p.at.path, inherited: inheritable } };
    p.programme = {
      ...p.programme,
      group_size: p.programme.group_size ?? d.group_size,
      formats: p.programme.formats ?? d.formats,
      check_ins: p.programme.check_ins ?? d.check_ins,
      schedule: { ...d.schedule, ...p.programme.schedule },
    };
  }
  return {
    file,
    dir,
    config,
    rolesDir: resolve(dir, config.roles_dir ?? 'roles'),
    templatesDir: config.templates_dir ? resolve(dir, config.templates_dir) : undefined,
    programmes,
    diagnostics,
  };
}

function schemaAt(place: Loc, message: string, hint: string): Diagnostic {
  const at = effectiveLoc(place);
  const pos = locate(at);
  return { file: at.source.path, line: pos.line, column: pos.column, severity: 'error', rule: 'schema', message, hint };
}

export interface ResolvedProgramme {
  planned: PlannedProgramme;
  out: string;
}

/**
 * A programme resolved against its role and given its output directory, not yet planned: `plan()` plans
 * and lints it (the same result every call). A build holds one of these per programme, not the plan, so
 * its memory does not grow with the plans of every programme.
 */
export interface ProgrammeTarget {
  id: string;
  role: string;
  out: string;
  plan(): { planned: PlannedProgramme; diagnostics: Diagnostic[] };
}

/**
 * Resolve every programme of a set against the roles (local first, then built-in), plan and lint it.
 * Roles are loaded once per run (the workspace's role index), however many programmes use them; a role
 * the run loaded before is reused, and its diagnostics are not reported twice.
 */
export function resolveProgrammes(...args: Parameters<typeof resolveTargets>): {
  resolved: ResolvedProgramme[];
  diagnostics: Diagnostic[];
  roles: Map<string, LoadedRoleResult>;
} {
  const { targets, diagnostics, roles } = resolveTargets(...args);
  const resolved = targets.map((t) => {
    const { planned, diagnostics: found } = t.plan();
    diagnostics.push(...found);
    return { planned, out: t.out };
  });
  return { resolved, diagnostics, roles };
}

/** Resolve every programme of a set against the roles, with its output directory; planning is left to each target's `plan()`. */
export function resolveTargets(
  sources: readonly ProgrammeSource[],
  options: {
    rolesDir?: string;
    projectDir: string;
    org?: ProjectConfig['org'];
    /** The packs' language and the project's templates (its catalogues word the plan's titles). */
    lang?: string;
    templatesDir?: string;
  },
  ws: Workspace,
): { targets: ProgrammeTarget[]; diagnostics: Diagnostic[]; roles: Map<string, LoadedRoleResult> } {
  const entries: RoleEntry[] = discoverRoles(options.rolesDir);
  const roles = new Map<string, LoadedRoleResult>();
  const diagnostics: Diagnostic[] = [];
  const targets: ProgrammeTarget[] = [];
  const seen = new Map<string, Loc>();
  const outs: { id: string; out: string }[] = [];
  for (const { programme, at } of sources) {
    if (seen.has(programme.id))
      diagnostics.push(reportFor('ref/duplicate-id', { messageId: 'duplicate', data: { kind: 'programme', id: programme.id }, at: sub(at, 'id') }));
    seen.set(programme.id, at);
    const entry = entries.find((e) => e.id === programme.role);
    if (!entry) {
      diagnostics.push(
        reportFor('ref/unresolved', {
          messageId: 'role',
          data: {
            id: programme.role,
            ...suggestion(
              programme.role,
              entries.map((e) => e.id),
            ),
          },
          at: sub(at, 'role'),
        }),
      );
      continue;
    }
    let role = roles.get(entry.file);
    if (!role) {
      const { loaded, first } = loadRoleOnce(ws, entry.file, entry.builtin ? undefined : options.projectDir);
      role = loaded;
      roles.set(entry.file, role);
      if (first) diagnostics.push(...role.diagnostics);
    }
    if (!role.role || !role.at) continue;
    const zone = programme.schedule?.timezone;
    const zoneProblem = zone ? timeZoneProblem(zone) : undefined;
    if (zoneProblem) {
      diagnostics.push(schemaAt(sub(at, 'schedule', 'timezone'), zoneProblem.message, zoneProblem.hint));
      continue;
    }
    // A bad org.timezone was reported where it is written (loadProject); planning with it would only crash.
    if (!zone && options.org?.timezone && timeZoneProblem(options.org.timezone)) continue;
    const out = resolve(options.projectDir, programme.out ?? `programmes/${programme.id}`);
    if (!inside(options.projectDir, out) || realPathOf(out) === realPathOf(options.projectDir)) {
      diagnostics.push(
        schemaAt(sub(at, 'out'), `Output directory ${programme.out} is outside the project`, 'Use a directory inside the project, e.g. programmes/<id>.'),
      );
      continue;
    }
    const shown = (dir: string) => relative(options.projectDir, dir).split(sep).join('/');
    const clash = outs.find((o) => o.out === out || inside(o.out, out) || inside(out, o.out));
    if (clash) {
      const same = clash.out === out;
      diagnostics.push(
        reportFor('project/duplicate-out', {
          messageId: same ? 'same' : 'nested',
          data: { id: programme.id, out: shown(out), other: clash.id, otherOut: shown(clash.out) },
          at: sub(at, 'out'),
        }),
      );
      continue;
    }
    outs.push({ id: programme.id, out });
    const input = { role: role.role, roleAt: role.at, programme, at, org: options.org };
    targets.push({ id: programme.id, role: role.role.id, out, plan: () => planAndLint(input, ws, { lang: options.lang, templatesDir: options.templatesDir }) });
  }
  return { targets, diagnostics, roles };
}
