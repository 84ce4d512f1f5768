/**
 * CSV cells (RFC 4180), and no formula injection (OWASP "CSV injection"): a cell a spreadsheet would run as
 * a formula — starting with = + - @, a tab or a carriage return — gets a leading apostrophe; a cell with a
 * quote, a comma or a line break is quoted, its quotes doubled.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
