import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, cli, fixtureCopy, readTree, tempDir } from '../helpers.js';

/** Text of a Markdown heading as it appears in HTML (escapes undone, entities for & < >). */
const asHtmlText = (md: string): string =>
  md
    .replace(/\\(.)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
const stripTags = (html: string): string => html.replace(/<[^>]+>/g, '');

describe('HTML pack', () => {
  it('writes one self-contained page beside every Markdown page, README.md → index.html', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--format', 'md,html'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(join(cwd, 'programmes/finance'));
    const md = Object.keys(tree).filter((p) => p.endsWith('.md'));
    const html = Object.keys(tree).filter((p) => p.endsWith('.html'));
    expect(html.sort()).toEqual(md.map((p) => (p.endsWith('README.md') ? p.replace('README.md', 'index.html') : p.replace(/\.md$/, '.html'))).sort());
    for (const page of html) {
      const text = tree[page]!;
      expect(text).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
      // No network: no external URLs, no external scripts, stylesheets, fonts or images.
      expect(text, page).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(text).not.toMatch(/<link |<img |@import|url\(/);
      expect(text).toContain('<style>');
    }
  });

  it('every heading and every prompt of each Markdown page is in its HTML page', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--format', 'md,html'], { cwd })).code).toBe(0);
    const tree = readTree(join(cwd, 'programmes/finance'));
    for (const [path, md] of Object.entries(tree)) {
      if (!path.endsWith('.md')) continue;
      const html = tree[path.endsWith('README.md') ? path.replace('README.md', 'index.html') : path.replace(/\.md$/, '.html')]!;
      const text = stripTags(html);
      for (const m of md.matchAll(/^#{1,6} (.+)$/gm)) expect(text, `${path}: ${m[1]}`).toContain(stripTags(asHtmlText(m[1]!)));
      for (const m of md.matchAll(/^```text\n([\s\S]*?)\n```$/gm))
        expect(html, path).toContain(m[1]!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    }
  });

  it('facilitator pages link to their participant counterparts, never the other way round', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--format', 'html'], { cwd })).code).toBe(0);
    const tree = readTree(join(cwd, 'programmes/finance'));
    expect(tree['facilitator/session-1.html']).toContain('href="../participant/session-1.html"');
    for (const [path, html] of Object.entries(tree))
      if (path.startsWith('participant/') || path.startsWith('leader/')) expect(html, path).not.toContain('facilitator/');
    expect(Object.keys(tree).some((p) => p.endsWith('.md'))).toBe(false);
  });

  it('escapes every interpolated value: a role text holding <script> renders as text', async () => {
    const cwd = fixtureCopy('project-procurement');
    const file = join(cwd, 'roles/procurement.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('title: RFQ pack drafting', 'title: "RFQ <script>alert(1)</script> & *bold* [link](http://evil.example)"')
        .replace(/pain: Each request.*$/m, 'pain: "<img src=x onerror=alert(1)> Each request is rebuilt from the last one."'),
    );
    const r = await cli(['plan', '--role', 'procurement', '--format', 'md,html'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(join(cwd, 'programmes/procurement'));
    for (const [path, text] of Object.entries(tree)) {
      if (path.endsWith('.html')) {
        expect(text, path).not.toContain('<script>alert');
        expect(text, path).not.toContain('<img');
        expect(text, path).not.toContain('href="http://evil.example"');
      }
    }
    // A URL in role text is shown as code: literal, never a link.
    expect(tree['index.html']).toContain('RFQ &lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* [link](<code>http://evil.example</code>)');
    expect(tree['README.md']).toContain('RFQ \\<script\\>alert(1)\\</script\\> & \\*bold\\* \\[link\\](`http://evil.example`)');
  });

  it('the overview carries an accessible SVG timeline of sessions, practice, check-ins, sponsor and showcase', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London'], { cwd })).code).toBe(0);
    const index = readFileSync(join(cwd, 'programmes/finance/index.html'), 'utf8');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(index)![0];
    expect(svg).toMatch(/role="img" aria-labelledby="tl-finance-title tl-finance-desc"/);
    expect(svg).toContain('<title id="tl-finance-title">Programme timeline</title>');
    expect(svg).toContain('Session 1, Tuesday 16 March 2027');
    expect(svg).toContain('(with the sponsor)');
    expect(svg).toContain('capstone showcase');
    expect(svg).toContain('Check-in 14 days after the last session, Tuesday 20 April 2027.');
    expect(svg.match(/<circle cx="\d+" cy="78" r="14"/g)).toHaveLength(4);
    expect(index).toContain('<figcaption>Session 1, Tuesday 16 March 2027');
  });
});

describe('the lean Markdown renderer', () => {
  it('renders every page of every built-in role and of the example packs exactly as stock markdown-it does', async () => {
    const { createMarkdown } = await import('../../src/pipeline/render/html.js');
    const lean = createMarkdown(true);
    const stock = createMarkdown(false);
    const cwd = tempDir();
    const roles = BUILT_IN_ROLES;
    for (const role of roles)
      expect((await cli(['plan', '--role', role, '--format', 'md', '--sessions', '5', '--out', `packs/${role}`], { cwd })).code).toBe(0);
    const pages = [
      ...Object.entries(readTree(join(cwd, 'packs'))),
      ...Object.entries(readTree(join(import.meta.dirname, '../../examples/consultancy/programmes'))),
    ].filter(([path]) => path.endsWith('.md') && !path.endsWith('.slides.md')); // decks are Marp's to render, not pages
    expect(pages.length).toBeGreaterThan(8 * 17);
    for (const [path, md] of pages) expect(lean.render(md), path).toBe(stock.render(md));
  });

  it('cannot be told apart by role text that tries the syntax it leaves out', async () => {
    const { createMarkdown } = await import('../../src/pipeline/render/html.js');
    const { mdInline, mdText, mdCell } = await import('../../src/model/escape/markdown.js');
    const tricks = [
      'Title\n---',
      'Title\n===',
      '![chart](x.png)',
      '<https://example.com>',
      '~~struck~~',
      '[ref]: https://example.com',
      '<b>bold</b>',
      '<!-- c -->',
      '(c) -- "quotes"',
      'www.example.com',
      'a\n\n***\n\nb',
    ];
    const md = tricks.flatMap((t) => [`- ${mdInline(t)}`, '', mdText(t), '', `| ${mdCell(t)} |`, '| --- |', '']).join('\n');
    const html = createMarkdown(false).render(md);
    expect(createMarkdown(true).render(md)).toBe(html);
    // …and none of it becomes a heading, an image, a link, struck text, raw HTML or a rule.
    expect(html).not.toMatch(/<(h\d|img|a|del|s|b|hr)\b|<!--/);
  });
});
