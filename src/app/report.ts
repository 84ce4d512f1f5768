import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../model/diagnostics.js';
import { UsageError } from '../model/errors.js';
import { configPath } from './build-project.js';
import { CSV_MAX_BYTES } from '../pipeline/load/csv.js';
import { displayPath } from '../pipeline/load/load.js';
import { finish, governed } from './stages.js';
import type { Workspace } from './workspace.js';
import { loadProject, resolveProgrammes } from './project.js';
import { computeReport, type Money, type ReportData, type ResponseFile, type Responses } from '../pipeline/report/report-data.js';
import { PROGRAMME_FILE, parseReportSpec, reportSpec, type ReportSpec } from '../pipeline/render/report-spec.js';
import type { PlannedProgramme } from '../pipeline/plan/plan.js';
import type { Org } from '../model/model.js';
import { didYouMean } from '../model/text.js';
import { jsonText } from '../model/escape/json.js';
import { comparePack, driftOf, reportManifest, writeFilesInPlace, type OutFile } from '../pipeline/write/write.js';
import { refusalError, shownUnder, type Drift } from '../model/refusals.js';
import { reportAt } from '../pipeline/lint/lint.js';

type ReportFormat = 'md' | 'html' | 'json';

export interface ReportOptions {
  cwd: string;
  /** `cocoon report <pack-dir>`: a pack, made by `cocoon plan` or by a project's build. */
  pack?: string;
  config?: string;
  programme?: string;
  responses?: string;
  minGroup: number;
  formats: readonly ReportFormat[];
  check?: boolean;
  force?: boolean;
}

interface ReportedProgramme {
  id: string;
  out: string;
  data: ReportData;
  files: string[];
  changed: string[];
}

export interface ReportOutcome {
  diagnostics: Diagnostic[];
  programmes: ReportedProgramme[];
  /** --check: each tree the report writes into (a pack, the project), as shown, and how it differs from what would be written. */
  checked: { shown: string; drift: Drift }[];
}

/**
 * One filled form in `dir`, if it is there: a symlink, a directory or an oversized file is a diagnostic,
 * not a read. `cocoon evidence` reads its records (attendance, skills) the same way.
 */
export function readFilledForm(dir: string, name: string, cwd: string, diagnostics: Diagnostic[]): ResponseFile | undefined {
  const file = join(dir, name);
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st) return undefined;
  const display = displayPath(file, cwd);
  const problem = st.isSymbolicLink()
    ? 'The file is a symlink; cocoon reads responses only from real files'
    : !st.isFile()
      ? 'This is not a file'
      : st.size > CSV_MAX_BYTES
        ? `The file is ${st.size} bytes; responses files are limited to ${CSV_MAX_BYTES} bytes`
        : undefined;
  if (problem) {
    diagnostics.push(reportAt('report/syntax', { messageId: 'unreadable', data: { reason: problem } }, { file: display, line: 1, column: 1 }));
    return undefined;
  }
  return { display, bytes: readFileSync(file) };
}

/** Read the filled forms that exist. */
function readResponses(dir: string, cwd: string, checkIns: number[], sessions: number[]): { responses: Responses; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const read = (name: string): ResponseFile | undefined => readFilledForm(dir, name, cwd, diagnostics);
  const responses: Responses = {
    baseline: read('baseline.csv'),
    checkIns: new Map(checkIns.flatMap((n) => (read(`check-in-${n}.csv`) ? [[n, read(`check-in-${n}.csv`)!]] : []))),
    pulses: new Map(sessions.flatMap((n) => (read(`pulse-session-${n}.csv`) ? [[n, read(`pulse-session-${n}.csv`)!]] : []))),
    skillsPre: read('skills-pre.csv'),
    skillsPost: read('skills-post.csv'),
    attendance: read('attendance.csv'),
  };
  return { responses, diagnostics };
}

/** The money the cost and return section needs: both org.hourly_cost and org.currency, or nothing. */
function moneyOf(org: Org | undefined, p: PlannedProgramme): Money | undefined {
  if (org?.hourly_cost === undefined || !org.currency) return undefined;
  return { currency: org.currency, hourly_cost: org.hourly_cost, facilitator_hours: p.costs?.facilitator_hours ?? 0, other: p.costs?.other ?? 0 };
}

interface Source {
  out: string;
  spec: ReportSpec;
  money?: Money;
  org?: string;
  planPack?: boolean;
}

/**
 * cocoon report: for each programme of the project that has responses (or the one named), or for the
 * one pack named, compute the report from `<pack>/responses/*.csv` and write
 * report/report.{json,md,html} and leader/results.{md,html} into the pack, plus report/portfolio.*
 * in the project. Any error: nothing is written.
 */
