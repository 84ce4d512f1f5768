import { discoverRoles, displayPath } from '../pipeline/load/load.js';
import { localRolesDir } from './plan-role.js';
import { loadRoleOnce } from './stages.js';
import type { Workspace } from './workspace.js';

export interface RoleRow {
  id: string;
  name: string;
  summary: string;
  workflows: number;
  prompts: number;
  capstones: number;
  source: 'built-in' | 'local';
  file: string;
  error?: string;
}

/** Every role cocoon can plan, local ones replacing built-ins of the same id. A broken role is listed with its first error. */
export function listRoles(ws: Workspace, rolesDir?: string): RoleRow[] {
  const { cwd } = ws;
  return discoverRoles(localRolesDir(cwd, rolesDir)).map((e) => {
    // --roles is trusted as given, and its files must not link out of it; ./roles must stay in the current directory.
    const r = loadRoleOnce(ws, e.file, e.builtin ? undefined : rolesDir ? localRolesDir(cwd, rolesDir) : cwd).loaded;
    const first = r.diagnostics.find((d) => d.severity === 'error');
    const role = r.role;
    return {
      id: e.id,
      name: role?.name ?? e.id,
      summary: role?.summary ?? '',
      workflows: role?.workflows.length ?? 0,
      prompts: role?.workflows.reduce((n, w) => n + (w.prompts?.length ?? 0), 0) ?? 0,
      capstones: role?.capstones?.length ?? 0,
      source: e.builtin ? 'built-in' : 'local',
      file: e.builtin ? `roles/${e.id}.yaml` : displayPath(e.file, cwd),
      ...(first ? { error: `${first.file}:${first.line}:${first.column} ${first.message}` } : {}),
    };
  });
}
