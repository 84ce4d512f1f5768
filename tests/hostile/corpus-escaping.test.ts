import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { HtmlValidate } from 'html-validate';
import ICAL from 'ical.js';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvText } from '../../src/pipeline/load/csv.js';
import { FIXTURES, cli, tempDir, type CliResult } from '../helpers.js';
import { structure } from '../render/docx-read.js';
import { CHROMIUM, XMLLINT, pathOf, skipWithout } from '../tools.js';

/**
 * The escaping corpus (issue 24): not a list of cases but a generator. Every role and programme field that
 * reaches output gets a hostile value — CR/LF + BEGIN:VEVENT, `$&` and friends, `::error`, ESC/OSC/C1,
 * <script>, javascript: links, =HYPERLINK(…), Moodle [html], :emoji: and math, RTL and zero-width characters,
 * a 20 000-character value — and, in a second project, its benign twin: the same value with every character
 * that is not a letter, a digit or white space replaced by "x" (so lengths and line breaks are the same).
 * Every command renders every format for both (plan, build, report, validate, build --check), and each output
 * is read by an independent parser (ical.js, markdown-it, an HTML tag scan + html-validate + Chromium when
 * present, gift-pegjs, csv-parse, the SARIF 2.1.0 schema, Marp) into its shape: the events, the elements and
 * links, the questions, the rows, the slides. Hostile and benign shapes must be equal: a value that escaped
 * its escaping changes the shape. docs/safety.md shows this test failing when one writer's escaping is removed.
 */

const require = createRequire(import.meta.url);
const ROLE_FILE = join(FIXTURES, 'project-procurement/roles/procurement.yaml');

/** Each payload attacks one format; together they attack every format at once, in every field. */
const PAYLOADS = [
  '\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nURL:https://evil.example/ics\r\nEND:VEVENT\r\n', // ICS injection
  "$` $' $& $1 $$", // String.replace patterns
  '\n::error file=x::planted\n::add-mask::secret', // GitHub workflow commands
  '\u001b]8;;https://evil.example/osc\u0007osc\u001b]8;;\u0007\u001b[2J\u009b31m', // terminal ESC, OSC, C1
  '<script>alert(1)</script><img src=x onerror=alert(1)>', // HTML
  '[log in](javascript:alert(1)) <https://evil.example/auto>', // links
  '=HYPERLINK("https://evil.example/csv","x") +1 -1 @SUM(A1)', // CSV formulas
  '[html]<b>bold</b> ~ = # { } : \\', // GIFT specials and a Moodle format marker
  ':joy: 🧾 $x^2$', // Marp emoji and math
  '\u202eRTL override\u202c \u200bzero\u200dwidth مريم', // bidi and zero-width
  '\n# heading\n- item\n| a | b |\n```\n> quote\n***', // Markdown blocks
];
const HOSTILE = PAYLOADS.join(' ');
/** The benign twin of a value: same length and line breaks, nothing any format reads as syntax. */
const twin = (s: string): string => s.replace(/[^\p{L}\p{N}\s]|[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u0080-\u009f\u001b\u0007]/gu, 'x');
/** The twin of a path: separators and dots kept, so it is a path of as many folders, with the same extension. */
const twinPath = (s: string): string => s.replace(/[^\p{L}\p{N}\s/.]|[\u200b-\u200f\u202a-\u202e]/gu, 'x');
const LONG = 20_000;
const OUT = 'programmes/p $& $` ) [x](javascript:y) <b> #?%';

/** Keys whose values are ids, enums, numbers, dates or paths the schema constrains: left as they are. */
const KEEP = new Set([
  'id',
  'practice',
  'role',
  'workflows',
  'workflow',
  'capstone',
  'prompt',
  'ai',
  'per',
  'kind',
  'format',
  'start',
  'time',
  'timezone',
  'delivery',
  'out',
  'file',
  'base_url',
  'language',
  'currency',
  'ai_act_role',
]);

