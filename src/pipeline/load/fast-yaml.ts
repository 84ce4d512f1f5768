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
/** One js-yaml type per YAML tag (js-yaml keeps one type of a tag), trying the `yaml` library's tests of that tag in its order. */
const scalar = (tag: string, tests: Tag[]) =>
  new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: unknown) => typeof s === 'string' && tests.some((t) => t.test.test(s)),
    construct: (s: string) => tests.find((t) => t.test.test(s))!.resolve(s),
  });

/** The `yaml` library's core schema (yaml/dist/schema/core), in its order: null, bool, intOct, int, intHex, floatNaN, floatExp, float. */
const CORE_TAGS = [
  scalar('null', [{ test: /^(?:~|[Nn]ull|NULL)?$/, resolve: () => null }]),
  scalar('bool', [{ test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, resolve: (s) => s[0] === 't' || s[0] === 'T' }]),
  scalar('int', [
    { test: /^0o[0-7]+$/, resolve: (s) => parseInt(s.substring(2), 8) },
    { test: /^[-+]?[0-9]+$/, resolve: (s) => parseInt(s, 10) },
    { test: /^0x[0-9a-fA-F]+$/, resolve: (s) => parseInt(s.substring(2), 16) },
  ]),
  scalar('float', [
    { test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, resolve: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) },
    { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, resolve: (s) => parseFloat(s) },
    { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, resolve: (s) => parseFloat(s) },
  ]),
];
const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: CORE_TAGS });

/** A line that opens a block scalar (`key: |`, `- >-`, `x: &a |2`), as nestingDepth in source.ts reads it. */
const BLOCK_HEADER = /(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#.*)?$/;
export const MAX_FAST_ALIASES = 10;

/**
 * Whether the fast path declines a text, from a scan of its lines outside block scalars (whose content
 * is text to both parsers): a tag, a merge key, a directive, an explicit key, a collection as a key, a
 * document marker after the first line, a tab, a quoted scalar or flow collection left open at the end
 * of a line (continuation lines are where the two parsers' indentation rules differ), a comment touching
 * a closing quote, an anchor alone at the end of a line, whitespace-only lines before a block scalar's
 * first line, or more than MAX_FAST_ALIASES aliases. Each was found by the tests where js-yaml accepts
 * what the positional parse refuses, or reads it differently.
 */
export function declines(text: string): boolean {
  if (text.includes('\t')) return true;
  const lines = text.split('\n');
  let blockIndent = -1;
  let awaitingFirst = false;
  let aliases = 0;
  // The columns where block collections begin, outermost first; a line that comes back to a column
  // that is not one of them is a misindented entry (js-yaml joins it to the collection, yaml refuses).
  const levels: number[] = [];
  // What each level holds, a mapping or a sequence: a sequence at a mapping's column (`key:\n- a`) is
  // declined, as js-yaml and yaml disagree on where such a sequence ends.
  const kinds: ('map' | 'seq')[] = [];
  for (let n = lines[0] === '---' ? 1 : 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const body = raw.trimStart();
    const indent = raw.length - body.length;
    if (blockIndent >= 0) {
      if (body === '') {
        if (raw.length && awaitingFirst) return true;
        continue;
      }
      if (indent > blockIndent) {
        awaitingFirst = false;
        continue;
      }
      blockIndent = -1;
    }
    if (body === '' || body[0] === '#') continue;
    if (levels.length && levels[levels.length - 1]! > indent) {
      while (levels.length && levels[levels.length - 1]! > indent) {
        levels.pop();
        kinds.pop();
      }
      if (levels[levels.length - 1] !== indent) return true;
    }
    const kind = /^-(?:[ ]|$)/.test(body) ? 'seq' : 'map';
    if (!levels.length || levels[levels.length - 1]! < indent) {
      levels.push(indent);
      kinds.push(kind);
    } else if (kinds[kinds.length - 1] !== kind) return true;
    for (let d = /^(?:-[ ]+)+/.exec(body)?.[0] ?? '', col = indent; d; ) {
      const step = /^-[ ]+/.exec(d)![0].length;
      col += step;
      d = d.slice(step);
      levels.push(col);
      kinds.push(/^-(?:[ ]|$)/.test(d || body.slice(col - indent)) ? 'seq' : 'map');
    }
    if (indent === 0 && (body[0] === '%' || body.startsWith('---') || body.startsWith('...'))) return true;
    let quote = '';
    const flows: string[] = []; // the open flow collections, innermost last
    let nodeStart = true; // at a place where a node (and its properties) may begin
    let indicators = 0; // `: ` outside flow collections: a second one on a line is a compact nested mapping
    for (let k = 0; k < body.length; k++) {
      const c = body[k]!;
      if (quote) {
        if (c === '\\' && quote === '"') k++;
        else if (c === quote) {
          if (quote === "'" && body[k + 1] === "'") k++;
          else {
            quote = '';
            if (body[k + 1] === '#') return true;
          }
        }
        continue;
      }
      const next = body[k + 1];
      const blankNext = next === undefined || next === ' ';
      if (c === '#' && (k === 0 || body[k - 1] === ' ')) break;
      if (nodeStart) {
        if (c === '!' || (c === '?' && blankNext)) return true;
        if (c === '*' && !blankNext && ++aliases > MAX_FAST_ALIASES) return true;
        if (c === '&' && !blankNext && /^&\S+[ ]*(?:#.*)?$/.test(body.slice(k))) return true;
        if (c === '"' || c === "'") {
          quote = c;
          nodeStart = false;
          continue;
        }
      }
      if (c === '<' && next === '<') return true;
      if (c === '[' || c === '{') {
        // A collection as an entry of a flow mapping is a key: read differently (js-yaml joins it to a string).
        if (flows[flows.length - 1] === '{' && /[{,]\s*$/.test(body.slice(0, k))) return true;
        flows.push(c);
      } else if (c === ']' || c === '}') {
        flows.pop();
        if (next === '#') return true;
        if (/^[ ]*:(?:\s|$)/.test(body.slice(k + 1))) return true;
      }
      if (c === ':' && blankNext && flows.length === 0 && ++indicators > 1) return true;
      nodeStart = c === ' ' || c === '[' || c === '{' || c === ',' || (c === '-' && blankNext && nodeStart) || (c === ':' && blankNext);
    }
    if (quote || flows.length) return true;
    if (BLOCK_HEADER.test(body)) {
      blockIndent = indent;
      awaitingFirst = true;
    }
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
