import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Blueprint } from '../plan/blueprint.js';
import { TEMPLATES_DIR } from '../../assets/paths.js';
import { prebuilt } from '../../assets/prebuilt.js';
import { readTemplateFile } from '../load/load.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { withoutControls } from '../../model/escape/controls.js';
import { createEnv } from './handlebars.js';
import type { Compiled } from './helpers.js';
import { createRuntimeEnv } from './runtime.js';
import { formsView } from './forms.js';
import { buildView } from './view.js';
import { KIT_PAGE_TEMPLATES, kitPages, kitsView } from './kits.js';
import type { Messages } from './messages.js';
import type { PackFile } from '../../model/pack.js';
import { isLangTag, type Lang } from '../../model/lang.js';

const PAGE_TEMPLATES = [
  'readme.md.hbs',
  'facilitator-guide.md.hbs',
  'facilitator-session.md.hbs',
  'participant-session.md.hbs',
  'prompts.md.hbs',
  'practice.md.hbs',
  'project.md.hbs',
  'check-ins.md.hbs',
  'leader-guide.md.hbs',
  'skills-check.md.hbs',
  'facilitator-skills-check.md.hbs',
  'facilitator-check-ins.md.hbs',
  ...KIT_PAGE_TEMPLATES,
  'participant-readme.md.hbs',
  'quick-reference.md.hbs',
  'norms-poster.md.hbs',
  // cocoon evidence (pipeline/evidence), compiled with the pack's templates so templates_dir reaches it too.
  'evidence.md.hbs',
  'evidence-register.md.hbs',
  // evidence/register.csv's first line (plain text: the personal-data warning).
  'register-notice.md.hbs',
  // cocoon report (pipeline/report): report/report.md and leader/results.md; the cost section is the partial report-roi.
  'report.md.hbs',
  'leader-results.md.hbs',
] as const;
type PageName = (typeof PAGE_TEMPLATES)[number];

export type MarkdownTemplates = Record<PageName, Compiled>;

/**
 * Compiled templates by templates directory ('' for the built-in ones). One per run, held by the run's
 * Workspace (app/workspace.ts): a project's template edited between two runs of one process is read again.
 */
export type TemplateCache = Map<string, MarkdownTemplates>;

interface TemplateSources {
  partials: { name: string; file: string; text: string }[];
  pages: { name: PageName; file: string; text: string }[];
  hash: string;
}

/**
 * The built-in templates (or a project's replacements, by file name), and a hash of them all.
 * @public for scripts/build-templates.mjs too, which imports it from dist/.
 */
export function templateSources(overrideDir?: string, lang: Lang = 'en'): TemplateSources {
  const partials = readdirSync(join(TEMPLATES_DIR, 'md', 'partials'))
    .filter((f) => f.endsWith('.hbs'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.hbs'.length), ...readTemplateFile(join('md', 'partials', f), overrideDir, lang) }));
  const pages = PAGE_TEMPLATES.map((name) => ({ name, ...readTemplateFile(join('md', name), overrideDir, lang) }));
  const hash = createHash('sha256');
  for (const t of [...partials, ...pages]) hash.update(`${t.name}\0${t.text}\0`);
  return { partials, pages, hash: hash.digest('hex') };
}

interface Precompiled {
  hash: string;
  partials: Record<string, object>;
  pages: Record<string, object>;
}

/** Languages whose page templates cocoon translates (templates/i18n/<lang>/): the build precompiles each. @public for scripts/build-templates.mjs. */
export function translatedLanguages(): string[] {
  const dir = join(TEMPLATES_DIR, 'i18n');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((l) => isLangTag(l))
        .sort()
    : [];
}

/**
 * The Markdown templates of one language, compiled once per override directory, language and cache.
 * Built-in templates run precompiled (dist/templates.cjs, made at build time) when it was built from these
 * exact sources; a project's own templates, or a stale build, are compiled here.
 */
export function loadMarkdownTemplates(overrideDir: string | undefined, cache: TemplateCache = new Map(), lang: Lang = 'en'): MarkdownTemplates {
  const key = `${lang}\0${overrideDir ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const sources = templateSources(overrideDir, lang);
  let pages: MarkdownTemplates | undefined;
  if (!overrideDir || !sources.pages.concat(sources.partials as never[]).some((t) => t.file.startsWith(overrideDir))) {
    try {
      const all = prebuilt('templates') as Precompiled & { languages?: Record<string, Precompiled> };
      const built = lang === 'en' ? all : Object.values(all.languages ?? {}).find((l) => l.hash === sources.hash);
      if (built?.hash === sources.hash) pages = createRuntimeEnv(built) as MarkdownTemplates;
    } catch {
      /* not built (running from source): compile below */
    }
  }
  if (!pages) {
    const env = createEnv();
    for (const t of sources.partials) env.registerPartial(t.name, t.text, t.file);
    pages = {} as MarkdownTemplates;
    for (const t of sources.pages) pages[t.name] = env.compile(t.file, t.text);
  }
  cache.set(key, pages);
  return pages;
}

/**
 * Deterministic Markdown: LF, no control characters, no trailing spaces, at most one blank line in a row outside code fences,
 * exactly one newline at the end. Templates stay readable; the output stays lint-clean.
 */
export function tidyMarkdown(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let lastBlank = true; // so blank lines at the top are dropped
  const clean = withoutControls(text);
  for (const raw of (clean.includes('\r') ? clean.replace(/\r\n?/g, '\n') : clean).split('\n')) {
    let line = raw;
    if (!fence) {
      const end = raw.charCodeAt(raw.length - 1);
      if (end === 32 || end === 9) line = raw.replace(/[ \t]+$/, (m) => (m === '  ' ? m : ''));
    }
    if (line.charCodeAt(0) === 96) {
      const f = /^(`{3,})/.exec(line);
      if (f) {
        if (!fence) fence = f[1];
        else if (line.trim() === fence) fence = undefined;
      }
    }
    const blank = line.length === 0 || line.trim() === '';
    if (!fence && blank && lastBlank) continue;
    out.push(fence || !blank ? line : '');
    lastBlank = blank;
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  // A hard break (two spaces) at the end of a paragraph means nothing; drop it.
  for (let i = 0; i < out.length; i++) if (out[i]!.endsWith('  ') && (out[i + 1] ?? '').trim() === '') out[i] = out[i]!.trimEnd();
  return `${out.join('\n')}\n`;
}

