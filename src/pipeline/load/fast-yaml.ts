import jsyaml from 'js-yaml';

/**
 * The fast path for reading a clean YAML file: js-yaml, which builds plain data straight from the text
 * (no syntax tree, no source tokens, no positions), about five times faster than the positional parse
 * cold. It is used only where it returns exactly what the positional parse (source.ts, the `yaml`
 * library, YAML 1.2 core schema, merge keys off) returns; anywhere the two could differ it declines and
 * the positional parse reads the file, as it does every file with a problem (any js-yaml error).
 *
 * Where they could differ, and what is done:
 * - Plain scalars: js-yaml's own schemas resolve YAML 1.1 forms (`0b1`, `1_000`, `+.5e3`…). Here it gets
 *   a schema whose null, bool, int and float are the `yaml` library's core tags, with the same tests and
 *   the same conversions, in the same order; quoted and block scalars are strings in both.
 * - Tags (`!x`, `!!str`), merge keys (`<<`), directives (`%YAML 1.1`), explicit keys (`? `), collections
 *   as keys (`[a]: b`), document markers after the first line and tabs: declined by a scan of the text.
 * - Anchors and aliases: read alike (an alias is the anchored value itself), but the positional parse
 *   stops alias bombs by counting expansions; with at most 10 aliases no count can pass its limit of
 *   100 (the largest product of counts is 3 × 3 × 4), so more than 10 is declined.
 * - A null key (`~: x`, `: x`) is "" there and "null" here: a result with a key "null" is declined.
 * - Duplicate keys are an error in both (declined: js-yaml throws).
 * A scan may decline a file that would have been read alike (a `!` after a space in prose); that costs
 * time, never a difference.
 */

type Tag = { test: RegExp; resolve: (s: string) => unknown };
/**
 * One js-yaml type per YAML tag (js-yaml keeps one type of a tag), trying the `yaml` library's tests of
 * that tag in its order. Every test is anchored at the start and can only match a text beginning with
 * one of `starts`, so a plain scalar beginning with anything else (most prose) skips the regexes.
 */
const scalar = (tag: string, starts: string, tests: Tag[]) =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: unknown) => typeof s === 'string' && (s.length === 0 || starts.includes(s[0]!)) && tests.some((t) => t.test.test(s)),
    construct: (s: string) => tests.find((t) => t.test.test(s))!.resolve(s),
  });

/** The `yaml` library's core schema (yaml/dist/schema/core), in its order: null, bool, intOct, int, intHex, floatNaN, floatExp, float. */
const CORE_TAGS = [
  scalar('null', '~nN', [{ test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null }]),
  scalar('bool', 'tTfF', [{ test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (s) => s[0] === 't' || s[0] === 'T' }]),
  scalar('int', '+-0123456789', [
    { test: /^0o[0-7]+$/, resolve: (s) => parseInt(s.substring(2), 8) },
    { test: /^[-+]?[0-9]+$/, resolve: (s) => parseInt(s, 10) },
    { test: /^0x[0-9a-fA-F]+$/, resolve: (s) => parseInt(s.substring(2), 16) },
  ]),
  scalar('float', '+-.0123456789', [
    {
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
    },
    { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: (s) => parseFloat(s) },
    { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: (s) => parseFloat(s) },
  ]),
];
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: CORE_TAGS });

