import { basename, extname, join } from 'node:path';
import type { Blueprint } from '../pipeline/plan/blueprint.js';
import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from '../model/diagnostics.js';
import { lintProgramme, lintRole, reportAt } from '../pipeline/lint/lint.js';
import { TEMPLATES_DIR } from '../assets/paths.js';
import { displayPath, loadYamlFile, type LoadContext } from '../pipeline/load/load.js';
import { TemplateError } from '../pipeline/render/handlebars.js';
import type { Format, Org, Programme, Role } from '../model/model.js';
import { planProgramme, type PlannedProgramme } from '../pipeline/plan/plan.js';
import { effectiveLoc, locate, type Parsed } from '../pipeline/load/source.js';
import { type Loc } from '../model/loc.js';
import { validateSchema } from '../pipeline/validate/validate.js';
import type { PackFile } from '../model/pack.js';
import type { Lang } from '../model/lang.js';
import { localizedBlueprint } from '../pipeline/render/messages.js';
import type { LoadedRoleResult, Workspace } from './workspace.js';
import type { BinaryFile } from '../pipeline/render/docx.js';
import { directives, govern } from './rule-policy.js';

/** The standard arc, read from templates/blueprint.yaml (data, not code); a run reads it once (ws.perRun). */
export function loadBlueprint(): Blueprint {
  const parsed = loadYamlFile(join(TEMPLATES_DIR, 'blueprint.yaml'), { cwd: TEMPLATES_DIR });
  if (parsed.diagnostics.length) throw new Error(`Built-in blueprint is broken: ${parsed.diagnostics[0]!.message}`);
  return parsed.data as Blueprint;
}

/** load → validate → lint for one role file. The role is returned only when it has no errors. */
export function loadRole(file: string, ctx: LoadContext, root?: string, parsed: Parsed = loadYamlFile(file, ctx, root)): LoadedRoleResult {
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  const diagnostics = validateSchema('role', parsed.data, parsed.source);
  const data = parsed.data as Partial<Role>;
  // `cocoon draft` writes `<id>.draft.yaml` beside the role: a draft of that role, with its id.
  const stem = basename(file, extname(file)).replace(/\.draft$/, '');
  if (typeof data.id === 'string' && data.id !== stem) {
    const pos = locate({ source: parsed.source, path: ['id'] });
    diagnostics.push({
      file: parsed.source.path,
      line: pos.line,
      column: pos.column,
      severity: 'error',
      rule: 'schema',
      message: `Role id \`${data.id}\` differs from the file name \`${stem}\``,
      hint: `Rename the file to ${data.id}.yaml or set \`id: ${stem}\`.`,
    });
  }
  if (hasErrors(diagnostics)) return { diagnostics };
  const role = parsed.data as Role;
  const at: Loc = { source: parsed.source, path: [] };
  return { role, at, diagnostics: [...diagnostics, ...lintRole({ role, at })] };
}

/**
 * A role file loaded once per run (the workspace's role index): the first call loads it, every later one
 * gets the same result with `first: false`, so its diagnostics are reported once.
 */
export function loadRoleOnce(ws: Workspace, file: string, root?: string, parsed?: Parsed): { loaded: LoadedRoleResult; first: boolean } {
  const known = ws.roles.get(file);
  if (known) return { loaded: known, first: false };
  const first = !ws.roles.has(file);
  const loaded = loadRole(file, ws, root, parsed);
  ws.roles.set(file, loaded);
  return { loaded, first };
}

export interface PlannedResult {
  planned: PlannedProgramme;
  diagnostics: Diagnostic[];
}

/** The blueprint in the pack's language (its titles, objectives and milestones from the catalogue); en alone is blueprint.yaml itself. */
function blueprintFor(ws: Pick<Workspace, 'perRun'>, lang: Lang = 'en', templatesDir?: string): Blueprint {
  const bp = ws.perRun(loadBlueprint);
  return lang === 'en' && !templatesDir ? bp : localizedBlueprint(bp, lang, templatesDir);
}

/** plan → lint: the resolved programme and everything the rules say about it. */
export function planAndLint(
  input: { role: Role; roleAt: Loc; programme: Programme; at: Loc; org?: Org; defaultFormats?: Format[] },
  ws: Pick<Workspace, 'perRun'>,
  words: { lang?: Lang; templatesDir?: string } = {},
): PlannedResult {
  const planned = planProgramme({ ...input, blueprint: blueprintFor(ws, words.lang, words.templatesDir) });
  return { planned, diagnostics: [...summerTimeDiagnostics(planned), ...lintProgramme(planned)] };
}

/**
 * A start time a summer-time change skips is an error (the agenda and the calendar could only disagree);
 * one it passes twice takes the first and says so.
 */
function summerTimeDiagnostics(p: PlannedProgramme): Diagnostic[] {
  const out: Diagnostic[] = [];
  const zone = p.schedule.timezone;
  const items = [...p.sessions.map((s) => ({ what: `session ${s.number}`, w: s })), ...p.checkIns.map((c) => ({ what: `check-in ${c.number}`, w: c }))];
  for (const { what, w } of items) {
    if (!w.dst) continue;
    const at = effectiveLoc({ ...p.at, path: [...p.at.path, 'schedule', 'time'] });
    const pos = locate(at);
    const date = (w.dateLabel ?? w.date ?? '').replace(/^[A-Za-z]+ /, '');
    const gap = w.dst.kind === 'gap';
    out.push({
      file: at.source.path,
      line: pos.line,
      column: pos.column,
      severity: gap ? 'error' : 'warning',
      rule: 'schema',
      message: gap
        ? `${p.schedule.time} does not exist on the day of ${what}: ${w.dst.from}–${w.dst.to} does not exist in ${zone} on ${date} (the clocks go forward)`
        : `${p.schedule.time} happens twice on the day of ${what}: ${w.dst.from}–${w.dst.to} repeats in ${zone} on ${date} (the clocks go back); the first is used (${w.offset})`,
      hint: gap
        ? `Start at ${w.dst.to} or later (schedule.time / --time), or move the date (schedule.start / --start, schedule.every / --every).`
        : `To avoid any doubt, start outside ${w.dst.from}–${w.dst.to} (schedule.time / --time) or move the date.`,
    });
  }
  return out;
}