/** Every string leaf of a YAML document, but ids and enums, with `value` appended; the first `pain` made 20 000 characters long. */
function inject(doc: unknown, value: (s: string) => string): unknown {
  let long = false;
  const walk = (node: unknown, key?: string): unknown => {
    if (typeof node === 'string') {
      if (key !== undefined && KEEP.has(key)) return node;
      if (key === 'pain' && !long) {
        long = true;
        const head = `${node} ${value(HOSTILE)} `;
        return (
          head +
          value('A hostile pain point; ')
            .repeat(LONG)
            .slice(0, LONG - head.length)
        );
      }
      return `${node} ${value(HOSTILE)}`;
    }
    if (Array.isArray(node)) return node.map((n) => walk(n, key));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  return walk(doc);
}

interface Variant {
  dir: string;
  results: Record<string, CliResult>;
}

/** A second programme with hand-written sessions: session titles, a block's `text:` and its facilitator-only `notes:`. */
const HAND = parseYaml(readFileSync(join(FIXTURES, 'rules/base-programme.yaml'), 'utf8')) as Record<string, unknown>;

const CONFIG = (value: (s: string) => string) => ({
  org: { name: `Northwind ${value(HOSTILE)}`, tools: [`Copilot ${value(HOSTILE)}`] },
  programmes: [
    {
      id: 'pilot',
      role: 'procurement',
      title: `AI for Procurement ${value(HOSTILE)}`,
      owner: { name: `Sam Ortiz ${value(HOSTILE)}`, team: `Procurement ${value(HOSTILE)}` },
      sponsor: { name: `Dana Lee ${value(HOSTILE)}`, title: `CPO ${value(HOSTILE)}` },
      facilitators: [{ name: `Lee Chen ${value(HOSTILE)}`, team: `Category management ${value(HOSTILE)}` }],
      location: `Room 4 ${value(HOSTILE)}`,
      group_size: 6,
      sponsor_events: true,
      formats: ['md', 'html', 'ics', 'slides'],
      schedule: { start: '2027-03-16', time: '09:30', timezone: 'Europe/London', sessions: 3 },
      // A path may hold what Markdown and HTML read as syntax (not a line break: paths are one line).
      out: value === twin ? twinPath(OUT) : OUT,
    },
    {
      ...(inject({ ...HAND, id: undefined, role: undefined }, value) as object),
      id: 'hand',
      role: 'procurement',
      formats: ['md', 'html', 'ics', 'slides'],
      out: 'programmes/hand',
    },
  ],
});

/** Six people's filled forms, so the report has numbers to show. */
function respond(pack: string, workflows: string[]): void {
  const people = ['p01', 'p02', 'p03', 'p04', 'p05', 'p06'];
  const rows = (f: (p: string, w: string) => string) => people.flatMap((p) => workflows.map((w) => f(p, w))).join('\n');
  mkdirSync(join(pack, 'responses'), { recursive: true });
  writeFileSync(join(pack, 'responses/baseline.csv'), `participant,workflow,minutes,per_month,confidence\n${rows((p, w) => `${p},${w},120,4,3`)}\n`);
  writeFileSync(join(pack, 'responses/check-in-1.csv'), `participant,workflow,minutes,uses,blockers,corrected\n${rows((p, w) => `${p},${w},60,3,none,no`)}\n`);
  writeFileSync(join(pack, 'responses/pulse-session-1.csv'), `participant,useful,recommend\n${people.map((p) => `${p},4,8`).join('\n')}\n`);
}

async function render(value: (s: string) => string): Promise<Variant> {
  const dir = tempDir('cocoon-corpus-');
  const role = inject(parseYaml(readFileSync(ROLE_FILE, 'utf8')), value);
  mkdirSync(join(dir, 'roles'), { recursive: true });
  writeFileSync(join(dir, 'roles/procurement.yaml'), stringifyYaml(role, { lineWidth: 0 }));
  const config = CONFIG(value);
  writeFileSync(join(dir, 'cocoon.yaml'), stringifyYaml(config, { lineWidth: 0 }));
  // A file whose name holds what a SARIF URI, a terminal and a workflow command must escape.
  const name = 'roles/x y#%?[1]:$&.yaml';
  writeFileSync(join(dir, value === twin ? twinPath(name) : name), 'id: nope\n');
  const results: Record<string, CliResult> = {};
  const who = (s: string) => `${value(`Pat Doe ${HOSTILE}`).replace(/[,;]/g, 'x')}, ${s}`;
  results.plan = await cli(
    [
      'plan',
      '--role',
      'procurement',
      '--start',
      '2027-03-16',
      '--format',
      'md,html,ics,slides,docx,scorm',
      '--sponsor-events',
      '--sponsor',
      who('CPO'),
      '--owner',
      who('Procurement'),
      '--facilitators',
      who('Category management'),
      '--org',
      value(`Org ${HOSTILE}`),
      '--out',
      'plan-pack',
    ],
    { cwd: dir },
  );
  results.build = await cli(['build'], { cwd: dir });
  const pack = join(dir, config.programmes[0]!.out);
  if (existsSync(join(pack, 'forms/baseline.csv')))
    respond(pack, [
      ...new Set((parseCsv(readFileSync(join(pack, 'forms/baseline.csv'), 'utf8'), { columns: true }) as { workflow: string }[]).map((r) => r.workflow)),
    ]);
  results.report = await cli(['report', '--format', 'md,html,json'], { cwd: dir });
  for (const format of ['text', 'json', 'github', 'sarif'])
    results[`validate-${format}`] = await cli(['validate', '--format', format, 'roles', 'cocoon.yaml'], { cwd: dir });
  // A pack edited by hand: build --check prints the diff of role text.
  const readme = join(dir, config.programmes[0]!.out, 'README.md');
  if (!existsSync(readme)) return { dir, results }; // the build failed: the first test says why
  const before = readFileSync(readme, 'utf8');
  writeFileSync(
    readme,
    before.replace(/\n/, () => `\n${value(HOSTILE)}\n`),
  );
  results.check = await cli(['build', '--check'], { cwd: dir });
  writeFileSync(readme, before);
  return { dir, results };
}

/** Every file cocoon wrote under dir, relative, sorted. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .filter((f) => !f.startsWith('roles/') && f !== 'cocoon.yaml')
    .sort();
}

// ——— shapes: what each independent parser sees ———

function icsShape(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    components: cal.getAllSubcomponents().map((c) => c.name),
    calendar: cal.getAllProperties().map((p) => p.name),
    events: cal.getAllSubcomponents('vevent').map((e) => ({
      uid: String(e.getFirstPropertyValue('uid')),
      start: String(e.getFirstPropertyValue('dtstart')),
      end: String(e.getFirstPropertyValue('dtend')),
      properties: e.getAllProperties().map((p) => p.name),
    })),
  };
}

/**
 * A link target as a comparable value: decoded and twinned, so the link to a hostile `out:` folder and the
 * one to its twin compare equal — while a target that escaped its encoding (cut short, or a scheme) does not.
 */
function link(href: string): string {
  let decoded = href.replace(/&amp;/g, '&');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    return `undecodable ${href}`;
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(href) ? href : twinPath(decoded);
}

const md = new MarkdownIt({ html: true, linkify: false });
/** Block and inline structure, links and raw HTML; code spans and text runs are content, not structure. */
function mdShape(text: string): string[] {
  const out: string[] = [];
  const visit = (tokens: ReturnType<MarkdownIt['parse']>) => {
    for (const t of tokens) {
      if (t.type === 'inline' && t.children) visit(t.children);
      else if (!['text', 'code_inline', 'text_special'].includes(t.type))
        out.push(t.type === 'link_open' ? `link ${link(t.attrGet('href') ?? '')}` : t.type.startsWith('html') ? `${t.type} ${t.content}` : t.type);
    }
  };
  visit(md.parse(text.replace(/^---\n[\s\S]*?\n---\n/, ''), {}));
  return out;
}

/** An HTML tag scan: every element (code excepted, as in Markdown), every link and source, every script and handler. */
function htmlShape(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    if (tag === 'code') continue;
    out.push(m[0].startsWith('</') ? `/${tag}` : tag);
    for (const a of m[2]!.matchAll(/\s([\w:-]+)(?:="([^"]*)")?/g)) {
      const name = a[1]!.toLowerCase();
      if (name === 'href' || name === 'src' || name.startsWith('on') || name === 'xlink:href') out.push(`${tag}[${name}=${link(a[2] ?? '')}]`);
    }
  }
  return out;
}