export async function reportProject(o: ReportOptions, ws: Workspace): Promise<ReportOutcome> {
  const packDir = o.pack ? resolve(o.cwd, o.pack) : undefined;
  const hasProject = existsSync(resolve(o.cwd, o.config ?? 'cocoon.yaml'));
  // A pack with no project around it (made by `cocoon plan`): its forms/programme.json says what it is.
  if (packDir && !hasProject) return reportPacks(o, ws, [readPackSpec(packDir, o.cwd)], false);
  if (!packDir && !hasProject && existsSync(join(o.cwd, PROGRAMME_FILE))) return reportPacks(o, ws, [readPackSpec(o.cwd, o.cwd)], false);
  if (!hasProject && !o.config)
    throw new UsageError(
      'No project file at cocoon.yaml, and no pack named',
      'For a pack made by `cocoon plan`, name it: `cocoon report programmes/<role>`. For a project, run it where cocoon.yaml is.',
    );
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, ws);
  if (hasErrors(governed(project.diagnostics, ws))) return { diagnostics: finish(project.diagnostics, ws), programmes: [], checked: [] };
  let sources = project.programmes;
  const wanted = o.programme;
  if (wanted) {
    sources = sources.filter((s) => s.programme.id === wanted);
    if (!sources.length) {
      const ids = project.programmes.map((s) => s.programme.id);
      const guess = didYouMean(wanted, ids);
      throw new UsageError(
        `--programme: no programme \`${wanted}\` in ${displayPath(file, o.cwd)}${guess ? `; did you mean \`${guess}\`?` : ''}`,
        `Programmes: ${ids.join(', ') || 'none'}.`,
      );
    }
  }
  const { resolved, diagnostics: found } = resolveProgrammes(sources, { rolesDir: project.rolesDir, projectDir: project.dir, org: project.config.org }, ws);
  // The programme's own warnings belong to validate and build; only errors stop a report.
  const errors = governed(found, ws).filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: finish(errors, ws), programmes: [], checked: [] };
  let chosen = resolved.filter((r) => o.programme || existsSync(join(r.out, 'responses')));
  if (packDir) {
    // `cocoon report <pack>` inside a project: the project's programme written there, with its money.
    chosen = resolved.filter((r) => resolve(r.out) === packDir);
    if (!chosen.length) return reportPacks(o, ws, [readPackSpec(packDir, o.cwd)], false);
  }
  if (o.responses && chosen.length !== 1)
    throw new UsageError('--responses needs one programme: add --programme <id>', "Or put each programme's filled forms in <pack>/responses/.");
  if (!chosen.length)
    throw new UsageError(
      'No programme has responses yet',
      'Copy the forms of a pack (forms/*.csv) into <pack>/responses/, fill them in, and run `cocoon report` again.',
    );
  const org = project.config.org;
  return reportPacks(
    o,
    ws,
    chosen.map((r) => ({ out: r.out, spec: reportSpec(r.planned), money: moneyOf(org, r.planned), org: org?.name })),
    !o.programme && !packDir,
    project.dir,
    org?.name,
    project.templatesDir,
  );
}

/** forms/programme.json of a pack, or a usage error that says what to do. */
function readPackSpec(dir: string, cwd: string): Source {
  const file = join(dir, PROGRAMME_FILE);
  if (!existsSync(dir))
    throw new UsageError(`No pack at ${displayPath(dir, cwd)}`, 'Name the folder `cocoon plan` wrote, e.g. `cocoon report programmes/finance`.');
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st?.isFile())
    throw new UsageError(
      `${displayPath(dir, cwd)} has no ${PROGRAMME_FILE}`,
      'Packs written by this version of `cocoon plan` carry it; plan the pack again (your responses/ folder is kept), or run `cocoon report --programme <id>` in the project.',
    );
  if (st.size > CSV_MAX_BYTES) throw new UsageError(`${displayPath(file, cwd)} is ${st.size} bytes: not a file cocoon wrote`);
  const spec = parseReportSpec(readFileSync(file, 'utf8'));
  if ('problem' in spec) throw new UsageError(`${displayPath(file, cwd)} cannot be read: ${spec.problem}`, 'Plan the pack again with `cocoon plan`.');
  return { out: dir, spec, org: spec.org, planPack: true };
}

async function reportPacks(
  o: ReportOptions,
  ws: Workspace,
  chosen: readonly Source[],
  portfolio: boolean,
  projectDir?: string,
  orgName?: string,
  templatesDir?: string,
): Promise<ReportOutcome> {
  const { createMarkdown } = await import('../pipeline/render/html.js');
  const { loadMarkdownTemplates } = await import('../pipeline/render/markdown.js');
  // The pages' words are templates (templates/md/report.md.hbs, leader-results.md.hbs): a project's templates_dir overrides them by name.
  const templates = loadMarkdownTemplates(templatesDir, ws.templates);
  const { reportMarkdown, reportHtml, resultsMarkdown, resultsHtml, portfolioMarkdown, portfolioHtml } = await import('../pipeline/report/report.js');
  const md = createMarkdown();
  const diagnostics: Diagnostic[] = [];
  const rendered: { r: Source; data: ReportData; files: OutFile[] }[] = [];
  for (const r of chosen) {
    const dir = o.responses ? resolve(o.cwd, o.responses) : join(r.out, 'responses');
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) throw new UsageError(`No responses directory at ${displayPath(dir, o.cwd)}`, 'Copy the forms of the pack (forms/*.csv) there and fill them in.');
    // L13: --responses names a folder of filled forms, not one form. L2: never followed through a link.
    if (st.isSymbolicLink())
      throw new UsageError(
        `${displayPath(dir, o.cwd)} is a symlink; cocoon reads responses only from a real directory`,
        'Copy the filled forms into a real responses/ directory (personal data should not be reached through a link).',
      );
    if (!st.isDirectory())
      throw new UsageError(
        `${o.responses ? '--responses: ' : ''}${displayPath(dir, o.cwd)} is a file, not a directory of filled forms`,
        'Give the directory that holds baseline.csv, check-in-N.csv and the other filled forms.',
      );
    const read = readResponses(
      dir,
      o.cwd,
      r.spec.check_ins.map((c) => c.number),
      r.spec.sessions.map((s) => s.number),
    );
    diagnostics.push(...read.diagnostics);
    const { data, diagnostics: more } = computeReport(r.spec, read.responses, o.minGroup, r.money);
    diagnostics.push(...more);
    if (!data) continue;
    const page = { org: r.org, planPack: r.planPack };
    const markdown = reportMarkdown(data, page, templates);
    const results = resultsMarkdown(data, page, templates);
    const files: OutFile[] = [];
    if (o.formats.includes('json')) files.push({ path: 'report/report.json', content: jsonText(data) });
    if (o.formats.includes('md')) files.push({ path: 'report/report.md', content: markdown });
    if (o.formats.includes('html')) files.push({ path: 'report/report.html', content: reportHtml(data, page, markdown, md) });
    files.push({ path: 'leader/results.md', content: results });
    if (o.formats.includes('html')) files.push({ path: 'leader/results.html', content: resultsHtml(data, page, results, md) });
    rendered.push({ r, data, files });
  }
  if (hasErrors(governed(diagnostics, ws))) return { diagnostics: finish(diagnostics, ws), programmes: [], checked: [] };

  const targets: { root: string; files: OutFile[] }[] = rendered.map((x) => ({ root: x.r.out, files: x.files }));
  if (portfolio && projectDir) {
    const rows = rendered.map((x) => ({ data: x.data, out: relative(projectDir, x.r.out).split('\\').join('/') }));
    const pm = portfolioMarkdown(rows, orgName);
    const files: OutFile[] = [];
    if (o.formats.includes('json')) files.push({ path: 'report/portfolio.json', content: jsonText({ programmes: rows.map((x) => x.data) }) });
    if (o.formats.includes('md')) files.push({ path: 'report/portfolio.md', content: pm });
    if (o.formats.includes('html')) files.push({ path: 'report/portfolio.html', content: portfolioHtml(pm, md, orgName) });
    targets.push({ root: projectDir, files });
  }

  // One comparison per tree, made before anything is written: a refusal in any tree leaves every tree as it was.
  const trees = targets.map((t) => {
    const manifest = reportManifest(t.root, t.files);
    const cmp = comparePack(t.root, t.files, manifest, { force: o.check ? false : o.force, keepCurrent: o.check });
    return { ...t, manifest, cmp, shown: relative(o.cwd, t.root) === '' ? '.' : displayPath(t.root, o.cwd) };
  });
  const checked: ReportOutcome['checked'] = [];
  if (o.check) for (const t of trees) checked.push({ shown: t.shown, drift: await driftOf(t.cmp, t.files, t.manifest) });
  else {
    const refused = trees.flatMap((t) => shownUnder(t.shown, t.cmp.refused));
    if (refused.length) throw refusalError(refused, 'report');
    writeFilesInPlace(trees);
  }
  return {
    diagnostics: finish(diagnostics, ws),
    checked,
    programmes: rendered.map((x) => ({
      id: x.r.spec.programme,
      out: displayPath(x.r.out, o.cwd),
      data: x.data,
      files: x.files.map((f) => f.path),
      changed: [],
    })),
  };
}
