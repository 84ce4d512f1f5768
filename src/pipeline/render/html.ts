import MarkdownIt from 'markdown-it';
import { htmlStylesheet } from '../../assets/styles.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { html } from '../../model/escape/html.js';
import { scriptString } from '../../model/escape/json.js';
import type { Messages } from './messages.js';
import { pageLang } from '../../model/lang.js';
import type { PackFile } from '../../model/pack.js';
import { timelineSvg } from './timeline.js';

/**
 * HTML pages are rendered from the Markdown pages (markdown-it), so the two can never disagree.
 * Each page is self-contained: inline CSS, no fonts or images, no network; a small inline script
 * adds copy buttons to the prompt library and nothing depends on it.
 */

const htmlPathFor = (mdPath: string): string =>
  /(^|\/)README\.md$/.test(mdPath) ? mdPath.replace(/README\.md$/, 'index.html') : mdPath.replace(/\.md$/, '.html');

function relative(from: string, to: string): string {
  const depth = from.split('/').length - 1;
  return `${'../'.repeat(depth)}${to}`;
}

/**
 * Syntax cocoon never writes (its escaping rules it out of role text too): switching the rules off
 * makes rendering about a third faster and changes no page — tests/render/html.test.ts renders every
 * page of the example packs both ways and compares.
 */
const UNUSED_MARKDOWN_RULES = [
  'reference',
  'lheading',
  'image',
  'autolink',
  'html_inline',
  'html_block',
  'linkify',
  'replacements',
  'smartquotes',
  'strikethrough',
];

