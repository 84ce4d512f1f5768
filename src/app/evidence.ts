import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import { didYouMean } from '../model/text.js';
import { jsonText } from '../model/escape/json.js';
import { refusalError, shownUnder, type Drift } from '../model/refusals.js';
import { displayPath } from '../pipeline/load/load.js';
import { comparePack, driftOf, reportManifest, writeFilesInPlace, type OutFile } from '../pipeline/write/write.js';
import { configPath } from './build-project.js';
import { readFilledForm } from './report.js';
import { loadProject, resolveProgrammes } from './project.js';
import { finish } from './stages.js';
import type { Workspace } from './workspace.js';
import type { EvidenceData } from '../pipeline/evidence/evidence-data.js';
import { EVIDENCE_PLAN_FILE, parseEvidencePlan, type EvidencePlan } from '../pipeline/evidence/plan-file.js';

type EvidenceFormat = 'md' | 'html' | 'json';

export interface EvidenceOptions {
  cwd: string;
  /** `cocoon evidence <pack-dir>`: a pack, made by `cocoon plan` or by a project's build. */
  pack?: string;
  config?: string;
  programme?: string;
  minGroup: number;
  formats: readonly EvidenceFormat[];
  check?: boolean;
  force?: boolean;
}

export interface EvidenceOutcome {
  diagnostics: Diagnostic[];
  programmes: { id: string; out: string; data: EvidenceData; files: string[] }[];
  checked: { shown: string; drift: Drift }[];
}

/**
 * cocoon evidence: for each programme of the project (or the one named), the AI-literacy record —
 * evidence/ai-literacy.{md,html,json} and evidence/register.csv in the pack — and, for the whole project,
 * evidence/ai-literacy.{md,html,json} listing every programme's record. Read-only on the responses; any
 * error: nothing is written.
 */
