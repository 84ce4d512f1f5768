import { parseCacheDir } from '../pipeline/load/cache-dir.js';
import type { TemplateCache } from '../pipeline/render/markdown.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Loc } from '../model/loc.js';
import type { Role } from '../model/model.js';
import type { PolicyState } from './rule-policy.js';

/** What loading one role file gave: the role when it has no errors, and every diagnostic. */
export interface LoadedRoleResult {
  role?: Role;
  at?: Loc;
  diagnostics: Diagnostic[];
}

/**
 * Everything one run of cocoon keeps between its stages, made once by run() (cli/run.ts) from the
 * injected Io and dropped with it: the environment, the parse cache's directory, the roles loaded so far,
 * the compiled templates. No other module keeps state between calls (src/assets/ keeps only what is
 * derived from cocoon's own files), so two runs in one process — the in-process tests, a watcher — see
 * each other's files fresh. tests/architecture/state.test.ts holds every module to that.
 *
 * The stages never see this object: each declares the little it needs (load/load.ts LoadContext,
 * render/markdown.ts TemplateCache) and app/ passes the workspace, or the part, that fits.
 */
export interface Workspace {
  /** The directory the run started in (Io.cwd); the use cases' options carry the same one. */
  readonly cwd: string;
  /** The run's environment (Io.env): the only place settings are read from, never process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The parse cache's directory (COCOON_CACHE=0: undefined, off), from env: load/cache-dir.ts. */
  readonly parseCacheDir: string | undefined;
  /**
   * The role files loaded this run, by absolute path: read, validated and linted once however many
   * paths, projects and programmes reach it (app/stages.ts loadRoleOnce).
   */
  readonly roles: RoleIndex;
  /** The Markdown templates compiled this run, by templates directory (with their escape memo). */
  readonly templates: TemplateCache;
  /**
   * make(), called at most once per run and remembered by the function itself: the blueprint, the
   * markdown-it parser every HTML page shares.
   */
  perRun<T>(make: () => T): T;
  /** Display path → text of each file loaded this run that holds a `cocoon-disable-next-line` comment or a curly quote (load/load.ts). */
  readonly texts: Map<string, string>;
  /**
   * The run's rule settings: each project's `rules:`, and the disable comments scanned so far. Plain data,
   * so making a workspace loads no rule; app/rule-policy.ts reads and fills it.
   */
  readonly policy: PolicyState;
}

/**
 * The roles a run has loaded. Every file stays known (so its diagnostics are reported once), but only
 * the last HELD results stay in memory: `cocoon validate` of 1 000 role files held every one, 650 MiB,
 * although no programme used them. A project has far fewer roles, so its programmes find theirs here;
 * a role let go is read again without its diagnostics, should a programme still need it.
 */
export class RoleIndex {
  static readonly HELD = 16;
  private readonly results = new Map<string, LoadedRoleResult>();
  private readonly seen = new Set<string>();

  /** Whether the file was loaded this run (its diagnostics are reported already). */
  has(file: string): boolean {
    return this.seen.has(file);
  }

  /** The loaded role, if it is still held. */
  get(file: string): LoadedRoleResult | undefined {
    return this.results.get(file);
  }

  set(file: string, loaded: LoadedRoleResult): void {
    this.seen.add(file);
    this.results.delete(file);
    this.results.set(file, loaded);
    if (this.results.size > RoleIndex.HELD) this.results.delete(this.results.keys().next().value!);
  }
}

export function createWorkspace(io: { cwd: string; env: Readonly<Record<string, string | undefined>> }): Workspace {
  const made = new Map<() => unknown, unknown>();
  const texts = new Map<string, string>();
  return {
    texts,
    policy: { cwd: io.cwd, texts, projects: [], scanned: new Map(), curly: new Map() },
    cwd: io.cwd,
    env: io.env,
    parseCacheDir: parseCacheDir(io.env),
    roles: new RoleIndex(),
    templates: new Map(),
    perRun<T>(make: () => T): T {
      if (!made.has(make)) made.set(make, make());
      return made.get(make) as T;
    },
  };
}