/** What every page template sees: the view, with the forms (issue 17) and the people kits (issue 19). */
function packView(p: PlannedProgramme, blueprint: Blueprint, msg: Messages) {
  const base = buildView(p, blueprint, msg);
  return { ...base, forms: formsView(p, msg), kits: kitsView(p, base, msg), msg };
}

/**
 * Every field name a page template can read for this programme (the view's keys at any depth, and the
 * extra keys some pages get), so a project's template that reads another name is an error (B17).
 */
export function viewFieldNames(p: PlannedProgramme, blueprint: Blueprint, msg: Messages): Set<string> {
  const view = packView(p, blueprint, msg);
  const names = new Set<string>(['session']);
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 16) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v)) {
      names.add(k);
      walk(x, depth + 1);
    }
  };
  walk(view, 0);
  for (const k of kitPages(view.kits)) walk(k.extra, 0);
  return names;
}

export function renderMarkdownPack(p: PlannedProgramme, blueprint: Blueprint, t: MarkdownTemplates, msg: Messages): PackFile[] {
  const view = packView(p, blueprint, msg);
  const page = (path: string, name: PageName, extra: Record<string, unknown> = {}): PackFile => ({
    path,
    content: tidyMarkdown(t[name]({ ...view, ...extra })),
  });
  const files: PackFile[] = [page('README.md', 'readme.md.hbs'), page('facilitator/guide.md', 'facilitator-guide.md.hbs')];
  for (const session of view.sessions) {
    files.push(page(`facilitator/session-${session.number}.md`, 'facilitator-session.md.hbs', { session }));
    files.push(page(`participant/session-${session.number}.md`, 'participant-session.md.hbs', { session }));
  }
  files.push(
    page('participant/prompts.md', 'prompts.md.hbs'),
    page('participant/practice.md', 'practice.md.hbs'),
    page('participant/project.md', 'project.md.hbs'),
    page('participant/check-ins.md', 'check-ins.md.hbs'),
    page('leader/guide.md', 'leader-guide.md.hbs'),
    page('participant/skills-check.md', 'skills-check.md.hbs'),
    page('facilitator/skills-check.md', 'facilitator-skills-check.md.hbs'),
    page('facilitator/check-ins.md', 'facilitator-check-ins.md.hbs'),
    // The participant pack (issue 18): its own front page, a one-page card and the norms poster.
    page('participant/README.md', 'participant-readme.md.hbs'),
    page('participant/quick-reference.md', 'quick-reference.md.hbs'),
    page('participant/norms.md', 'norms-poster.md.hbs'),
  );
  for (const k of kitPages(view.kits)) files.push(page(k.path, k.name, k.extra));
  return files;
}