export function createMarkdown(lean = true): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  // normalize turns CR LF into LF and NUL into U+FFFD: tidyMarkdown has done both already.
  if (lean) md.disable(UNUSED_MARKDOWN_RULES).core.ruler.disable('normalize');
  const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = token.attrGet('href');
    if (href && !/^[a-z]+:/i.test(href)) token.attrSet('href', href.replace(/(^|\/)README\.md$/, '$1index.html').replace(/\.md(#|$)/, '.html$1'));
    return defaultLink(tokens, idx, options, env, self);
  };
  md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';
  return md;
}

interface NavItem {
  label: string;
  path: string;
}

/** What a pack page's shell needs of its programme: a page outside the plan (the evidence record of a plan pack) brings just this. */
export interface PageShell {
  title: string;
  org: { name?: string };
  role: { name: string };
  sessions: readonly { number: number }[];
}

function navFor(path: string, p: PageShell, t: Messages['t']): NavItem[] {
  // A participant page links only to participant pages: the folder can be shared without the notes.
  if (path.startsWith('participant/'))
    return [
      { label: t('html.nav.yourPack'), path: 'participant/index.html' },
      ...p.sessions.map((s) => ({ label: t('html.nav.session', { n: s.number }), path: `participant/session-${s.number}.html` })),
      { label: t('html.nav.prompts'), path: 'participant/prompts.html' },
      { label: t('html.nav.quickReference'), path: 'participant/quick-reference.html' },
      { label: t('html.nav.practice'), path: 'participant/practice.html' },
      { label: t('html.nav.project'), path: 'participant/project.html' },
      { label: t('html.nav.checkIns'), path: 'participant/check-ins.html' },
    ];
  const facilitator = path.startsWith('facilitator/');
  const sessions = p.sessions.map((s) => ({
    label: t('html.nav.session', { n: s.number }),
    path: facilitator ? `facilitator/session-${s.number}.html` : `participant/session-${s.number}.html`,
  }));
  return [
    { label: t('html.nav.overview'), path: 'index.html' },
    ...(facilitator ? [{ label: t('html.nav.facilitatorGuide'), path: 'facilitator/guide.html' }] : []),
    ...sessions,
    { label: t('html.nav.prompts'), path: 'participant/prompts.html' },
    { label: t('html.nav.practice'), path: 'participant/practice.html' },
    { label: t('html.nav.project'), path: 'participant/project.html' },
    { label: t('html.nav.checkIns'), path: 'participant/check-ins.html' },
    ...(path.startsWith('leader/') ? [{ label: t('html.nav.leaderGuide'), path: 'leader/guide.html' }] : []),
  ];
}

/** The copy button of prompt boxes; its labels are the page's language, as JSON string literals. */
const copyScript = (copy: string, copied: string): string => `document.querySelectorAll('pre').forEach(function (pre) {
  if (!navigator.clipboard) return;
  var wrap = document.createElement('div'); wrap.className = 'prompt-box';
  pre.parentNode.insertBefore(wrap, pre); wrap.appendChild(pre);
  var b = document.createElement('button'); b.type = 'button'; b.className = 'copy'; b.textContent = ${copy};
  b.addEventListener('click', function () {
    navigator.clipboard.writeText(pre.innerText).then(function () { b.textContent = ${copied}; setTimeout(function () { b.textContent = ${copy}; }, 1500); });
  });
  wrap.appendChild(b);
});`;

/** About a third of a printed page of text: a tail longer than this is left to break where it falls. */
const TAIL_CHARS = 1600;

/**
 * On paper, the end of a page must not spill a few lines onto a page of their own. The last one or
 * two sections (from a heading to the end) are kept together when they are short, so a spill moves
 * them whole and the last page holds more than a line or two. A long tail breaks where it falls.
 */
function keepTailTogether(body: string): string {
  const starts = [...body.matchAll(/<h[23][ >]/g)].map((m) => m.index);
  for (const start of [starts.at(-2), starts.at(-1)]) {
    if (start === undefined || start === 0) continue;
    const tail = body.slice(start);
    // Characters as printed: an entity (`&lt;`) is one, so escaping never changes the layout.
    if (tail.replace(/<[^>]+>/g, '').replace(/&(?:#\d+|#x[\da-f]+|\w+);/gi, '_').length <= TAIL_CHARS)
      return `${body.slice(0, start)}<div class="tail">\n${tail}</div>\n`;
  }
  return body;
}

/**
 * Where the overview's timeline goes: the README template emits this marker line (an HTML comment, so the
 * Markdown page shows nothing), and a project's own readme.md.hbs keeps the timeline by keeping the line.
 * A template without it falls back to just under the "Schedule" heading.
 */
const TIMELINE_MARKER = '<!-- cocoon:timeline -->';
const TIMELINE_SLOT = 'COCOON_TIMELINE_SLOT';

function renderHtmlPage(path: string, markdown: string, p: PlannedProgramme, md: MarkdownIt, msg: Messages): string {
  return renderShellPage(path, markdown, p, md, msg, () => timelineSvg(p, msg));
}

/** A pack page from its shell alone; `timeline` draws README's schedule (a page without a plan has none). */
export function renderShellPage(path: string, markdown: string, p: PageShell, md: MarkdownIt, msg: Messages, timeline: () => string = () => ''): string {
  const t = msg.t;
  const out = htmlPathFor(path);
  const marked = path === 'README.md' && markdown.includes(TIMELINE_MARKER);
  let body = md
    .render(marked ? markdown.replace(TIMELINE_MARKER, () => TIMELINE_SLOT) : markdown)
    .replace(/<li>\[([ xX])\] /g, (_, mark: string) =>
      mark === ' ' ? '<li class="task"><span class="box" aria-hidden="true"></span>' : '<li class="task done"><span class="box" aria-hidden="true">✓</span>',
    );
  // Facilitator-only boxes (brief, answer key, fallback output) are marked for the eye as well as in words.
  if (path.startsWith('facilitator/'))
    body = body.replaceAll(
      `<blockquote>\n<p><strong>${t('html.facilitatorOnly')}`,
      () => `<blockquote class="facilitator-only">\n<p><strong>${t('html.facilitatorOnly')}`,
    );
  // A run of underscores is a line to write on: on paper it becomes a box tall enough for handwriting.
  if (body.includes('______'))
    body = body
      .split(/(<pre[\s\S]*?<\/pre>)/)
      .map((part, i) => (i % 2 ? part : part.replace(/_{6,}/g, '<span class="blank"></span>')))
      .join('');
  if (!/participant\/(practice|check-ins|norms|quick-reference)\.md$/.test(path)) body = keepTailTogether(body);
  if (marked) body = body.replace(`<p>${TIMELINE_SLOT}</p>\n`, () => `${timeline()}\n`);
  else if (path === 'README.md') body = body.replace(`<h2>${t('html.schedule')}</h2>\n`, () => `<h2>${t('html.schedule')}</h2>\n${timeline()}\n`);
  const title = /^# (.*)$/m.exec(markdown)?.[1]?.replace(/\\(.)/g, '$1') ?? p.title;
  const nav = navFor(path, p, t)
    .map((n) => `<li><a href="${html(relative(out, n.path))}"${n.path === out ? ' aria-current="page"' : ''}>${html(n.label)}</a></li>`)
    .join('');
  const pageClass = /participant\/(practice|check-ins)\.md$/.test(path)
    ? ` class="by-session${path.endsWith('check-ins.md') ? ' writable' : ''}"`
    : path === 'participant/quick-reference.md'
      ? ' class="card"'
      : path === 'participant/norms.md'
        ? ' class="poster"'
        : /^participant\/session-\d+\.md$/.test(path)
          ? ' class="writable"'
          : path.startsWith('evidence/')
            ? ' class="record"'
            : '';
  const script =
    path === 'participant/prompts.md' || path.startsWith('comms/')
      ? `\n<script>\n${copyScript(scriptString(t('html.copy')), scriptString(t('html.copied')))}\n</script>`
      : '';
  return htmlDocument({
    // The overview is headed by the programme title itself: it is named once.
    title: title === p.title ? html(title) : `${html(title)} · ${html(p.title)}`,
    bodyAttrs: pageClass,
    brand: html([p.org.name, p.title].filter(Boolean).join(' · ')),
    nav: `<nav class="pack" aria-label="${html(t('html.navLabel'))}"><ul>${nav}</ul></nav>\n`,
    body,
    footer: html(t('html.footer', { role: p.role.name })),
    tail: script,
    lang: pageLang(msg.lang),
    skip: html(t('html.skip')),
  });
}

/** The one page shell of every HTML file cocoon writes (pack pages and the report portfolio). Every argument is HTML already. */
export function htmlDocument(o: {
  title: string;
  bodyAttrs?: string;
  brand: string;
  nav?: string;
  body: string;
  footer: string;
  tail?: string;
  /** The page's language tag (default en-GB, cocoon's English). */
  lang?: string;
  /** The skip link's words, HTML already. */
  skip?: string;
}): string {
  return `<!DOCTYPE html>
<html lang="${o.lang ?? 'en-GB'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cocoon">
<title>${o.title}</title>
<style>
${htmlStylesheet()}</style>
</head>
<body${o.bodyAttrs ?? ''}>
<a class="skip" href="#content">${o.skip ?? 'Skip to content'}</a>
<header class="site"><div class="inner"><p class="brand">${o.brand}</p></div></header>
${o.nav ?? ''}<main id="content">
${o.body}</main>
<footer class="site"><div class="inner">${o.footer}</div></footer>${o.tail ?? ''}
</body>
</html>
`;
}

/** The HTML pages of a pack. `md` may be shared by every pack of a run (markdown-it keeps no state between renders). */
export function renderHtmlPack(p: PlannedProgramme, mdFiles: readonly PackFile[], md: MarkdownIt, msg: Messages): PackFile[] {
  return mdFiles.filter((f) => f.path.endsWith('.md')).map((f) => ({ path: htmlPathFor(f.path), content: renderHtmlPage(f.path, f.content, p, md, msg) }));
}
