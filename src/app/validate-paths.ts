import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import { displayPath, loadYamlFile } from '../pipeline/load/load.js';
import { staysInside } from '../pipeline/load/safe-fs.js';
import { finish, loadRoleOnce } from './stages.js';
import type { Workspace } from './workspace.js';
import type { Parsed } from '../pipeline/load/source.js';
import { checkTemplates } from './templates-check.js';
import { loadProgrammeFile, loadProject, readProjectSettings, resolveProgrammes, type ProgrammeSource } from './project.js';
import { heapBound } from './heap.js';
import { readiness, type Readiness } from '../model/readiness.js';

export interface ValidateOptions {
  cwd: string;
  paths: string[];
  /**
   * The project whose settings apply (`--config`, or the nearest cocoon.yaml): validated itself when no
   * paths are named; otherwise only its `rules:` govern the named files.
   */
  project?: string;
}

export interface ValidateOutcome {
  diagnostics: Diagnostic[];
  files: number;
  /** Each role read this run that loaded without errors: how many of its exercises run from the page. */
  readiness: { file: string; id: string; readiness: Readiness }[];
}

const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || SKIP_DIRS.has(name)) continue;
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (extname(name) === '.yaml' || extname(name) === '.yml') out.push(p);
  }
  return out;
}

/** What a file is: cocoon.yaml is a project; a mapping with a top-level `role:` is a programme; anything else a role. */
function kindOf(file: string, parsed: Parsed, project?: string): 'project' | 'programme' | 'role' {
  if (basename(file) === 'cocoon.yaml' || basename(file) === 'cocoon.yml' || file === project) return 'project';
  const data = parsed.data as Record<string, unknown> | undefined;
  return data && typeof data === 'object' && 'role' in data ? 'programme' : 'role';
}

/**
 * cocoon validate: every role, programme and project named (or the current project), with programmes
 * resolved — generated or hand-written sessions — before the rules run.
 */
export function validateFiles(o: ValidateOptions, ws: Workspace): ValidateOutcome {
  let targets = o.paths.map((p) => resolve(o.cwd, p));
  const project = o.project === undefined ? undefined : resolve(o.cwd, o.project);
  if (project && !existsSync(project)) throw new UsageError(`No project file at ${displayPath(project, o.cwd)}`, 'Check the path given to --config.');
  if (!targets.length) {
    const roles = resolve(o.cwd, 'roles');
    if (project) targets = [project];
    else if (existsSync(roles)) targets = [roles];
    else
      throw new UsageError('Nothing to validate: no cocoon.yaml and no roles/ here', 'Name files or directories: `cocoon validate roles/ programmes/q1.yaml`.');
  }
  const files: string[] = [];
  // A path named on the command line is trusted; what is found under it (or linked from it) must stay
  // inside it, or inside the current directory when it is there.
  const rootOf = new Map<string, string>();
  const projectRootOf = (t: string) => (staysInside(o.cwd, t) ? resolve(o.cwd) : lstatSync(t).isDirectory() ? t : dirname(t));
  for (const t of targets) {
    if (!existsSync(t)) throw new UsageError(`No such file or directory: ${t === resolve(o.cwd) ? '.' : t}`, 'Check the path.');
    if (lstatSync(t).isDirectory()) {
      const found = yamlFilesUnder(t);
      if (!found.length) {
        const shown = displayPath(t, o.cwd) || '.';
        throw new UsageError(
          `No YAML files in ${shown}/ (cocoon reads *.yaml and *.yml)`,
          'Name a directory that holds role or programme files, e.g. `cocoon validate roles/`, or write one with `cocoon new role <id>`.',
        );
      }
      for (const f of found) if (!rootOf.has(f)) rootOf.set(f, projectRootOf(t));
      files.push(...found);
    } else {
      if (!rootOf.has(t)) rootOf.set(t, projectRootOf(t));
      files.push(t);
    }
  }
  const diagnostics: Diagnostic[] = [];
  // Named files inside a project follow its `rules:`; a project that is itself validated registers them as it loads.
  if (project && !files.includes(project)) diagnostics.push(...readProjectSettings(project, ws).diagnostics);
  // Every role is loaded, validated and linted once per run (the workspace's role index), however many
  // paths, projects and programmes reach it; its diagnostics are reported once.
  const ready: ValidateOutcome['readiness'] = [];
  const roleOnce = (file: string, root: string, parsed?: Parsed): Diagnostic[] => {
    const { loaded, first } = loadRoleOnce(ws, file, root, parsed);
    // Counted as it is loaded: the role index holds only the last few roles (app/workspace.ts).
    if (first && loaded.role) ready.push({ file: displayPath(file, o.cwd), id: loaded.role.id, readiness: readiness(loaded.role.workflows) });
    return first ? loaded.diagnostics : [];
  };
  const programmes: { source: ProgrammeSource; rolesDir: string; projectDir: string }[] = [];
  // Files read on behalf of a project (its programme files and roles), for the summary count.
  let extraFiles = 0;
  // Between files, the garbage of the last parse is collected before the heap grows much (app/heap.ts):
  // memory stays flat however many files are validated.
  const boundHeap = heapBound();
  for (const file of [...new Set(files)]) {
    boundHeap();
    const projectRoot = rootOf.get(file)!;
    if (ws.roles.has(file)) continue;
    const parsed = loadYamlFile(file, ws, projectRoot);
    const kind = kindOf(file, parsed, project);
    if (kind === 'role') {
      diagnostics.push(...roleOnce(file, projectRoot, parsed));
    } else if (kind === 'programme') {
      const loaded = loadProgrammeFile(file, ws, projectRoot, parsed);
      diagnostics.push(...loaded.diagnostics);
      if (loaded.source) programmes.push({ source: loaded.source, rolesDir: join(projectRoot, 'roles'), projectDir: projectRoot });
    } else {
      const project = loadProject(file, ws);
      extraFiles += project.programmes.filter((p) => p.at.path.length === 0).length;
      diagnostics.push(...project.diagnostics);
      if (project.templatesDir) diagnostics.push(...checkTemplates(project.templatesDir, o.cwd, ws));
      if (existsSync(project.rolesDir))
        for (const r of yamlFilesUnder(project.rolesDir)) {
          if (!files.includes(r)) extraFiles++;
          diagnostics.push(...roleOnce(r, project.dir));
        }
      const { diagnostics: found } = resolveProgrammes(
        project.programmes,
        { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org },
        ws,
      );
      diagnostics.push(...found);
    }
  }
  for (const p of programmes) {
    const { diagnostics: found } = resolveProgrammes(
      [p.source],
      { rolesDir: existsSync(p.rolesDir) ? p.rolesDir : undefined, projectDir: dirname(p.rolesDir) },
      ws,
    );
    diagnostics.push(...found);
  }
  ready.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { diagnostics: finish(diagnostics, ws), files: new Set(files).size + extraFiles, readiness: ready };
}
