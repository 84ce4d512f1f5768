/** Small pure text helpers shared by the CLI and the core. */

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return best !== undefined && bestScore <= limit ? best : undefined;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/**
 * Replace {name} placeholders with plain values; unknown names (and undefined values) stay as written.
 * Not a template engine on purpose. Own keys only: `{constructor}` in a title is text, not Object's
 * constructor; a replacement function, so `$&` in a value is text.
 */
export function fill(text: string, values: Readonly<Record<string, string | number | undefined>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    return v === undefined ? whole : String(v);
  });
}

/** "the sponsor, …" → "The sponsor, …" at the start of a sentence. */
export const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function listJoin(items: readonly string[], conj = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

/**
 * Join lines that YAML authors wrapped by hand back into their paragraph, so a model output prints as
 * prose instead of re-wrapping raggedly. A line continues the one before when that one is long and does
 * not end a label (":"), and it starts like the middle of a sentence (lower case, a figure, a bracket).
 * Lists, tables, headings and short lines stay as written.
 */
export function reflow(text: string): string {
  const out: string[] = [];
  for (const raw of text.replace(/\s+$/, '').split('\n')) {
    const line = raw.trim();
    const prev = out[out.length - 1];
    const marker = /^([-*•|]|\d+[.)]\s|[a-z][.)]\s)/.test(line);
    // A hanging indent under a long line is its continuation too ("Agency fees: … from\n  April; …").
    const midSentence = /^[a-z(£$€0-9]/.test(line) || /^\s{2,}\S/.test(raw);
    if (prev !== undefined && prev.length >= 60 && line && !/[:|]$/.test(prev) && midSentence && !marker) out[out.length - 1] = `${prev} ${line}`;
    else out.push(raw.replace(/\s+$/, ''));
  }
  return out.join('\n');
}

const LIST_ITEM = /^([-*•]|\d+[.)])\s/;
const ONLY_VARIABLE = /^\{\{[^{}]*\}\}$/;
/** A line that ends a sentence or introduces what follows keeps its line break. */
const ENDS = /[.:!?;]["'”’)\]]*$/;

/**
 * A prompt template hard-wrapped in its YAML file ("…in one or two\nsentences:") as the author meant
 * it: a line that stops mid-sentence runs on into the next, so print and narrow screens wrap it once,
 * evenly. Lines that end a sentence, list items, indented or table lines, and a `{{variable}}` on a
 * line of its own (where a document is pasted) keep their breaks.
 */
export function reflowPrompt(template: string): string {
  const lines = template.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.length ? out[out.length - 1]! : undefined;
    const joins =
      prev !== undefined &&
      prev.trim() !== '' &&
      line.trim() !== '' &&
      !/^\s/.test(line) &&
      !LIST_ITEM.test(line) &&
      !line.includes('|') &&
      !prev.includes('|') &&
      !ONLY_VARIABLE.test(line.trim()) &&
      !ONLY_VARIABLE.test(prev.trim()) &&
      !ENDS.test(prev.trimEnd());
    if (joins) out[out.length - 1] = `${prev.trimEnd()} ${line.trim()}`;
    else out.push(line);
  }
  return out.join('\n');
}
