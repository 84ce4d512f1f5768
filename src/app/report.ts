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
import { computeReport, type ReportData, type ResponseFile, type Responses } from '../pipeline/report/report-data.js';
import { didYouMean } from '../model/text.js';
import { comparePack, driftOf, reportManifest, writeFilesInPlace, type OutFile } from '../pipeline/write/write.js';
import { refusalError, shownUnder, type Drift } from '../model/refusals.js';
import { reportAt } from '../pipeline/lint/lint.js';

type ReportFormat = 'md' | 'html' | 'json';

export interface ReportOptions {
  cwd: string;
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

/** Read the filled forms that exist; a symlink or an oversized file is a diagnostic, not a read. */
function readResponses(dir: string, cwd: string, checkIns: number[], sessions: number[]): { responses: Responses; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const read = (name: string): ResponseFile | undefined => {
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
  };
  const responses: Responses = {
    baseline: read('baseline.csv'),
    checkIns: new Map(checkIns.flatMap((n) => (read(`check-in-${n}.csv`) ? [[n, read(`check-in-${n}.csv`)!]] : []))),
    pulses: new Map(sessions.flatMap((n) => (read(`pulse-session-${n}.csv`) ? [[n, read(`pulse-session-${n}.csv`)!]] : []))),
    skillsPre: read('skills-pre.csv'),
    skillsPost: read('skills-post.csv'),
  };
  return { responses, diagnostics };
}

/**
 * cocoon report: for each programme of the project that has responses (or the one named), compute
 * the report from `<pack>/responses/*.csv` and write report/report.{json,md,html} and
 * leader/results.md into the pack, plus report/portfolio.* in the project. Any error: nothing is written.
 */
export async function reportProject(o: ReportOptions, ws: Workspace): Promise<ReportOutcome> {
  const file = configPath(o.cwd, o.config);
  const project = loadProject(file, ws);
  if (hasErrors(governed(project.diagnostics, ws))) return { diagnostics: finish(project.diagnostics, ws), programmes: [], checked: [] };
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
  // The programme's own warnings belong to validate and build; only errors stop a report.
  const errors = governed(found, ws).filter((d) => d.severity === 'error');
  if (errors.length) return { diagnostics: finish(errors, ws), programmes: [], checked: [] };
  const chosen = resolved.filter((r) => o.programme || existsSync(join(r.out, 'responses')));
  if (o.responses && chosen.length !== 1)
    throw new UsageError('--responses needs one programme: add --programme <id>', "Or put each programme's filled forms in <pack>/responses/.");
  if (!chosen.length)
    throw new UsageError(
      'No programme has responses yet',
      'Copy the forms of a pack (forms/*.csv) into <pack>/responses/, fill them in, and run `cocoon report` again.',
    );

  const { createMarkdown } = await import('../pipeline/render/html.js');
  const { reportMarkdown, reportHtml, resultsMarkdown, portfolioMarkdown, portfolioHtml } = await import('../pipeline/report/report.js');
  const md = createMarkdown();
  const diagnostics: Diagnostic[] = [];
  const rendered: { r: (typeof chosen)[number]; data: ReportData; files: OutFile[] }[] = [];
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
      r.planned.checkIns.map((c) => c.number),
      r.planned.sessions.map((s) => s.number),
    );
    diagnostics.push(...read.diagnostics);
    const { data, diagnostics: more } = computeReport(r.planned, read.responses, o.minGroup);
    diagnostics.push(...more);
    if (!data) continue;
    const markdown = reportMarkdown(data, r.planned);
    const files: OutFile[] = [];
    if (o.formats.includes('json')) files.push({ path: 'report/report.json', content: `${JSON.stringify(data, null, 2)}\n` });
    if (o.formats.includes('md')) files.push({ path: 'report/report.md', content: markdown });
    if (o.formats.includes('html')) files.push({ path: 'report/report.html', content: reportHtml(data, r.planned, markdown, md) });
    files.push({ path: 'leader/results.md', content: resultsMarkdown(data, r.planned) });
    rendered.push({ r, data, files });
  }
  if (hasErrors(governed(diagnostics, ws))) return { diagnostics: finish(diagnostics, ws), programmes: [], checked: [] };

  const targets: { root: string; files: OutFile[] }[] = rendered.map((x) => ({ root: x.r.out, files: x.files }));
  if (!o.programme) {
    const rows = rendered.map((x) => ({ data: x.data, out: relative(project.dir, x.r.out).split('\\').join('/') }));
    const org = project.config.org?.name;
    const pm = portfolioMarkdown(rows, org);
    const files: OutFile[] = [];
    if (o.formats.includes('json'))
      files.push({ path: 'report/portfolio.json', content: `${JSON.stringify({ programmes: rows.map((x) => x.data) }, null, 2)}\n` });
    if (o.formats.includes('md')) files.push({ path: 'report/portfolio.md', content: pm });
    if (o.formats.includes('html')) files.push({ path: 'report/portfolio.html', content: portfolioHtml(pm, md, org) });
    targets.push({ root: project.dir, files });
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
    programmes: rendered.map((x) => ({ id: x.r.planned.id, out: displayPath(x.r.out, o.cwd), data: x.data, files: x.files.map((f) => f.path), changed: [] })),
  };
}
