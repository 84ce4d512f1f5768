import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { UsageError } from './errors.js';
import { displayPath } from './load.js';
import { finish, renderPack, templateDiagnostic } from './pipeline.js';
import { TemplateError } from '../render/handlebars.js';
import { loadProject, resolveProgrammes } from './project.js';
import { checkTemplates } from './templates-check.js';
import { didYouMean } from './text.js';
import { MANIFEST, asBytes, manifestText, planWrite, recoverInterruptedSwap, writePack, type OutFile, type WriteResult } from './write.js';
import { RefusedError } from './errors.js';

export interface BuildOptions {
  cwd: string;
  config?: string;
  only?: string;
  check?: boolean;
  force?: boolean;
}

export interface Drift {
  missing: string[];
  changed: { path: string; diff?: string }[];
  extra: string[];
  /** Files `cocoon build` would refuse to overwrite: edited by hand, or not written by cocoon. */
  refused: { path: string; reason: 'edited' | 'foreign' | 'symlink' }[];
}

export interface BuiltProgramme {
  id: string;
  role: string;
  out: string;
  files: number;
  write?: WriteResult;
  drift?: Drift;
}

export interface BuildOutcome {
  diagnostics: Diagnostic[];
  programmes: BuiltProgramme[];
}

export function configPath(cwd: string, config?: string): string {
  const file = resolve(cwd, config ?? 'cocoon.yaml');
  if (!existsSync(file)) throw new UsageError(`No project file at ${config ?? 'cocoon.yaml'}`, 'Run `cocoon init` to create one, or pass --config <file>.');
  return file;
}

function readIfFile(path: string): Buffer | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Compare what cocoon would write with what is on disk; reads only. */
async function driftOf(out: string, files: readonly OutFile[]): Promise<Drift> {
  const { createTwoFilesPatch } = await import('diff');
  const all = [...files, { path: MANIFEST, content: manifestText(files) }];
  const drift: Drift = { missing: [], changed: [], extra: [], refused: [] };
  try {
    drift.refused = planWrite(out, files).refused;
  } catch {
    /* --out is a file or a symlink: every file is missing, and the build says why */
  }
  for (const f of all) {
    const current = readIfFile(join(out, f.path));
    const wanted = typeof f.content === 'string' ? Buffer.from(f.content) : f.content;
    if (current === undefined) drift.missing.push(f.path);
    else if (!current.equals(wanted)) {
      const diff = f.path.endsWith('.md') ? createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, current.toString('utf8'), Buffer.from(wanted).toString('utf8'), '', '', { context: 2 }) : undefined;
      // Unified diff without the "====" banner or the empty header dates; long diffs are cut at 60 lines.
      const lines = diff?.split('\n').filter((l) => !/^=+$/.test(l)).map((l) => l.replace(/\t$/, ''));
      drift.changed.push({ path: f.path, diff: lines ? [...lines.slice(0, 60), ...(lines.length > 60 ? [`… ${lines.length - 60} more lines`] : [])].join('\n').trimEnd() : undefined });
    }
  }
  try {
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { files?: Record<string, string> };
    const produced = new Set(all.map((f) => f.path));
    for (const path of Object.keys(manifest.files ?? {}).sort()) if (!produced.has(path) && existsSync(join(out, path))) drift.extra.push(path);
  } catch {
    /* no manifest: every file is missing or changed already */
  }
  return drift;
}

/**
 * cocoon build: every programme of the project into its `out`. All programmes are rendered and every
 * write is checked before anything is written, so a refusal in one pack leaves every pack untouched.
 */
export async function buildProject(o: BuildOptions): Promise<BuildOutcome> {
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, o.cwd);
  const diagnostics = [...project.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics), programmes: [] };
  if (project.templatesDir) diagnostics.push(...checkTemplates(project.templatesDir, o.cwd));
  let sources = project.programmes;
  if (o.only) {
    sources = sources.filter((p) => p.programme.id === o.only);
    if (!sources.length) {
      const ids = project.programmes.map((p) => p.programme.id);
      const guess = didYouMean(o.only, ids);
      throw new UsageError(`--only: no programme \`${o.only}\` in ${displayPath(file, o.cwd)}${guess ? `; did you mean \`${guess}\`?` : ''}`, `Programmes: ${ids.join(', ') || 'none'}.`);
    }
  }
  const { resolved, diagnostics: found } = resolveProgrammes(sources, { cwd: o.cwd, rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org });
  diagnostics.push(...found);
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics), programmes: [] };
  const rendered = [];
  try {
    for (const r of resolved) rendered.push({ ...r, files: asBytes(await renderPack(r.planned, r.planned.formats, project.templatesDir)) });
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { diagnostics: finish([...diagnostics, templateDiagnostic(e, o.cwd)]), programmes: [] };
  }
  const programmes: BuiltProgramme[] = [];
  if (o.check) {
    for (const r of rendered)
      programmes.push({ id: r.planned.id, role: r.planned.role.id, out: displayPath(r.out, o.cwd), files: r.files.length, drift: await driftOf(r.out, r.files) });
    return { diagnostics: finish(diagnostics), programmes };
  }
  // Every pack is planned before any is written; the plans are then reused for the writes.
  const plans = rendered.map((r) => {
    recoverInterruptedSwap(r.out);
    return planWrite(r.out, r.files, o.force);
  });
  const refused = rendered.flatMap((r, i) => plans[i]!.refused.map((x) => ({ ...x, path: `${displayPath(r.out, o.cwd)}/${x.path}` })));
  if (refused.length) {
    const edited = refused.filter((r) => r.reason === 'edited').map((r) => r.path);
    const other = refused.filter((r) => r.reason !== 'edited').map((r) => r.path);
    throw new RefusedError(
      `Refusing to overwrite ${[edited.length ? `files edited by hand: ${edited.join(', ')}` : '', other.length ? `files cocoon did not write: ${other.join(', ')}` : ''].filter(Boolean).join('; ')}`,
      refused.map((r) => r.path),
      'To keep an edit, move it into the role or programme YAML (or a template in templates_dir) and build again; to discard it, build with --force. Nothing was written.',
    );
  }
  rendered.forEach((r, i) =>
    programmes.push({ id: r.planned.id, role: r.planned.role.id, out: displayPath(r.out, o.cwd), files: r.files.length, write: writePack(r.out, r.files, { force: o.force, plan: plans[i] }) }),
  );
  return { diagnostics: finish(diagnostics), programmes };
}