function giftShape(text: string) {
  const { parse } = require('gift-pegjs') as typeof import('gift-pegjs');
  return parse(text).map((q) => ({
    type: q.type,
    stem: 'stem' in q ? q.stem.format : undefined,
    html: 'stem' in q && /<[a-z/!]/i.test(q.stem.text),
    choices:
      'choices' in q
        ? (q.choices as { isCorrect: boolean; text: { format: string; text: string } }[]).map(
            (c) => `${c.isCorrect} ${c.text.format} ${/<[a-z/!]/i.test(c.text.text)}`,
          )
        : [],
  }));
}

function csvShape(text: string) {
  const rows = parseCsv(text, { relax_column_count: true }) as string[][];
  return { rows: rows.length, columns: rows.map((r) => r.length), formulas: rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c)).length };
}

function jsonShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonShape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonShape(v)]));
  return typeof value;
}

const marpCore = createRequire(require.resolve('@marp-team/marp-cli/package.json'))('@marp-team/marp-core') as {
  Marp: new (o: object) => { render(md: string): { html: string } };
};
const marp = new marpCore.Marp({ html: false });
function slidesShape(text: string): string[] {
  const body = marp.render(text).html;
  return htmlShape(body).filter((t) => !t.startsWith('svg') && !t.startsWith('/svg'));
}