/** A template error (a user's template in templates_dir) as a positioned diagnostic. */
export function templateDiagnostic(e: TemplateError, cwd: string): Diagnostic {
  return reportAt('template/syntax', { messageId: 'compile', data: { reason: e.message } }, { file: displayPath(e.file, cwd), line: e.line, column: e.column });
}

/** The diagnostics as the run's rule settings make them, with those about the settings themselves (app/rule-policy.ts). */
export const governed = (list: readonly Diagnostic[], ws: Pick<Workspace, 'policy'>): Diagnostic[] => [...govern(ws.policy, list), ...directives(ws.policy)];

/** The diagnostics a use case returns: governed, without repeats, sorted. */
export const finish = (list: readonly Diagnostic[], ws: Pick<Workspace, 'policy'>): Diagnostic[] => sortDiagnostics(dedupeDiagnostics(governed(list, ws)));

/** Who a pack is for: everyone (the whole pack), or participants only (a folder safe to share with them). */
export type Audience = 'all' | 'participant';

/** The files a participant may have: their own pages and decks (and their Word and SCORM versions), and the calendar of sessions and check-ins. */
export const isParticipantFile = (path: string): boolean =>
  path.startsWith('participant/') ||
  path.startsWith('docx/participant/') ||
  path.startsWith('scorm/') ||
  path.startsWith('prompts/') ||
  path === 'calendar.ics';

/**
 * Render every requested format, with the run's compiled templates (a project's own, from templatesDir)
 * and blueprint. HTML, ICS and slide renderers are imported only when asked for.
 */
export async function renderPack(
  planned: PlannedProgramme,
  formats: readonly Format[],
  ws: Pick<Workspace, 'templates' | 'perRun'>,
  { templatesDir, audience = 'all', lang = 'en' }: { templatesDir?: string; audience?: Audience; lang?: Lang } = {},
): Promise<(PackFile | BinaryFile)[]> {
  const { loadMarkdownTemplates, renderMarkdownPack } = await import('../pipeline/render/markdown.js');
  const { loadMessages, localizedPlan } = await import('../pipeline/render/messages.js');
  const blueprint = blueprintFor(ws, lang, templatesDir);
  const msg = await loadMessages(lang, templatesDir);
  planned = localizedPlan(planned, msg);
  const md = renderMarkdownPack(planned, blueprint, loadMarkdownTemplates(templatesDir, ws.templates, lang), msg);
  const files: (PackFile | BinaryFile)[] = formats.includes('md') ? [...md] : [];
  // The forms are in every pack, whatever the formats: they are data, not a rendering.
  const { renderForms } = await import('../pipeline/render/forms.js');
  files.push(...renderForms(planned, msg));
  // Beside the forms, the planned half of the AI-literacy record, so `cocoon evidence <pack-dir>` needs no project.
  const { EVIDENCE_PLAN_FILE, evidencePlanText } = await import('../pipeline/evidence/plan-file.js');
  files.push({ path: EVIDENCE_PLAN_FILE, content: evidencePlanText(planned) });
  if (formats.includes('html')) {
    const { createMarkdown, renderHtmlPack } = await import('../pipeline/render/html.js');
    files.push(...renderHtmlPack(planned, md, ws.perRun(createMarkdown), msg));
  }
  if (formats.includes('ics')) {
    const { renderCalendar, renderSponsorCalendar } = await import('../pipeline/render/ics.js');
    const ics = renderCalendar(planned, msg);
    if (ics) files.push(ics);
    const sponsor = planned.sponsorEvents ? renderSponsorCalendar(planned, msg) : undefined;
    if (sponsor) files.push(sponsor);
  }
  if (formats.includes('slides')) {
    const { renderDecks } = await import('../pipeline/render/slides.js');
    files.push(...renderDecks(planned, blueprint, msg));
  }
  if (formats.includes('prompts')) {
    const { renderPromptExports } = await import('../pipeline/render/prompt-exports.js');
    files.push(...renderPromptExports(planned));
  }
  if (formats.includes('docx')) {
    const { createMarkdown } = await import('../pipeline/render/html.js');
    const { renderDocxPack } = await import('../pipeline/render/docx.js');
    files.push(...(await renderDocxPack(planned, md, ws.perRun(createMarkdown))));
  }
  if (formats.includes('scorm')) {
    const { createMarkdown } = await import('../pipeline/render/html.js');
    const { renderScormPackage } = await import('../pipeline/render/scorm.js');
    files.push(renderScormPackage(planned, md, ws.perRun(createMarkdown), msg));
  }
  return (audience === 'participant' ? files.filter((f) => isParticipantFile(f.path)) : files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Let a SIGINT or SIGTERM that arrived while the thread was busy reach its listener (io.trapInterrupts)
 * before the caller looks at the abort signal. A signal is read in the event loop's poll phase; a write
 * that ends inside an I/O callback would otherwise look before the next poll. Two turns of the check
 * phase put one poll phase between now and the look.
 */
export const signalsDelivered = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
