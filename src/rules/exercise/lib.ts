/** Text helpers shared by the exercise rules. */

/** Words a participant page must never use about the exercise itself: they announce that something is hidden. */
export const SPOILER_WORDS = /\b(traps?|planted|seeded|buried|hidden|deliberate(?:ly)?|gotchas?)\b/i;

/** The brief's own prose: quoted passages ("…" or “…”) are quotes of the material, not the facilitator's words. */
function unquoted(brief: string): string {
  return brief.replace(/"[^"\n]*"|“[^”\n]*”/g, ' | ');
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .match(/[a-z0-9£$€%.,'-]+/g)
    ?.map((w) => w.replace(/^[.,'-]+|[.,'-]+$/g, ''))
    .filter(Boolean) ?? [];

/**
 * The first run of `n` words of `brief` (outside its quotes) that also appears in `text`, or undefined.
 * Runs are taken inside one clause of the brief (split at "|" from quotes and at sentence ends) so two
 * sentences never make a false run.
 */
export function sharedRun(brief: string, text: string, n = 5): string | undefined {
  const haystack = ` ${words(text).join(' ')} `;
  for (const clause of unquoted(brief).split(/[|.;:!?()\n]/)) {
    const w = words(clause);
    for (let i = 0; i + n <= w.length; i++) {
      const run = w.slice(i, i + n).join(' ');
      if (haystack.includes(` ${run} `)) return run;
    }
  }
  return undefined;
}

/* ---- Arithmetic in materials and answer keys (exercise/sum-mismatch) ---- */

/** A figure as written in a table cell: `18,000`, `(7,290)`, `-5,220`, `−3,300`, `£91,065.60`; `-`, `—` or empty is no figure. */
const CELL_NUMBER = /^([+\-−]?)\(?([+\-−]?)[£$€]?\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\)?$/;

interface CellFigure {
  value: number;
  /** Decimals shown: the precision a total is rounded to. */
  decimals: number;
}

function cellFigure(cell: string): CellFigure | 'blank' | undefined {
  const c = cell.trim();
  if (c === '' || /^[-—–]$/.test(c)) return 'blank';
  const m = CELL_NUMBER.exec(c);
  if (!m) return undefined;
  const negative = Boolean(m[1] || m[2]) || (c.includes('(') && c.includes(')'));
  const value = Number(`${m[3]!.replace(/,/g, '')}${m[4] ?? ''}`);
  return { value: negative ? -value : value, decimals: m[4] ? m[4].length - 1 : 0 };
}

/** A row that states a total of the rows above it. "Net debt / EBITDA" is a line of a table, not its net. */
const TOTAL_LABEL = /^(grand\s+|sub-?)?totals?\b|^sum\b|^net(\s+(total|change|movement|variance))?\s*:?$/i;

/** A row's cells, Markdown emphasis dropped (`**Total**` is a total row, `**1,200**` a figure). */
function cellsOf(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.split('|').map((c) => c.replace(/\*\*|__|`/g, '').trim());
}

/** A separator row of a Markdown table (`| --- | :-: |`). */
const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export interface SumMismatch {
  label: string;
  stated: string;
  computed: string;
  line: string;
}

const shown = (value: number, decimals: number): string =>
  value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/^-/, '−');

/**
 * Tables (runs of lines holding `|`) whose total row does not add up. A column is checked only when the
 * total row and every data row above it carry a figure or nothing there (a header of words is skipped;
 * a column of text, percentages or ratios is never summed). A grand total may add up either the rows
 * since the last subtotal or all of them, or the subtotals. Rounding is tolerated: half a unit of the
 * shown precision for each figure added and for the total.
 */
export function sumMismatches(text: string): SumMismatch[] {
  const out: SumMismatch[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length;) {
    if (!lines[i]!.includes('|')) {
      i++;
      continue;
    }
    const block: string[] = [];
    while (i < lines.length && lines[i]!.includes('|')) block.push(lines[i++]!);
    out.push(...blockMismatches(block.filter((l) => !SEPARATOR.test(l))));
  }
  return out;
}

function blockMismatches(block: string[]): SumMismatch[] {
  const rows = block.map(cellsOf);
  const width = Math.max(...rows.map((r) => r.length));
  const out: SumMismatch[] = [];
  let since = 0;
  const subtotals: number[] = [];
  for (const [ri, row] of rows.entries()) {
    if (!TOTAL_LABEL.test(row[0] ?? '')) continue;
    // A short total row ("Total unmatched | 5,115" under four columns) may put its figures in the last
    // columns or leave the last ones empty: it fits when either reading adds up.
    const shifts = row.length < width ? [width - row.length, 0] : [0];
    for (let ci = 1; ci < row.length; ci++) {
      const stated = cellFigure(row[ci]!);
      if (!stated || stated === 'blank') continue;
      const sinceRows = rows.slice(since, ri).filter((r) => !TOTAL_LABEL.test(r[0] ?? ''));
      const allRows = rows.slice(0, ri).filter((r) => !TOTAL_LABEL.test(r[0] ?? ''));
      const sums = shifts.flatMap((shift) => [
        columnSum(sinceRows, ci + shift),
        columnSum(allRows, ci + shift),
        subtotals.length ? columnSum([[], ...subtotals.map((k) => rows[k]!)], ci + shift) : undefined,
      ]);
      const usable = sums.filter((s): s is ColumnSum => s !== undefined);
      if (!usable.length) continue;
      const fits = usable.some((s) => Math.abs(s.sum - stated.value) <= 0.5 * 10 ** -stated.decimals + s.slack + 1e-9);
      if (!fits) {
        const first = usable[0]!;
        out.push({ label: row[0]!, stated: row[ci]!, computed: shown(first.sum, Math.max(stated.decimals, first.decimals)), line: block[ri]!.trim() });
      }
    }
    if (/^sub/i.test(row[0] ?? '')) subtotals.push(ri);
    since = ri + 1;
  }
  return out;
}

interface ColumnSum {
  sum: number;
  slack: number;
  decimals: number;
}

/** The sum of one column, or undefined when it is no column of figures (a word below the header, fewer than two figures). */
function columnSum(rows: string[][], col: number): ColumnSum | undefined {
  let sum = 0;
  let slack = 0;
  let count = 0;
  let decimals = 0;
  let words = 0;
  for (const [k, r] of rows.entries()) {
    // A short data row lines up with the first columns (a trailing cell left empty).
    const c = r[col];
    if (c === undefined) continue;
    const f = cellFigure(c);
    if (f === 'blank') continue;
    if (!f) {
      // The first row is the header; a word further down means this is not a column of figures.
      if (k === 0) continue;
      words++;
      continue;
    }
    sum += f.value;
    slack += 0.5 * 10 ** -f.decimals;
    decimals = Math.max(decimals, f.decimals);
    count++;
  }
  if (words || count < 2) return undefined;
  return { sum, slack, decimals };
}

/* A figure in running text: `5,115`, `£91,065.60`, `(7,290)`, `1240`. Not a date, a time, an id, a percentage or a ratio. */
const TEXT_FIGURE = /(?<![\w./:#-])[£$€]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w%/:]|\.\d|,\d)/g;

/** Figures of a text as absolute values (signs and brackets are how a figure is shown, not which one it is). */
function textFigures(text: string): { raw: string; value: number; index: number }[] {
  return [...text.matchAll(TEXT_FIGURE)].map((m) => ({ raw: m[0], value: Number(m[1]!.replace(/,/g, '')), index: m.index }));
}

/** A figure worth checking: big enough that a coincidence is unlikely, and not a year. */
const significant = (raw: string, value: number): boolean => value >= 100 && !(/^\d{4}$/.test(raw) && value >= 1900 && value <= 2100);

const keys = (v: number): string[] => [v.toFixed(2), String(Math.round(v))];

/**
 * The figures of an answer key that neither appear in the material nor follow from it by one step of
 * arithmetic. "Follow" is generous on purpose (the rule must not cry wolf on a careful key): a figure
 * of the material; the sum, difference, product or quotient of two; the sum or difference of three;
 * and a figure the key works out itself ("1,740 + 4,800 = 6,540") from figures that follow.
 */
export function unsupportedFigures(key: string, material: string): string[] {
  // Besides its plain figures, the material's percentages, its "42k" and "£1.2m", and the digits inside its ids
  // ("PO-4463-1" is what a key calls 4463) count as figures it holds.
  const base = [
    ...textFigures(material).map((f) => f.value),
    ...[...material.matchAll(/(\d+(?:\.\d+)?)\s?%/g)].map((m) => Number(m[1])),
    ...[...material.matchAll(/(\d+(?:\.\d+)?)\s?([km])\b/gi)].map((m) => Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1e3 : 1e6)),
  ];
  const known = new Set<string>();
  const add = (v: number) => {
    if (Number.isFinite(v)) for (const k of keys(Math.abs(v))) known.add(k);
  };
  base.forEach(add);
  for (const m of material.matchAll(/\d+/g)) add(Number(m[0]));
  const pairs = new Set<string>();
  for (let a = 0; a < base.length; a++)
    for (let b = a; b < base.length; b++) {
      const x = base[a]!;
      const y = base[b]!;
      for (const v of [x + y, x - y, x * y, y ? x / y : NaN, x ? y / x : NaN, (x * y) / 100]) {
        add(v);
        if (Number.isFinite(v)) for (const k of keys(Math.abs(v))) pairs.add(k);
      }
    }
  const follows = (v: number): boolean =>
    keys(v).some((k) => known.has(k)) || base.some((c) => [v - c, v + c, c - v].some((r) => keys(Math.abs(r)).some((k) => pairs.has(k))));
  // The key's own sums: every figure right of an "=" whose left side is arithmetic on the key's figures.
  for (const m of key.matchAll(/([£$€\d.,()\s+\-−×x*÷/]+)=\s*[£$€]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)/g)) add(Number(m[2]!.replace(/,/g, '')));
  const out: string[] = [];
  for (const f of textFigures(key)) {
    // "about £125,800" is an estimate the key makes, not a figure it quotes.
    const before = key.slice(Math.max(0, f.index - 16), f.index);
    if (/\b(about|around|roughly|approximately|approx\.?|c\.|nearly|almost|over|under)\s*$|~\s*$/i.test(before)) continue;
    if (significant(f.raw, f.value) && !follows(f.value) && !out.includes(f.raw)) out.push(f.raw);
  }
  return out;
}
