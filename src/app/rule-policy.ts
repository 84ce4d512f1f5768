import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostics.js';
import type { RuleSetting } from '../model/model.js';
import { reportAt, reportFor } from '../pipeline/lint/lint.js';
import { scanCurlyValues, scanDisables, type DisableComment } from '../pipeline/load/disables.js';
import { sub, type Loc } from '../model/loc.js';
import { RULES } from '../rules/index.js';
import { suggestion } from '../rules/ref/unresolved.js';

/**
 * The rules a project cannot turn off or down: each stops the pipeline (a file that does not parse, a
 * value of the wrong type, an id that points nowhere, two packs in one folder), so past it there is no
 * well-formed model to plan — silencing one would only hide why nothing was built.
 */
const FIXED_RULES: ReadonlySet<string> = new Set([
  'config/unknown-rule',
  'project/duplicate-out',
  'ref/duplicate-id',
  'ref/unresolved',
  'report/syntax',
  'schema',
  'template/syntax',
  'yaml/syntax',
]);

const KNOWN: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

/**
 * A run's rule settings, like eslint's: the `rules:` of each project it read (cocoon.yaml), and the
 * `# cocoon-disable-next-line` comments of every file it loaded (LoadContext.texts, filled by
 * load/load.ts). One per run, on the Workspace; `govern` applies both to a list of diagnostics,
 * `directives` are the diagnostics about the settings themselves.
 */
export interface PolicyState {
  /** The run's directory: diagnostics name files relative to it. */
  readonly cwd: string;
  /** Display path → text of each loaded file holding a disable comment or a curly quote (the Workspace's `texts`). */
  readonly texts: ReadonlyMap<string, string>;
  readonly projects: { dir: string; rules: ReadonlyMap<string, RuleSetting> }[];
  readonly scanned: Map<string, DisableComment[]>;
  /** The values in curly quotes found in each file, once scanned. */
  readonly curly: Map<string, { line: number; column: number }[]>;
}

/**
 * A project's `rules:`, checked: an unknown id or a fixed rule is config/unknown-rule at its key, and is
 * not applied. The first project a run reads also governs files outside every project (the command
 * line's own values, a built-in role a programme uses).
 */
export function addProjectRules(state: PolicyState, file: string, rules: Readonly<Record<string, RuleSetting>> | undefined, root: Loc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const applied = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(rules ?? {})) {
    const at = { ...sub(root, 'rules', id), key: true };
    if (!KNOWN.has(id)) out.push(reportFor('config/unknown-rule', { messageId: 'unknown', data: { id, ...suggestion(id, KNOWN) }, at }));
    else if (FIXED_RULES.has(id)) out.push(reportFor('config/unknown-rule', { messageId: 'fixed', data: { id }, at }));
    else applied.set(id, setting);
  }
  const dir = dirname(file);
  if (!state.projects.some((p) => p.dir === dir)) state.projects.push({ dir, rules: applied });
  return out;
}

/** The settings of the run's first project (what `cocoon rules` shows), if it read one. */
export const projectSettings = (state: PolicyState): ReadonlyMap<string, RuleSetting> | undefined => state.projects[0]?.rules;

/**
 * The settings that apply to a file: the nearest project holding it, else the run's first project. By
 * path alone — the files were read inside their project already (load/load.ts) — so a build's thousands of
 * diagnostics cost no file-system call.
 */
function settingsFor(state: PolicyState, file: string): ReadonlyMap<string, RuleSetting> | undefined {
  const abs = resolve(state.cwd, file);
  let best: PolicyState['projects'][number] | undefined;
  for (const p of state.projects) {
    const rel = relative(p.dir, abs);
    const holds = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    if (holds && (!best || p.dir.length > best.dir.length)) best = p;
  }
  return (best ?? state.projects[0])?.rules;
}

function disablesOf(state: PolicyState, file: string): DisableComment[] {
  let found = state.scanned.get(file);
  if (!found) {
    const text = state.texts.get(file);
    found = text === undefined ? [] : scanDisables(text);
    state.scanned.set(file, found);
  }
  return found;
}

function curlyOf(state: PolicyState, file: string): { line: number; column: number }[] {
  let found = state.curly.get(file);
  if (!found) state.curly.set(file, (found = scanCurlyValues(state.texts.get(file) ?? '')));
  return found;
}

/** Each diagnostic as the settings make it: dropped (off, or disabled on its line), re-graded, or as it was. */
export function govern(state: PolicyState, list: readonly Diagnostic[]): Diagnostic[] {
  if (!state.projects.some((p) => p.rules.size) && !state.texts.size) return [...list];
  const out: Diagnostic[] = [];
  for (const d of list) {
    // A fixed rule's errors stand; its warnings (a curly-quoted value) may be disabled like any other.
    if (FIXED_RULES.has(d.rule) && d.severity === 'error') {
      out.push(d);
      continue;
    }
    if (disablesOf(state, d.file).some((c) => c.target === d.line && c.rules.some((r) => r.id === d.rule))) continue;
    const setting = settingsFor(state, d.file)?.get(d.rule);
    if (setting === 'off') continue;
    out.push(setting && setting !== d.severity ? { ...d, severity: setting } : d);
  }
  return out;
}

/**
 * What the line scans find in the files loaded so far: disable comments naming unknown rules or no
 * rule, or giving no reason; values wrapped in curly quotes (yaml/syntax warnings).
 */
export function directives(state: PolicyState): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of [...state.texts.keys()].sort())
    for (const c of disablesOf(state, file)) {
      const pos = (column: number) => ({ file, line: c.line, column });
      if (!c.rules.length) out.push(reportAt('config/unknown-rule', { messageId: 'none' }, pos(c.column)));
      for (const r of c.rules)
        if (!KNOWN.has(r.id))
          out.push(reportAt('config/unknown-rule', { messageId: 'unknown', data: { id: r.id, ...suggestion(r.id, KNOWN) } }, pos(r.column)));
      if (c.rules.length && c.reason === undefined)
        out.push(reportAt('config/disable-without-reason', { messageId: 'none', data: { rules: c.rules.map((r) => r.id).join(', ') } }, pos(c.column)));
    }
  for (const file of [...state.texts.keys()].sort())
    for (const q of curlyOf(state, file))
      out.push(reportAt('yaml/syntax', { messageId: 'curly', severity: 'warning' }, { file, line: q.line, column: q.column }));
  return govern(state, out);
}
