import MarkdownIt from 'markdown-it';
import { htmlStylesheet } from '../../assets/styles.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { html } from '../../model/escape/html.js';
import type { PackFile } from './markdown.js';
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

function navFor(path: string, p: PageShell): NavItem[] {
  // A participant page links only to participant pages: the folder can be shared without the notes.
  if (path.startsWith('participant/'))
    return [
      { label: 'Your pack', path: 'participant/index.html' },
      ...p.sessions.map((s) => ({ label: `Session ${s.number}`, path: `participant/session-${s.number}.html` })),
      { label: 'Prompts', path: 'participant/prompts.html' },
      { label: 'Quick reference', path: 'participant/quick-reference.html' },
      { label: 'Practice', path: 'participant/practice.html' },
      { label: 'Project', path: 'participant/project.html' },
      { label: 'Check-ins', path: 'participant/check-ins.html' },
    ];
  const facilitator = path.startsWith('facilitator/');
  const sessions = p.sessions.map((s) => ({
    label: `Session ${s.number}`,
    path: facilitator ? `facilitator/session-${s.number}.html` : `participant/session-${s.number}.html`,
  }));
  return [
    { label: 'Overview', path: 'index.html' },
    ...(facilitator ? [{ label: 'Facilitator guide', path: 'facilitator/guide.html' }] : []),
    ...sessions,
    { label: 'Prompts', path: 'participant/prompts.html' },
    { label: 'Practice', path: 'participant/practice.html' },
    { label: 'Project', path: 'participant/project.html' },
    { label: 'Check-ins', path: 'participant/check-ins.html' },
    ...(path.startsWith('leader/') ? [{ label: 'Leader guide', path: 'leader/guide.html' }] : []),
  ];
}

const COPY_SCRIPT = `document.querySelectorAll('pre').forEach(function (pre) {
  if (!navigator.clipboard) return;
  var wrap = document.createElement('div'); wrap.className = 'prompt-box';
  pre.parentNode.insertBefore(wrap, pre); wrap.appendChild(pre);
  var b = document.createElement('button'); b.type = 'button'; b.className = 'copy'; b.textContent = 'Copy';
  b.addEventListener('click', function () {
    navigator.clipboard.writeText(pre.innerText).then(function () { b.textContent = 'Copied'; setTimeout(function () { b.textContent = 'Copy'; }, 1500); });
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

function renderHtmlPage(path: string, markdown: string, p: PlannedProgramme, md: MarkdownIt): string {
  return renderShellPage(path, markdown, p, md, () => timelineSvg(p));
}

/** A pack page from its shell alone; `timeline` draws README's schedule (a page without a plan has none). */
export function renderShellPage(path: string, markdown: string, p: PageShell, md: MarkdownIt, timeline: () => string = () => ''): string {
  const out = htmlPathFor(path);
  const marked = path === 'README.md' && markdown.includes(TIMELINE_MARKER);
  let body = md
    .render(marked ? markdown.replace(TIMELINE_MARKER, () => TIMELINE_SLOT) : markdown)
    .replace(/<li>\[([ xX])\] /g, (_, mark: string) =>
      mark === ' ' ? '<li class="task"><span class="box" aria-hidden="true"></span>' : '<li class="task done"><span class="box" aria-hidden="true">✓</span>',
    );
  // Facilitator-only boxes (brief, answer key, fallback output) are marked for the eye as well as in words.
  if (path.startsWith('facilitator/'))
    body = body.replaceAll('<blockquote>\n<p><strong>Facilitator only', '<blockquote class="facilitator-only">\n<p><strong>Facilitator only');
  // A run of underscores is a line to write on: on paper it becomes a box tall enough for handwriting.
  if (body.includes('______'))
    body = body
      .split(/(<pre[\s\S]*?<\/pre>)/)
      .map((part, i) => (i % 2 ? part : part.replace(/_{6,}/g, '<span class="blank"></span>')))
      .join('');
  if (!/participant\/(practice|check-ins|norms|quick-reference)\.md$/.test(path)) body = keepTailTogether(body);
  if (marked) body = body.replace(`<p>${TIMELINE_SLOT}</p>\n`, () => `${timeline()}\n`);
  else if (path === 'README.md') body = body.replace('<h2>Schedule</h2>\n', () => `<h2>Schedule</h2>\n${timeline()}\n`);
  const title = /^# (.*)$/m.exec(markdown)?.[1]?.replace(/\\(.)/g, '$1') ?? p.title;
  const nav = navFor(path, p)
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
  const script = path === 'participant/prompts.md' || path.startsWith('comms/') ? `\n<script>\n${COPY_SCRIPT}\n</script>` : '';
  return htmlDocument({
    title: `${html(title)} · ${html(p.title)}`,
    bodyAttrs: pageClass,
    brand: html([p.org.name, p.title].filter(Boolean).join(' · ')),
    nav: `<nav class="pack" aria-label="Pack"><ul>${nav}</ul></nav>\n`,
    body,
    footer: `Generated by cocoon from the ${html(p.role.name)} role. Edit the YAML, not this page.`,
    tail: script,
  });
}

/** The one page shell of every HTML file cocoon writes (pack pages and the report portfolio). Every argument is HTML already. */
export function htmlDocument(o: { title: string; bodyAttrs?: string; brand: string; nav?: string; body: string; footer: string; tail?: string }): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cocoon">
<title>${o.title}</title>
<style>
${htmlStylesheet()}</style>
</head>
<body${o.bodyAttrs ?? ''}>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><div class="inner"><p class="brand">${o.brand}</p></div></header>
${o.nav ?? ''}<main id="content">
${o.body}</main>
<footer class="site"><div class="inner">${o.footer}</div></footer>${o.tail ?? ''}
</body>
</html>
`;
}

/** The HTML pages of a pack. `md` may be shared by every pack of a run (markdown-it keeps no state between renders). */
export function renderHtmlPack(p: PlannedProgramme, mdFiles: readonly PackFile[], md: MarkdownIt = createMarkdown()): PackFile[] {
  return mdFiles.filter((f) => f.path.endsWith('.md')).map((f) => ({ path: htmlPathFor(f.path), content: renderHtmlPage(f.path, f.content, p, md) }));
}
