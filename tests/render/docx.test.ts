import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { structure } from './docx-read.js';
import { SOFFICE, needing, pathOf, skipWithout } from '../tools.js';

/**
 * The Word handouts read back with an independent reader (mammoth, docx → HTML): their headings, tables
 * (cell by cell) and text equal the Markdown page's, as markdown-it renders it. Two runs, in two time
 * zones, give the same bytes. Where LibreOffice is installed, each converts to PDF.
 */

const plan = async (cwd: string, env: Record<string, string> = {}) => {
  const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London', '--format', 'md,docx', '--out', 'pack'], {
    cwd,
    env,
  });
  expect(r.code, r.stderr).toBe(0);
  return join(cwd, 'pack');
};

const DOCX = [
  'participant/README',
  'participant/session-1',
  'participant/session-4',
  'participant/prompts',
  'participant/practice',
  'participant/check-ins',
  'participant/skills-check',
  'participant/quick-reference',
  'participant/project',
  'participant/norms',
  'facilitator/session-1',
  'facilitator/session-2',
  'facilitator/session-3',
  'facilitator/session-4',
  'leader/guide',
];

describe('--format docx', () => {
  let pack: string;
  beforeAll(async () => {
    pack = await plan(tempDir());
  }, 60_000);

  it('writes the participant pages, the facilitator sessions and the leader guide as docx/<page path>.docx, listed in the manifest', () => {
    const manifest = readFileSync(join(pack, '.cocoon-manifest.json'), 'utf8');
    for (const page of DOCX) {
      expect(existsSync(join(pack, `docx/${page}.docx`)), page).toBe(true);
      expect(manifest).toContain(`"docx/${page}.docx"`);
    }
    expect(existsSync(join(pack, 'docx/facilitator/guide.docx'))).toBe(false);
  });

  it('mammoth reads back every document: headings, table cells and text equal the Markdown page', async () => {
    const md = new MarkdownIt();
    for (const page of DOCX) {
      const fromMd = structure(md.render(readFileSync(join(pack, `${page}.md`), 'utf8')));
      const read = await mammoth.convertToHtml({ path: join(pack, `docx/${page}.docx`) });
      const fromDocx = structure(read.value);
      expect(fromDocx.headings, page).toEqual(fromMd.headings);
      expect(fromDocx.tables, page).toEqual(fromMd.tables);
      expect(fromDocx.text, page).toBe(fromMd.text);
      // The agenda is a real table with a header row; the session pages have one.
      if (page === 'participant/session-1') {
        expect(fromDocx.tables[0]![0]).toEqual(['Time', 'Min', 'What']);
        expect(read.value).toContain('<thead>');
      }
    }
  }, 60_000);

  it('has named styles, the org in the header, page numbers in the footer, prompts in the prompt style, page breaks where print breaks', () => {
    const parts = unzipSync(readFileSync(join(pack, 'docx/participant/practice.docx')));
    const text = (name: string) => strFromU8(parts[name]!);
    expect(text('word/styles.xml')).toContain('w:name w:val="Cocoon Prompt"');
    expect(text('word/styles.xml')).toContain('w:name w:val="Cocoon Table Text"');
    expect(text('word/header1.xml')).toContain('AI for Finance');
    expect(text('word/footer1.xml')).toMatch(/PAGE[\s\S]*NUMPAGES/);
    // practice.html breaks the page before every h2 but the first (style.css, body.by-session).
    const doc = text('word/document.xml');
    const h2 = (doc.match(/<w:pStyle w:val="Heading2"\/>/g) ?? []).length;
    expect(h2).toBeGreaterThan(1);
    expect((doc.match(/<w:pageBreakBefore\/>/g) ?? []).length).toBe(h2 - 1);
    const prompts = strFromU8(unzipSync(readFileSync(join(pack, 'docx/participant/prompts.docx')))['word/document.xml']!);
    expect(prompts).toContain('w:pStyle w:val="CocoonPrompt"');
    const core = text('docProps/core.xml');
    expect(core).toContain('>2027-03-16T00:00:00Z</dcterms:created>');
    expect(core).toContain('>2027-03-16T00:00:00Z</dcterms:modified>');
  });

  it('is byte-identical across runs, whatever the machine time zone; zip entries sorted and dated from the plan', async () => {
    const again = await plan(tempDir(), { TZ: 'Pacific/Chatham' });
    for (const page of DOCX) expect(readFileSync(join(again, `docx/${page}.docx`)).equals(readFileSync(join(pack, `docx/${page}.docx`))), page).toBe(true);
    const bytes = readFileSync(join(pack, 'docx/participant/session-1.docx'));
    const names = Object.keys(unzipSync(bytes));
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('[Content_Types].xml');
  }, 60_000);

  describe.skipIf(skipWithout(SOFFICE))(needing('LibreOffice opens every .docx and converts it to PDF', SOFFICE), () => {
    it('converts', () => {
      const out = tempDir();
      for (const page of DOCX.slice(0, 3)) {
        execFileSync(pathOf(SOFFICE), ['--headless', '--convert-to', 'pdf', '--outdir', out, join(pack, `docx/${page}.docx`)], {
          stdio: 'pipe',
          timeout: 120_000,
        });
        const pdf = readFileSync(join(out, `${page.split('/').pop()}.pdf`));
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      }
    }, 400_000);
  });
});

describe('docxText, the Word escaper', () => {
  it('turns what XML 1.0 cannot hold into U+FFFD and keeps the rest, pairs of surrogates included', async () => {
    const { docxText } = await import('../../src/model/escape/docx.js');
    expect(docxText('a\u0000b\u0007c\u0085d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(docxText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(docxText('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(docxText('tab\tline\nemoji 😀 <w:t> & "')).toBe('tab\tline\nemoji 😀 <w:t> & "');
  });
});