function shapeOf(path: string, text: string): unknown {
  if (path.endsWith('.ics')) return icsShape(text);
  if (path.endsWith('.slides.md')) return slidesShape(text);
  if (path.endsWith('.md')) return mdShape(text);
  if (path.endsWith('.html')) return htmlShape(text);
  if (path.endsWith('.gift')) return giftShape(text);
  if (path.endsWith('.csv')) return csvShape(text);
  if (path.endsWith('.json')) return jsonShape(JSON.parse(text));
  return text.length > 0;
}

/** What a terminal or a CI log would act on in printed text: escapes, controls, and lines that are workflow commands. */
function terminalHazards(text: string, workflowCommandsAllowed = false): string[] {
  const out: string[] = [];
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) out.push('control character');
  for (const line of text.split('\n'))
    if (/^\s*::/.test(line) && !(workflowCommandsAllowed && /^::(error|warning) file=[^\n]*::/.test(line))) out.push(`workflow command: ${line.slice(0, 40)}`);
  return out;
}

let hostile: Variant;
let benign: Variant;

beforeAll(async () => {
  hostile = await render((s) => s);
  benign = await render(twin);
}, 120_000);

/** The outputs of both variants, paired by path (hostile paths twinned). */
function pairs(filter: (path: string) => boolean): [string, string, string][] {
  const b = new Set(files(benign.dir));
  const out: [string, string, string][] = [];
  for (const f of files(hostile.dir)) {
    if (!filter(f)) continue;
    const other = f.startsWith(`${OUT}/`) ? `${twinPath(OUT)}${f.slice(OUT.length)}` : f;
    expect(b.has(other), `${f} has no benign twin ${other}`).toBe(true);
    out.push([f, readFileSync(join(hostile.dir, f), 'utf8'), readFileSync(join(benign.dir, other), 'utf8')]);
  }
  return out;
}

