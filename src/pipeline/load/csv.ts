import { parse } from 'csv-parse/sync';
import { csvCell } from '../../model/escape/csv.js';

/**
 * CSV in and out. Reading uses csv-parse (quoted fields, quoted newlines, BOM, CRLF); this module
 * adds the limits and the positions cocoon's diagnostics need, and the dialects spreadsheets save:
 * `;` between cells (Excel's default where the decimal mark is a comma) and CR-only line ends (old Mac
 * Excel) read exactly like comma-separated, LF-ended files (DESIGN.md "Forms"). Writing is small enough to
 * own: every cell goes through the escaping layer's csvCell (model/escape/csv.ts: quoting and no formula
 * injection).
 */

/** Larger files are refused before parsing: a filled form for a group of 20 is a few kilobytes. */
export const CSV_MAX_BYTES = 256 * 1024;
/** More data rows than any real form has (20 participants × 10 workflows is 200). */
const CSV_MAX_ROWS = 2000;
/** The longest header any form has is under 100 bytes; past this it is not a form's header. */
const CSV_MAX_HEADER_BYTES = 4096;
/** Forms have at most eight columns. */
const CSV_MAX_COLUMNS = 64;

/** A CSV file: header and rows, LF line endings, a final newline, every cell neutralised. */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

interface CsvRow {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
  /** 1-based column of each cell's first character on its line (exact for unquoted cells). */
  columns: number[];
}

interface CsvProblem {
  line: number;
  column: number;
  message: string;
}

export type CsvResult = { header: CsvRow; rows: CsvRow[] } | { problem: CsvProblem };

/** Parse a CSV file's bytes. Exactly one problem, positioned, or a header and rows; never throws. */
export function parseCsv(bytes: Uint8Array): CsvResult {
  if (bytes.length > CSV_MAX_BYTES)
    return { problem: { line: 1, column: 1, message: `The file is ${bytes.length} bytes; responses files are limited to ${CSV_MAX_BYTES} bytes` } };
  if (bytes.includes(0)) return { problem: { line: 1, column: 1, message: 'The file is binary (it holds NUL bytes), not CSV text' } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first bad byte so the position points at it.
    let good = 0;
    for (let n = bytes.length; n > 0; n = Math.floor(n / 2)) {
      while (good + n <= bytes.length) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, good + n));
          good += n;
        } catch {
          break;
        }
      }
    }
    const before = new TextDecoder().decode(bytes.subarray(0, good)).split('\n');
    return {
      problem: { line: before.length, column: [...before[before.length - 1]!].length + 1, message: 'The file is not UTF-8 text; save it as "CSV UTF-8"' },
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return { problem: { line: 1, column: 1, message: 'The file is empty: it needs at least the header row' } };
  const headerEnd = headerLength(text);
  if (headerEnd > CSV_MAX_HEADER_BYTES)
    return {
      problem: {
        line: 1,
        column: 1,
        message: `The header row is ${headerEnd} characters long; a form's header is at most ${CSV_MAX_HEADER_BYTES} (is this the right file?)`,
      },
    };
  const delimiter = delimiterOf(text.slice(0, headerEnd));
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
    }) as never;
  } catch (e) {
    const err = e as Error & { lines?: number; column?: number };
    return { problem: { line: Math.max(1, err.lines ?? 1), column: 1, message: `The CSV does not parse: ${err.message.replace(/ at line \d+.*$/s, '')}` } };
  }
  const widest = records.reduce((n, r) => Math.max(n, r.record.length), 0);
  if (widest > CSV_MAX_COLUMNS) {
    const at = records.find((r) => r.record.length === widest)!;
    return {
      problem: { line: at.info.lines, column: 1, message: `A row has ${widest} cells; responses forms have at most ${CSV_MAX_COLUMNS} columns` },
    };
  }
  if (records.length - 1 > CSV_MAX_ROWS)
    return {
      problem: { line: CSV_MAX_ROWS + 2, column: 1, message: `The file has ${records.length - 1} rows; responses files are limited to ${CSV_MAX_ROWS}` },
    };
  const rows = records.map(({ record, info }) => {
    const inner = record.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    const columns: number[] = [];
    let col = 1;
    for (const c of record) {
      columns.push(col);
      col += [...c].length + 1;
    }
    return { line: info.lines - inner, cells: record, columns };
  });
  return { header: rows[0]!, rows: rows.slice(1) };
}

/** Where the header row ends (its first line end outside quotes), in characters. */
function headerLength(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) return i;
  }
  return text.length;
}

/** `;` when the header has more semicolons than commas outside quotes (Excel in much of Europe), else `,`. */
function delimiterOf(header: string): ',' | ';' {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}
