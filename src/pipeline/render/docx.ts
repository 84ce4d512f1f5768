import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { docxText } from '../../model/escape/docx.js';
import type { PlannedProgramme } from '../plan/plan.js';
import type { PackFile } from '../../model/pack.js';
import { fixedZip, packDate } from './zip.js';

/**
 * Editable Word handouts (issue 32): the participant pages, the facilitator sessions and the leader guide
 * as `docx/<page path>.docx`, built from the same Markdown the pages are (markdown-it's tokens, never the
 * HTML). Headings are Word's Heading 1–4, tables are Word tables (the header row repeats across pages),
 * lists are Word lists, prompts and sample material are paragraphs in the "Cocoon Prompt" style; the org
 * name is in the header and "Page N of M" in the footer. Every style cocoon adds is named "Cocoon …", so a
 * consultant restyles the whole document from Word's Styles pane.
 *
 * Deterministic: the `docx` library stamps the clock into docProps/core.xml and the zip, so the document
 * is re-zipped (render/zip.ts) with the plan's date in both and its entries sorted. Links keep their text
 * only: docx gives each hyperlink a random relationship id.
 */

export interface BinaryFile {
  path: string;
  content: Uint8Array;
}

/** The pages that get a Word version: the participant pages, the facilitator sessions, the leader guide. */
const hasDocx = (path: string): boolean =>
  (path.startsWith('participant/') && path.endsWith('.md')) || /^facilitator\/session-\d+\.md$/.test(path) || path === 'leader/guide.md';

const docxPathFor = (mdPath: string): string => `docx/${mdPath.replace(/\.md$/, '.docx')}`;

const FONT = 'Calibri';
const MONO = 'Consolas';
const STYLES = {
  prompt: 'CocoonPrompt',
  table: 'CocoonTableText',
  quote: 'CocoonQuote',
  header: 'CocoonHeader',
  footer: 'CocoonFooter',
  code: 'CocoonCode',
} as const;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;

interface Marks {
  bold: boolean;
  italics: boolean;
}

/** Inline tokens as runs: bold, italics and code spans kept; a link keeps its text. */
function runs(children: readonly Token[] | null): TextRun[] {
  const out: TextRun[] = [];
  const marks: Marks = { bold: false, italics: false };
  for (const t of children ?? []) {
    if (t.type === 'strong_open' || t.type === 'strong_close') marks.bold = t.type === 'strong_open';
    else if (t.type === 'em_open' || t.type === 'em_close') marks.italics = t.type === 'em_open';
    else if (t.type === 'text' && t.content) out.push(new TextRun({ text: docxText(t.content), ...marks }));
    else if (t.type === 'code_inline') out.push(new TextRun({ text: docxText(t.content), style: STYLES.code, ...marks }));
    else if (t.type === 'softbreak') out.push(new TextRun({ text: ' ', ...marks }));
    else if (t.type === 'hardbreak') out.push(new TextRun({ break: 1 }));
  }
  return out;
}

/** Whether the page breaks before each h2 but the first in print (the HTML's `body.by-session`). */
const breaksBySession = (path: string): boolean => /^participant\/(practice|check-ins)\.md$/.test(path);

/** The Markdown page as Word blocks, walking markdown-it's block tokens once. */
function blocks(tokens: readonly Token[], path: string): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const lists: { ordered: boolean; instance: number }[] = [];
  let instances = 0;
  let quote = 0;
  let h2s = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'heading_open': {
        const level = Math.min(Number(t.tag.slice(1)), 4);
        const first = level === 2 && h2s++ === 0;
        out.push(
          new Paragraph({
            heading: HEADINGS[level - 1],
            children: runs(tokens[i + 1]!.children),
            ...(level === 2 && !first && breaksBySession(path) ? { pageBreakBefore: true } : {}),
          }),
        );
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: t.type === 'ordered_list_open', instance: instances++ });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'blockquote_open':
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'paragraph_open': {
        const inline = tokens[i + 1]!;
        const list = lists.at(-1);
        const inItem = list && tokens[i - 1]?.type === 'list_item_open';
        out.push(
          new Paragraph({
            children: runs(inline.children),
            ...(list && inItem
              ? { numbering: { reference: list.ordered ? 'cocoon-numbers' : 'cocoon-bullets', level: Math.min(lists.length - 1, 2), instance: list.instance } }
              : list
                ? { indent: { left: 720 * lists.length } }
                : {}),
            ...(quote ? { style: STYLES.quote } : {}),
          }),
        );
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block':
        for (const line of t.content.replace(/\n$/, '').split('\n'))
          out.push(new Paragraph({ style: STYLES.prompt, children: [new TextRun({ text: docxText(line) })] }));
        break;
      case 'hr':
        out.push(new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } } }));
        break;
      case 'table_open': {
        const end = tokens.findIndex((x, j) => j > i && x.type === 'table_close');
        out.push(table(tokens.slice(i + 1, end)));
        i = end;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** A Markdown table as a Word table at the page's width, its header row repeated on each page. */
function table(tokens: readonly Token[]): Table {
  const rows: TableRow[] = [];
  let cells: TableCell[] = [];
  let header = false;
  for (const t of tokens) {
    if (t.type === 'thead_open') header = true;
    else if (t.type === 'thead_close') header = false;
    else if (t.type === 'tr_open') cells = [];
    else if (t.type === 'tr_close') rows.push(new TableRow({ ...(header ? { tableHeader: true } : {}), children: cells }));
    else if (t.type === 'inline')
      cells.push(
        new TableCell({
          children: [new Paragraph({ style: STYLES.table, children: runs(t.children) })],
          ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'E7ECEF', color: 'auto' } } : {}),
        }),
      );
  }
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

