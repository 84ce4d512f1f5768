import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Blueprint } from '../core/blueprint.js';
import { TEMPLATES_DIR, readTemplateFile } from '../core/load.js';
import type { PlannedProgramme } from '../core/plan.js';
import { createEnv, type Compiled } from './handlebars.js';
import { buildView } from './view.js';

export interface PackFile {
  /** Path inside the pack, forward slashes. */
  path: string;
  content: string;
}

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
] as const;
type PageName = (typeof PAGE_TEMPLATES)[number];

export type MarkdownTemplates = Record<PageName, Compiled>;

const cache = new Map<string, MarkdownTemplates>();

/** Compile the Markdown templates once per override directory; a user's file replaces the built-in one of the same name. */
export function loadMarkdownTemplates(overrideDir?: string): MarkdownTemplates {
  const key = overrideDir ?? '';
  const hit = cache.get(key);
  if (hit) return hit;
  const env = createEnv();
  const partialsDir = join(TEMPLATES_DIR, 'md', 'partials');
  for (const file of readdirSync(partialsDir).sort()) {
    if (!file.endsWith('.hbs')) continue;
    const t = readTemplateFile(join('md', 'partials', file), overrideDir);
    env.registerPartial(file.slice(0, -'.hbs'.length), t.text, t.file);
  }
  const pages = {} as MarkdownTemplates;
  for (const name of PAGE_TEMPLATES) {
    const t = readTemplateFile(join('md', name), overrideDir);
    pages[name] = env.compile(t.file, t.text);
  }
  cache.set(key, pages);
  return pages;
}

/**
 * Deterministic Markdown: LF, no trailing spaces, at most one blank line in a row outside code fences,
 * exactly one newline at the end. Templates stay readable; the output stays lint-clean.
 */
export function tidyMarkdown(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = fence ? raw : raw.replace(/[ \t]+$/, (m) => (m === '  ' ? m : ''));
    const f = /^(`{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1];
      else if (line.trim() === fence) fence = undefined;
    }
    if (!fence && line.trim() === '' && (out.length === 0 || out[out.length - 1]!.trim() === '')) continue;
    out.push(fence ? line : line.trim() === '' ? '' : line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  // A hard break (two spaces) at the end of a paragraph means nothing; drop it.
  return `${out.map((l, i) => (l.endsWith('  ') && (out[i + 1] ?? '').trim() === '' ? l.trimEnd() : l)).join('\n')}\n`;
}

export function renderMarkdownPack(p: PlannedProgramme, blueprint: Blueprint, templatesDir?: string): PackFile[] {
  const t = loadMarkdownTemplates(templatesDir);
  const view = buildView(p, blueprint);
  const page = (path: string, name: PageName, extra: Record<string, unknown> = {}): PackFile => ({ path, content: tidyMarkdown(t[name]({ ...view, ...extra })) });
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
  );
  return files;
}
