import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
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

type EvidenceFormat = 'md' | 'html' | 'json';

export interface EvidenceOptions {
  cwd: string;
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

  const { computeEvidence, evidenceRecords } = await import('../pipeline/evidence/evidence-data.js');
  const { readRecords, registerCsv } = await import('../pipeline/evidence/records.js');
  const { evidenceMarkdown, evidenceHtml, evidenceJson, EVIDENCE_PATHS } = await import('../pipeline/evidence/render.js');
  const { registerMarkdown, registerHtml } = await import('../pipeline/evidence/register.js');
  const { skillsQuestions } = await import('../pipeline/render/forms.js');
  const { loadMarkdownTemplates } = await import('../pipeline/render/markdown.js');
  const { createMarkdown } = await import('../pipeline/render/html.js');
  const templates = loadMarkdownTemplates(project.templatesDir, ws.templates);
  const md = ws.perRun(createMarkdown);
  const org = project.config.org ?? {};
  const reviewMonths = org.review_months ?? 12;
  const aiActRole = org.ai_act_role ?? 'deployer';

  const diagnostics: Diagnostic[] = [];
  const rendered: { id: string; out: string; data: EvidenceData; files: OutFile[] }[] = [];
  for (const r of resolved) {
    const p = r.planned;
    const questions = skillsQuestions(p);
    const dir = join(r.out, 'responses');
    const files = existsSync(dir)
      ? {
          attendance: readFilledForm(dir, 'attendance.csv', o.cwd, diagnostics),
          skillsPre: readFilledForm(dir, 'skills-pre.csv', o.cwd, diagnostics),
          skillsPost: readFilledForm(dir, 'skills-post.csv', o.cwd, diagnostics),
        }
      : {};
    const read = readRecords(p, questions, files);
    diagnostics.push(...read.diagnostics);
    const records = evidenceRecords(p, questions.length, read.input, o.minGroup);
    const data = computeEvidence(p, questions, records, { reviewMonths, aiActRole });
    const markdown = evidenceMarkdown(p, data, templates);
    const out: OutFile[] = [];
    if (o.formats.includes('md')) out.push({ path: EVIDENCE_PATHS.md, content: markdown });
    if (o.formats.includes('html')) out.push(evidenceHtml(p, markdown, md));
    if (o.formats.includes('json')) out.push({ path: EVIDENCE_PATHS.json, content: evidenceJson(data) });
    if (read.input.attendance || read.input.skillsPre || read.input.skillsPost)
      out.push({ path: EVIDENCE_PATHS.register, content: registerCsv(p, read.input) });
    rendered.push({ id: p.id, out: r.out, data, files: out });
  }
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics, ws), programmes: [], checked: [] };

  const targets: { root: string; files: OutFile[] }[] = rendered.map((x) => ({ root: x.out, files: x.files }));
  if (!o.programme) {
    const rows = rendered.map((x) => ({ data: x.data, out: relative(project.dir, x.out).split('\\').join('/') }));
    const regMd = registerMarkdown(rows, templates, org.name);
    const files: OutFile[] = [];
    if (o.formats.includes('md')) files.push({ path: EVIDENCE_PATHS.md, content: regMd });
    if (o.formats.includes('html')) files.push({ path: EVIDENCE_PATHS.html, content: registerHtml(regMd, md, org.name) });
    if (o.formats.includes('json'))
      files.push({
        path: EVIDENCE_PATHS.json,
        content: jsonText({ organisation: org.name ?? null, programmes: rows.map((x) => ({ out: x.out, ...x.data })) }),
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