const listLevels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) =>
  [0, 1, 2].map((level) => ({
    level,
    format,
    text: text(level),
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));

/** One page as a Word document. */
function document(p: PlannedProgramme, path: string, markdown: string, md: MarkdownIt): Document {
  const tokens = md.parse(markdown, {});
  const title = /^# (.*)$/m.exec(markdown)?.[1]?.replace(/\\(.)/g, '$1') ?? p.title;
  const org = p.org.name ?? '';
  return new Document({
    creator: 'cocoon',
    lastModifiedBy: 'cocoon',
    title: docxText(title),
    subject: docxText(p.title),
    description: docxText(`Generated by cocoon from the ${p.role.name} role (${path}).`),
    revision: 1,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120 } } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: '1F3A4D' }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 28, bold: true, color: '1F3A4D' }, paragraph: { spacing: { before: 240, after: 80 }, keepNext: true } },
        heading3: { run: { font: FONT, size: 24, bold: true, color: '1F3A4D' }, paragraph: { spacing: { before: 200, after: 60 }, keepNext: true } },
        heading4: { run: { font: FONT, size: 22, bold: true, italics: true }, paragraph: { spacing: { before: 160, after: 40 }, keepNext: true } },
      },
      paragraphStyles: [
        {
          id: STYLES.prompt,
          name: 'Cocoon Prompt',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: MONO, size: 19 },
          paragraph: {
            spacing: { before: 0, after: 0 },
            shading: { type: ShadingType.CLEAR, fill: 'F3F4F6', color: 'auto' },
            indent: { left: 120, right: 120 },
          },
        },
        {
          id: STYLES.table,
          name: 'Cocoon Table Text',
          basedOn: 'Normal',
          quickFormat: true,
          run: { size: 20 },
          paragraph: { spacing: { before: 40, after: 40 } },
        },
        { id: STYLES.quote, name: 'Cocoon Quote', basedOn: 'Normal', quickFormat: true, run: { italics: true }, paragraph: { indent: { left: 567 } } },
        { id: STYLES.header, name: 'Cocoon Header', basedOn: 'Normal', run: { size: 18, color: '555555' }, paragraph: { alignment: AlignmentType.RIGHT } },
        { id: STYLES.footer, name: 'Cocoon Footer', basedOn: 'Normal', run: { size: 18, color: '555555' }, paragraph: { alignment: AlignmentType.CENTER } },
      ],
      characterStyles: [{ id: STYLES.code, name: 'Cocoon Code', basedOn: 'DefaultParagraphFont', run: { font: MONO } }],
    },
    numbering: {
      config: [
        { reference: 'cocoon-bullets', levels: listLevels(LevelFormat.BULLET, (level) => ['•', '◦', '▪'][level]!) },
        { reference: 'cocoon-numbers', levels: listLevels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
      ],
    },
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ style: STYLES.header, children: [new TextRun(docxText([org, p.title].filter(Boolean).join(' · ')))] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ style: STYLES.footer, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] }),
            ],
          }),
        },
        children: blocks(tokens, path),
      },
    ],
  });
}

/** The Word documents of a pack, from its Markdown pages. */
export async function renderDocxPack(p: PlannedProgramme, mdFiles: readonly PackFile[], md: MarkdownIt): Promise<BinaryFile[]> {
  const date = packDate(p);
  const out: BinaryFile[] = [];
  for (const f of mdFiles.filter((x) => hasDocx(x.path))) {
    const bytes = await Packer.toBuffer(document(p, f.path, f.content, md));
    out.push({ path: docxPathFor(f.path), content: fixedZip(bytes, date, { 'docProps/core.xml': (xml) => coreDates(xml, date) }) });
  }
  return out;
}

/** docProps/core.xml with the plan's date as created and modified, not the clock's. */
const coreDates = (xml: string, date: Date): string => {
  // The date's local fields, as packDate built it: the same stamp whatever TZ says.
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T00:00:00Z`;
  return xml.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_, open: string, _name: string, close: string) => `${open}${stamp}${close}`);
};
