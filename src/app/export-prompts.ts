import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import type { Programme } from '../model/model.js';
import { didYouMean } from '../model/text.js';
import { refusalError, shownUnder, type Drift } from '../model/refusals.js';
import { discoverRoles, displayPath } from '../pipeline/load/load.js';
import { virtualSource } from '../model/loc.js';
import type { PlannedProgramme } from '../pipeline/plan/plan.js';
import type { ExportTarget } from '../pipeline/render/prompt-exports.js';
import { comparePack, driftOf, reportManifest, writeFilesInPlace, type OutFile } from '../pipeline/write/write.js';
import { configPath } from './build-project.js';
import { localRolesDir } from './plan-role.js';
import { loadProject, resolveProgrammes } from './project.js';
import { finish, loadRole, loadRoleOnce, planAndLint } from './stages.js';
import type { Workspace } from './workspace.js';

export interface ExportOptions {
  cwd: string;
  to: ExportTarget;
  /** A role id (built-in or in --roles / ./roles), or a role file's path. */
  role?: string;
  rolesDir?: string;
  /** A programme of the project (cocoon.yaml, or --config). */
  programme?: string;
  config?: string;
  out?: string;
  check?: boolean;
  force?: boolean;
}

export interface ExportOutcome {
  diagnostics: Diagnostic[];
  out: string;
  files: string[];
  checked?: { shown: string; drift: Drift };
}

/** The library of a role, planned as `cocoon plan` would with no other flag: every prompt of the role. */
function planRole(o: ExportOptions, ws: Workspace): { planned?: PlannedProgramme; diagnostics: Diagnostic[]; defaultOut: string } {
  const asFile = /\.ya?ml$/.test(o.role!);
  let loaded;
  if (asFile) {
    const file = resolve(o.cwd, o.role!);
    if (!existsSync(file)) throw new UsageError(`No role file at ${o.role}`, 'Give a role id (`--role finance`) or the path of a role YAML file.');
    loaded = loadRole(file, ws, o.cwd);
  } else {
    const entries = discoverRoles(localRolesDir(o.cwd, o.rolesDir));
    const entry = entries.find((e) => e.id === o.role);
    if (!entry) {
      const guess = didYouMean(
        o.role!,
        entries.map((e) => e.id),
      );
      throw new UsageError(
        `--role: unknown role \`${o.role}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
        `Known roles: ${entries.map((e) => e.id).join(', ')}.`,
      );
    }
    loaded = loadRoleOnce(ws, entry.file, entry.builtin ? undefined : o.cwd).loaded;
  }
  if (!loaded.role || !loaded.at || hasErrors(loaded.diagnostics)) return { diagnostics: finish(loaded.diagnostics, ws), defaultOut: '' };
  const role = loaded.role;
  const programme: Programme = {
    id: role.id,
    role: role.id,
    prompt_library: 'all',
    owner: { name: 'To be named', tbd: true },
    sponsor: { name: 'To be named', tbd: true },
  };
  const { planned, diagnostics } = planAndLint({ role, roleAt: loaded.at, programme, at: { source: virtualSource('cocoon export'), path: [] } }, ws);
  // The programme rules are about sessions the export does not write; only the role's errors stop it.
  const errors = [...loaded.diagnostics, ...diagnostics.filter((d) => d.severity === 'error' && d.file !== 'cocoon export')];
  return { planned, diagnostics: finish(errors, ws), defaultOut: `programmes/${role.id}` };
}

function planProgramme(o: ExportOptions, ws: Workspace): { planned?: PlannedProgramme; diagnostics: Diagnostic[]; defaultOut: string } {
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, ws);
  if (hasErrors(project.diagnostics)) return { diagnostics: finish(project.diagnostics, ws), defaultOut: '' };
  const source = project.programmes.find((s) => s.programme.id === o.programme);
  if (!source) {
    const ids = project.programmes.map((s) => s.programme.id);
    const guess = didYouMean(o.programme!, ids);
    throw new UsageError(
      `--programme: no programme \`${o.programme}\` in ${displayPath(file, o.cwd)}${guess ? `; did you mean \`${guess}\`?` : ''}`,
      `Programmes: ${ids.join(', ') || 'none'}.`,
    );
  }
  const { resolved, diagnostics } = resolveProgrammes([source], { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org }, ws);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const r = resolved[0];
  if (errors.length || !r) return { diagnostics: finish(errors, ws), defaultOut: '' };
  return { planned: r.planned, diagnostics: [], defaultOut: relative(o.cwd, r.out) || '.' };
}

/**
 * cocoon export prompts: the prompt library of a role or a programme as test files for one tool, in
 * `<pack>/prompts/<to>/` (or --out). The folder keeps its own manifest: a file edited by hand is refused,
 * and --check reports drift, as for every other file cocoon writes.
 */
export async function exportPrompts(o: ExportOptions, ws: Workspace): Promise<ExportOutcome> {
  if (!o.role === !o.programme)
    throw new UsageError('export prompts needs --role <id|file> or --programme <id>', 'E.g. `cocoon export prompts --to promptfoo --role finance`.');
  const { planned, diagnostics, defaultOut } = o.role ? planRole(o, ws) : planProgramme(o, ws);
  if (!planned || hasErrors(diagnostics)) return { diagnostics, out: '', files: [] };
  const { renderPromptExports } = await import('../pipeline/render/prompt-exports.js');
  const prefix = `prompts/${o.to}/`;
  const files: OutFile[] = renderPromptExports(planned, [o.to]).map((f) => ({ path: f.path.slice(prefix.length), content: f.content }));
  const root = resolve(o.cwd, o.out ?? `${defaultOut}/${prefix}`);
  const shown = displayPath(root, o.cwd);
  const manifest = reportManifest(root, files, 'export');
  const cmp = comparePack(root, files, manifest, { force: o.check ? false : o.force, keepCurrent: o.check });
  if (o.check) return { diagnostics, out: shown, files: files.map((f) => f.path), checked: { shown, drift: await driftOf(cmp, files, manifest) } };
  const refused = shownUnder(shown, cmp.refused);
  if (refused.length) throw refusalError(refused, 'export');
  writeFilesInPlace([{ root, files, manifest, cmp }]);
  return { diagnostics, out: shown, files: files.map((f) => f.path) };
}