/** A line that opens a block scalar (`key: |`, `- >-`, `x: &a |2`), as nestingDepth in source.ts reads it. */
const BLOCK_HEADER = /(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#.*)?$/;
export const MAX_FAST_ALIASES = 10;

/**
 * Whether a UTF-16 code unit is what String.prototype.trim and the regex class \s count as white space
 * (WhiteSpace and LineTerminator): the scans below read lines as the split/trim/regex versions they
 * replace did (tests/core/fast-yaml.test.ts keeps those as the oracle).
 */
export function isJsSpace(c: number): boolean {
  if (c === 32) return true;
  if (c < 128) return c >= 9 && c <= 13;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const SPACE = 32;
const DASH = 45; // -
const HASH = 35; // #
const NL = 10;

/**
 * Whether the fast path declines a text, from a scan of its lines outside block scalars (whose content
 * is text to both parsers): a tag, a merge key, a directive, an explicit key, a collection as a key, a
 * document marker after the first line, a tab, a quoted scalar or flow collection left open at the end
 * of a line (continuation lines are where the two parsers' indentation rules differ), a comment touching
 * a closing quote, an anchor alone at the end of a line, whitespace-only lines before a block scalar's
 * first line, or more than MAX_FAST_ALIASES aliases. Each was found by the tests where js-yaml accepts
 * what the positional parse refuses, or reads it differently.
 *
 * One pass over the text by character codes, with no string made per line (a block scalar's lines are
 * passed over after their indentation); the rare checks (an anchor, a collection inside a flow mapping,
 * a block scalar header) test the line's text with a regex as the first version did.
 */
export function declines(text: string): boolean {
  if (text.includes('\t')) return true;
  const len = text.length;
  let blockIndent = -1;
  let awaitingFirst = false;
  let aliases = 0;
  // The columns where block collections begin, outermost first; a line that comes back to a column
  // that is not one of them is a misindented entry (js-yaml joins it to the collection, yaml refuses).
  const levels: number[] = [];
  // What each level holds, a mapping (false) or a sequence (true): a sequence at a mapping's column
  // (`key:\n- a`) is declined, as js-yaml and yaml disagree on where such a sequence ends.
  const seqs: boolean[] = [];
  const flows: number[] = []; // the open flow collections of a line, innermost last (char codes of [ and {)
  const first = text.startsWith('---') && (len === 3 || text.charCodeAt(3) === NL) ? 4 : 0;
  for (let start = first, end = 0; start <= len; start = end + 1) {
    end = text.indexOf('\n', start);
    if (end < 0) end = len;
    let b = start; // where the line's body begins (after leading white space)
    while (b < end && isJsSpace(text.charCodeAt(b))) b++;
    const indent = b - start;
    const blank = b === end;
    if (blockIndent >= 0) {
      if (blank) {
        if (end > start && awaitingFirst) return true;
        continue;
      }
      if (indent > blockIndent) {
        awaitingFirst = false;
        continue;
      }
      blockIndent = -1;
    }
    if (blank || text.charCodeAt(b) === HASH) continue;
    const kind = isSeqAt(text, b, end);
    if (levels.length && levels[levels.length - 1]! > indent) {
      while (levels.length && levels[levels.length - 1]! > indent) {
        levels.pop();
        seqs.pop();
      }
      if (levels[levels.length - 1] !== indent) return true;
    }
    if (!levels.length || levels[levels.length - 1]! < indent) {
      levels.push(indent);
      seqs.push(kind);
    } else if (seqs[seqs.length - 1] !== kind) return true;
    // Each `- ` that opens a nested collection on the same line (`- - a`, `- key: v`) is a level too.
    for (let p = b, col = indent; p + 1 < end && text.charCodeAt(p) === DASH && text.charCodeAt(p + 1) === SPACE;) {
      let q = p + 2;
      while (q < end && text.charCodeAt(q) === SPACE) q++;
      col += q - p;
      p = q;
      levels.push(col);
      seqs.push(isSeqAt(text, p, end));
    }
    if (indent === 0 && (text.charCodeAt(b) === 37 /* % */ || text.startsWith('---', b) || text.startsWith('...', b))) return true;
    let quote = 0;
    flows.length = 0;
    let nodeStart = true; // at a place where a node (and its properties) may begin
    let indicators = 0; // `: ` outside flow collections: a second one on a line is a compact nested mapping
    for (let k = b; k < end; k++) {
      const c = text.charCodeAt(k);
      if (quote) {
        if (c === 92 /* \ */ && quote === 34) k++;
        else if (c === quote) {
          if (quote === 39 && k + 1 < end && text.charCodeAt(k + 1) === 39) k++;
          else {
            quote = 0;
            if (k + 1 < end && text.charCodeAt(k + 1) === HASH) return true;
          }
        }
        continue;
      }
      const next = k + 1 < end ? text.charCodeAt(k + 1) : -1;
      const blankNext = next === -1 || next === SPACE;
      if (c === HASH && (k === b || text.charCodeAt(k - 1) === SPACE)) break;
      if (nodeStart) {
        if (c === 33 /* ! */ || (c === 63 /* ? */ && blankNext)) return true;
        if (c === 42 /* * */ && !blankNext && ++aliases > MAX_FAST_ALIASES) return true;
        if (c === 38 /* & */ && !blankNext && /^&\S+[ ]*(?:#.*)?$/.test(text.slice(k, end))) return true;
        if (c === 34 || c === 39) {
          quote = c;
          nodeStart = false;
          continue;
        }
      }
      if (c === 60 /* < */ && next === 60) return true;
      if (c === 91 /* [ */ || c === 123 /* { */) {
        // A collection as an entry of a flow mapping is a key: read differently (js-yaml joins it to a string).
        if (flows[flows.length - 1] === 123 && /[{,]\s*$/.test(text.slice(b, k))) return true;
        flows.push(c);
      } else if (c === 93 /* ] */ || c === 125 /* } */) {
        flows.pop();
        if (next === HASH) return true;
        let j = k + 1;
        while (j < end && text.charCodeAt(j) === SPACE) j++;
        if (j < end && text.charCodeAt(j) === 58 /* : */ && (j + 1 === end || isJsSpace(text.charCodeAt(j + 1)))) return true;
      }
      if (c === 58 /* : */ && blankNext && flows.length === 0 && ++indicators > 1) return true;
      nodeStart = c === SPACE || c === 91 || c === 123 || c === 44 /* , */ || (c === DASH && blankNext && nodeStart) || (c === 58 && blankNext);
    }
    if (quote || flows.length) return true;
    if (hasBlockIndicator(text, b, end) && BLOCK_HEADER.test(text.slice(b, end))) {
      blockIndent = indent;
      awaitingFirst = true;
    }
  }
  return false;
}

/** Whether the line's text at i (up to end) opens a sequence entry: `-` followed by a space or the line's end. */
const isSeqAt = (text: string, i: number, end: number): boolean =>
  i < end && text.charCodeAt(i) === DASH && (i + 1 === end || text.charCodeAt(i + 1) === SPACE);

/** Whether text[from, to) holds a `|` or a `>`, the characters every block scalar header has (a cheap test before the regex). */
export function hasBlockIndicator(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 124 || c === 62) return true;
  }
  return false;
}

/** Whether any mapping key is "null" (js-yaml's name for a null key, which the positional parse calls ""). */
function hasNullKey(data: unknown): boolean {
  const stack: unknown[] = [data];
  const seen = new Set<object>();
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else
      for (const k of Object.keys(v)) {
        if (k === 'null') return true;
        stack.push((v as Record<string, unknown>)[k]);
      }
  }
  return false;
}

/** The data of a YAML text (already decoded: no BOM, LF line ends), or undefined when the fast path declines it. */
export function fastParse(text: string): { data: unknown } | undefined {
  if (declines(text)) return undefined;
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: SCHEMA });
  } catch {
    return undefined;
  }
  if (hasNullKey(data)) return undefined;
  return { data };
}