describe('the escaping corpus: hostile values in every field leave every output the shape of its benign twin', () => {
  it('every command ran: plan, build, report, validate (4 formats), build --check', () => {
    for (const v of [hostile, benign]) {
      expect(v.results.plan!.code, v.results.plan!.stderr + v.results.plan!.stdout).toBe(0);
      expect(v.results.build!.code, v.results.build!.stderr + v.results.build!.stdout).toBe(0);
      expect(v.results.report!.code, v.results.report!.stderr + v.results.report!.stdout).toBe(0);
      expect(v.results.check!.code).toBe(1);
    }
    expect(files(hostile.dir).length).toBe(files(benign.dir).length);
    expect(files(hostile.dir).length).toBeGreaterThan(150);
  });

  const formats: [string, (p: string) => boolean, number][] = [
    ['ICS (ical.js): the same events, the same properties', (p) => p.endsWith('.ics'), 4],
    ['Markdown (markdown-it): the same blocks, links and no raw HTML', (p) => p.endsWith('.md') && !p.endsWith('.slides.md'), 40],
    ['HTML (a tag scan): the same elements, links, sources and no script or handler', (p) => p.endsWith('.html'), 40],
    ['Marp slides (marp-core): the same slides and elements, no image, no math', (p) => p.endsWith('.slides.md'), 12],
    ['GIFT (gift-pegjs): the same questions and choices, no HTML, no format marker', (p) => p.endsWith('.gift'), 2],
    ['CSV (csv-parse): the same rows and columns, no formula', (p) => p.endsWith('.csv'), 10],
    ['JSON: the same keys and types', (p) => p.endsWith('.json'), 4],
  ];
  for (const [name, filter, least] of formats)
    it(name, () => {
      const list = pairs(filter);
      expect(list.length).toBeGreaterThanOrEqual(least);
      for (const [path, h, b] of list) expect(shapeOf(path, h), path).toEqual(shapeOf(path, b));
      // And the hostile text did reach these files: the test is not vacuous.
      // (forms/roster.csv carries session titles, the location and the facilitators' names.)
      expect(list.some(([, h]) => h.includes('HYPERLINK') || h.includes('hostile') || h.includes('alert'))).toBe(true);
    });

  it('Word (mammoth): every .docx reads back with the text of its Markdown page, hostile values as text', async () => {
    const { default: mammoth } = await import('mammoth');
    const md = new MarkdownIt();
    const docs = files(hostile.dir).filter((f) => f.endsWith('.docx'));
    expect(docs.length).toBeGreaterThanOrEqual(10);
    let reached = false;
    for (const f of docs) {
      const page = f.replace(/docx\//, '').replace(/\.docx$/, '.md');
      const read = await mammoth.convertToHtml({ path: join(hostile.dir, f) });
      const text = structure(read.value).text;
      expect(text, f).toBe(structure(md.render(readFileSync(join(hostile.dir, page), 'utf8'))).text);
      reached ||= text.includes('hostile') || text.includes('HYPERLINK') || text.includes('alert');
    }
    expect(reached).toBe(true);
  }, 120_000);

  it('SCORM (fflate, html-validate, xmllint): the package unzips, its pages validate and hold only their own scripts, its manifest is well-formed XML', async () => {
    const { strFromU8, unzipSync } = await import('fflate');
    const zips = files(hostile.dir).filter((f) => f.endsWith('scorm/participant.zip'));
    expect(zips.length).toBeGreaterThanOrEqual(1);
    // Hostile values end lines with spaces (a layout nit, not structure): no-trailing-whitespace is off here.
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'no-inline-style': 'off', 'long-title': 'off', 'no-trailing-whitespace': 'off' },
    });
    for (const z of zips) {
      const entries = unzipSync(readFileSync(join(hostile.dir, z)));
      const pages = Object.keys(entries).filter((n) => n.endsWith('.html'));
      expect(pages.length, z).toBeGreaterThan(5);
      let reached = false;
      for (const name of pages) {
        const text = strFromU8(entries[name]!);
        const report = await validator.validateString(text, name);
        expect(report.results.flatMap((r) => r.messages.map((m) => `${z}!${name}:${m.line} ${m.ruleId} ${m.message}`))).toEqual([]);
        // A hostile <script> or javascript: link would add an element: cocoon's pages carry at most their one own script.
        // The launch page (index.html) carries two: the questions as JSON data and the code that reports them.
        expect((text.match(/<script\b/g) ?? []).length, name).toBeLessThanOrEqual(name === 'index.html' ? 2 : 1);
        expect(text, name).not.toMatch(/href="javascript:/i);
        reached ||= text.includes('&lt;script');
      }
      expect(reached, `${z}: the hostile values reached the pages, as text`).toBe(true);
      const manifest = strFromU8(entries['imsmanifest.xml']!);
      if (!skipWithout(XMLLINT)) {
        const dir = tempDir();
        writeFileSync(join(dir, 'imsmanifest.xml'), manifest);
        const r = spawnSync(pathOf(XMLLINT), ['--noout', join(dir, 'imsmanifest.xml')], { encoding: 'utf8' });
        expect(r.stderr, z).toBe('');
        expect(r.status, z).toBe(0);
      } else expect(manifest.startsWith('<?xml')).toBe(true);
    }
  }, 120_000);

  it('CSV writer (csv-parse): hostile cells keep their rows and columns and start no formula', () => {
    // Of the pack CSVs above only forms/roster.csv carries role or programme text (the other forms carry
    // ids): the one CSV writer (csvText, every form) is given every hostile value itself too.
    const cells = [...PAYLOADS, HOSTILE, ...PAYLOADS.map(twin)];
    const text = csvText(
      ['a', 'b', 'c'],
      cells.map((c, i) => [`p${i}`, c, c.slice(0, 8)]),
    );
    const rows = parseCsv(text, { relax_column_count: true }) as string[][];
    expect(rows.length).toBe(cells.length + 1);
    expect(rows.every((r) => r.length === 3)).toBe(true);
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    rows.slice(1).forEach((r, i) => expect(r[1]!.replace(/^'/, '')).toBe(cells[i]));
  });

  it('HTML: html-validate finds no more problems than in the benign twin, and Chromium (when present) runs no script and sees the same DOM', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off' } });
    // A sample, for time: the project pack's pages of each kind (every page is in the tag scan above), the hand-written
    // programme's first session, the report pages and the portfolio.
    const sample = pairs(
      (p) =>
        (p.startsWith(`${OUT}/`) && /(^|\/)(index|guide|session-1|report|results)\.html$/.test(p)) ||
        p === 'programmes/hand/facilitator/session-1.html' ||
        p === 'report/portfolio.html',
    );
    expect(sample.length).toBeGreaterThanOrEqual(6);
    const problems = async (path: string, text: string) =>
      ((await validator.validateString(text, path)).results[0]?.messages ?? []).map((m) => m.ruleId).sort();
    for (const [path, h, b] of sample) expect(await problems(path, h), path).toEqual(await problems(path, b));
    // The Chromium half runs where Chromium is (tests/tools.ts), and is required where the environment says so.
    if (CHROMIUM.skip) {
      console.warn(`corpus DOM check in Chromium skipped: ${CHROMIUM.reason}`);
      return;
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: pathOf(CHROMIUM), args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // No network: anything a page asks for is refused and counted.
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        void route.abort();
      });
      const dom = async (text: string) => {
        await page.setContent(text, { waitUntil: 'load' });
        return page.evaluate(() => ({
          elements: [...document.querySelectorAll('*')]
            .filter((e) => e.tagName !== 'CODE')
            .map((e) => e.tagName)
            .join(' '),
          links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''),
          scripts: document.scripts.length,
        }));
      };
      const normal = (d: { elements: string; links: string[]; scripts: number }) => ({ ...d, links: d.links.map(link) });
      for (const [path, h, b] of sample) expect(normal(await dom(h)), path).toEqual(normal(await dom(b)));
      expect(dialogs).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('SARIF (the 2.1.0 schema): valid, one result per diagnostic, every artifact URI a relative reference to the file', () => {
    const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
    const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    // With formats: artifactLocation.uri must be a "uri-reference".
    const validate = ajv.compile(schema);
    for (const v of [hostile, benign]) {
      const log = JSON.parse(v.results['validate-sarif']!.stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      const json = JSON.parse(v.results['validate-json']!.stdout) as { file: string }[];
      const results = log.runs[0]!.results;
      expect(results.length).toBe(json.length);
      results.forEach((r, i) => {
        const uri = r.locations[0]!.physicalLocation.artifactLocation.uri;
        expect(uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
        expect(decodeURIComponent(new URL(uri, 'file:///p/').pathname)).toBe(`/p/${json[i]!.file}`);
      });
    }
    // (Hostile and benign may differ in how many warnings the lint rules give: quotes in text are a spoiler to
    // exercise/spoiler. Escaping is what is tested here: one result per diagnostic, each at its file.)
    expect(hostile.results['validate-sarif']!.stdout).toContain('x%20y%23%25%3F%5B1%5D%3A%24%26.yaml');
  });

  it('GitHub workflow commands: one command line per diagnostic, nothing else a runner would read as one', () => {
    const out = hostile.results['validate-github']!;
    const diagnostics = (JSON.parse(hostile.results['validate-json']!.stdout) as unknown[]).length;
    const lines = out.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('::')).length).toBe(diagnostics);
    expect(terminalHazards(out.stdout, true)).toEqual([]);
    expect(terminalHazards(out.stderr)).toEqual([]);
  });

  it('terminal text: nothing any command printed holds an escape, a control character or a workflow command', () => {
    for (const [name, r] of Object.entries(hostile.results)) {
      if (name === 'validate-github') continue;
      expect(terminalHazards(r.stdout), `${name} stdout`).toEqual([]);
      expect(terminalHazards(r.stderr), `${name} stderr`).toEqual([]);
    }
    // The hostile text reached the terminal (the diff of build --check, the validate messages): not vacuous.
    expect(hostile.results.check!.stdout + hostile.results.check!.stderr).toContain('HYPERLINK');
  });
});
