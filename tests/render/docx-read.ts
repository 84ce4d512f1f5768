/** What a test compares of a page and its Word version, both as HTML (markdown-it's and mammoth's). */

const decode = (s: string) =>
  s
    .replace(/<\/?(a|strong|em|code)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** Headings (level and text), tables (rows of cells) and the whole text of an HTML rendering. */
export function structure(html: string) {
  const headings = [...html.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => `h${m[1]} ${decode(m[2]!)}`);
  const tables = [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map((t) =>
    [...t[1]!.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!))),
  );
  return { headings, tables, text: decode(html) };
}
