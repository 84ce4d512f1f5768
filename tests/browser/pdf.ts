import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading to judge Chromium's print output: the pages in order and, for each, the
 * number of text lines drawn on it (distinct baselines of text-positioning operators). Chromium
 * (Skia) writes one Flate-compressed content stream per page and positions text with `Tm`/`Td`.
 */

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    if (s >= 0 && body.slice(0, s).includes('/Length')) {
      let from = start + s + 'stream'.length;
      if (text[from] === '\r') from++;
      if (text[from] === '\n') from++;
      const to = text.lastIndexOf('endstream', end);
      const raw = pdf.subarray(from, to);
      let stream: Buffer = raw;
      if (body.slice(0, s).includes('/FlateDecode')) {
        try {
          stream = inflateSync(raw);
        } catch {
          stream = raw;
        }
      }
      out.set(Number(m[1]), { dict: body.slice(0, s), stream });
    } else out.set(Number(m[1]), { dict: body });
    re.lastIndex = end;
  }
  // Objects packed in object streams (pdf-lib, which marp-cli uses, writes them): /N pairs of
  // "number offset", then the objects from /First on.
  for (const o of [...out.values()]) {
    if (!/\/Type\s*\/ObjStm/.test(o.dict) || !o.stream) continue;
    const n = Number(/\/N\s+(\d+)/.exec(o.dict)?.[1] ?? 0);
    const first = Number(/\/First\s+(\d+)/.exec(o.dict)?.[1] ?? 0);
    const data = o.stream.toString('latin1');
    const nums = data.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i < n; i++) {
      const from = first + nums[2 * i + 1]!;
      const to = i + 1 < n ? first + nums[2 * i + 3]! : data.length;
      if (!out.has(nums[2 * i]!)) out.set(nums[2 * i]!, { dict: data.slice(from, to) });
    }
  }
  return out;
}

/** Text lines per page, in page order. */
export function linesPerPage(pdf: Buffer): number[] {
  const objs = objects(pdf);
  const deref = (n: number) => objs.get(n);
  // Page order: walk the page tree from the catalogue's /Pages.
  const root = [...objs.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\b/.test(o.dict));
  const pages: PdfObject[] = [];
  const walk = (node: PdfObject | undefined): void => {
    if (!node) return;
    if (/\/Type\s*\/Page\b(?!s)/.test(node.dict)) {
      pages.push(node);
      return;
    }
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node.dict)?.[1] ?? '';
    for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(deref(Number(k[1])));
  };
  walk(root);
  return pages.map((page) => {
    const refs = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '';
    const content = [...refs.matchAll(/(\d+) 0 R/g)].map((r) => deref(Number(r[1]))?.stream?.toString('latin1') ?? '').join('\n');
    const ys = new Set<number>();
    // Every text object that draws glyphs: its baseline from the last Tm (or Td) before the show operator.
    for (const bt of content.split(/\bBT\b/).slice(1)) {
      const block = bt.split(/\bET\b/)[0] ?? '';
      if (!/(Tj|TJ|')\s/.test(block)) continue;
      const tm = [...block.matchAll(/(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+Tm/g)].pop();
      const td = [...block.matchAll(/(-?[\d.]+)\s+(-?[\d.]+)\s+Td/g)].pop();
      const y = tm ? Number(tm[6]) : td ? Number(td[2]) : NaN;
      if (!Number.isNaN(y)) ys.add(Math.round(y / 3));
    }
    return ys.size;
  });
}