export async function evidenceProject(o: EvidenceOptions, ws: Workspace): Promise<EvidenceOutcome> {
  const packDir = o.pack ? resolve(o.cwd, o.pack) : undefined;
  const hasProject = o.config !== undefined;
  // A pack with no project around it (made by `cocoon plan`): its forms/evidence.json says what it is.
  if (packDir && !hasProject) return evidencePacks(o, ws, [readPackPlan(packDir, o.cwd)]);
  if (!hasProject) {
    if (existsSync(join(o.cwd, EVIDENCE_PLAN_FILE))) return evidencePacks(o, ws, [readPackPlan(o.cwd, o.cwd)]);
    throw new UsageError(
      `No cocoon.yaml in ${o.cwd} or any folder above it, and no pack named`,
      'For a pack made by `cocoon plan`, name it: `cocoon evidence programmes/<role>`. For a project, run it where cocoon.yaml is, or pass --config <file>.',
    );
  }
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, ws);
  if (hasErrors(project.diagnostics)) return { diagnostics: finish(project.diagnostics, ws), programmes: [], checked: [] };
  let sources = project.programmes;
  if (o.programme) {
    sources = sources.filter((s) => s.programme.id === o.programme);
    if (!sources.length) {
      const ids = project.programmes.map((s) => s.programme.id);
      const guess = didYouMean(o.programme, ids);
      throw new UsageError(
        `--programme: no programme \`${o.programme}\` in ${displayPath(file, o.cwd)}${guess ? `; did you mean \`${guess}\`?` : ''}`,
        `Programmes: ${ids.join(', ') || 'none'}.`,
      );
    }
  }
  const { resolved, diagnostics: found } = resolveProgrammes(sources, { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org }, ws);
  const errors = found.filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: finish(errors, ws), programmes: [], checked: [] };
  const { evidencePlan } = await import('../pipeline/evidence/plan-file.js');
  const org = project.config.org ?? {};
  const reviewMonths = org.review_months ?? 12;
  const aiActRole = org.ai_act_role ?? 'deployer';
  let chosen: PackPlan[] = resolved.map((r) => ({ out: r.out, plan: evidencePlan(r.planned, { reviewMonths, aiActRole }) }));
  if (packDir) {
    // `cocoon evidence <pack>` inside a project: the project's programme written there, or the pack's own file.
    chosen = chosen.filter((r) => resolve(r.out) === packDir);
    if (!chosen.length) return evidencePacks(o, ws, [readPackPlan(packDir, o.cwd)]);
  }
  return evidencePacks(o, ws, chosen, o.programme || packDir ? undefined : { dir: project.dir, org: org.name }, project.templatesDir);
}

interface PackPlan {
  out: string;
  plan: EvidencePlan;
}

/** forms/evidence.json of a pack, or a usage error that says what to do. */
function readPackPlan(dir: string, cwd: string): PackPlan {
  const file = join(dir, EVIDENCE_PLAN_FILE);
  if (!existsSync(dir))
    throw new UsageError(`No pack at ${displayPath(dir, cwd)}`, 'Name the folder `cocoon plan` wrote, e.g. `cocoon evidence programmes/finance`.');
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st?.isFile())
    throw new UsageError(
      `${displayPath(dir, cwd)} has no ${EVIDENCE_PLAN_FILE}`,
      'Packs written by this version of `cocoon plan` carry it; plan the pack again (your responses/ folder is kept), or run `cocoon evidence --programme <id>` in the project.',
    );
  if (st.size > EVIDENCE_PLAN_MAX_BYTES) throw new UsageError(`${displayPath(file, cwd)} is ${st.size} bytes: not a file cocoon wrote`);
  const plan = parseEvidencePlan(readFileSync(file, 'utf8'));
  if ('problem' in plan) throw new UsageError(`${displayPath(file, cwd)} cannot be read: ${plan.problem}`, 'Plan the pack again with `cocoon plan`.');
  return { out: dir, plan };
}

/** A plan pack's evidence.json holds every risk and block of the programme: larger than a form, far under this. */
const EVIDENCE_PLAN_MAX_BYTES = 16 * 1024 * 1024;

async function evidencePacks(
  o: EvidenceOptions,
  ws: Workspace,
  chosen: readonly PackPlan[],
  project?: { dir: string; org?: string },
  templatesDir?: string,
): Promise<EvidenceOutcome> {
  const { evidenceRecords, withRecords } = await import('../pipeline/evidence/evidence-data.js');
  const { readRecords, registerCsv } = await import('../pipeline/evidence/records.js');
  const { evidenceMarkdown, evidenceHtml, evidenceJson, EVIDENCE_PATHS } = await import('../pipeline/evidence/render.js');
  const { registerMarkdown, registerHtml } = await import('../pipeline/evidence/register.js');
  const { loadMarkdownTemplates } = await import('../pipeline/render/markdown.js');
  const { createMarkdown } = await import('../pipeline/render/html.js');
  const templates = loadMarkdownTemplates(templatesDir, ws.templates);
  const md = ws.perRun(createMarkdown);

  const diagnostics: Diagnostic[] = [];
  const rendered: { id: string; out: string; data: EvidenceData; files: OutFile[] }[] = [];
  for (const { out: packOut, plan } of chosen) {
    const dir = join(packOut, 'responses');
    const files = existsSync(dir)
      ? {
          attendance: readFilledForm(dir, 'attendance.csv', o.cwd, diagnostics),
          skillsPre: readFilledForm(dir, 'skills-pre.csv', o.cwd, diagnostics),
          skillsPost: readFilledForm(dir, 'skills-post.csv', o.cwd, diagnostics),
        }
      : {};
    const read = readRecords(plan.sessions, plan.questions, files);
    diagnostics.push(...read.diagnostics);
    const records = evidenceRecords(plan.sessions, plan.questions.length, read.input, o.minGroup);
    const data = withRecords(plan.record, records);
    const markdown = evidenceMarkdown(plan, data, templates);
    const out: OutFile[] = [];
    if (o.formats.includes('md')) out.push({ path: EVIDENCE_PATHS.md, content: markdown });
    if (o.formats.includes('html')) out.push(evidenceHtml(plan, markdown, md));
    if (o.formats.includes('json')) out.push({ path: EVIDENCE_PATHS.json, content: evidenceJson(data) });
    if (read.input.attendance || read.input.skillsPre || read.input.skillsPost)
      out.push({ path: EVIDENCE_PATHS.register, content: registerCsv(plan.sessions, read.input, templates['register-notice.md.hbs']({})) });
    rendered.push({ id: data.programme, out: packOut, data, files: out });
  }
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics, ws), programmes: [], checked: [] };

  const targets: { root: string; files: OutFile[] }[] = rendered.map((x) => ({ root: x.out, files: x.files }));
  if (project) {
    const org = project.org;
    const rows = rendered.map((x) => ({ data: x.data, out: relative(project.dir, x.out).split('\\').join('/') }));
    const regMd = registerMarkdown(rows, templates, org);
    const files: OutFile[] = [];
    if (o.formats.includes('md')) files.push({ path: EVIDENCE_PATHS.md, content: regMd });
    if (o.formats.includes('html')) files.push({ path: EVIDENCE_PATHS.html, content: registerHtml(regMd, md, org) });
    if (o.formats.includes('json'))
      files.push({
        path: EVIDENCE_PATHS.json,
        content: jsonText({ organisation: org ?? null, programmes: rows.map((x) => ({ out: x.out, ...x.data })) }),
      });
    targets.push({ root: project.dir, files });
  }

  // One comparison per tree before anything is written: a refusal anywhere leaves every tree as it was.
  const trees = targets.map((t) => {
    const manifest = reportManifest(t.root, t.files, 'evidence');
    const cmp = comparePack(t.root, t.files, manifest, { force: o.check ? false : o.force, keepCurrent: o.check });
    return { ...t, manifest, cmp, shown: relative(o.cwd, t.root) === '' ? '.' : displayPath(t.root, o.cwd) };
  });
  const checked: EvidenceOutcome['checked'] = [];
  if (o.check) for (const t of trees) checked.push({ shown: t.shown, drift: await driftOf(t.cmp, t.files, t.manifest) });
  else {
    const refused = trees.flatMap((t) => shownUnder(t.shown, t.cmp.refused));
    if (refused.length) throw refusalError(refused, 'evidence');
    writeFilesInPlace(trees);
  }
  return {
    diagnostics: finish(diagnostics, ws),
    checked,
    programmes: rendered.map((x) => ({ id: x.id, out: displayPath(x.out, o.cwd), data: x.data, files: x.files.map((f) => f.path) })),
  };
}
