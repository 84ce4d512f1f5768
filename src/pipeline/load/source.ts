import { isUtf8 } from 'node:buffer';
import type { Document, Node, Pair } from 'yaml';
import { libraries } from '../../assets/libraries.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { Loc, Path, Positions, SourceFile } from '../../model/loc.js';
import { explainYamlError } from './yaml-errors.js';
import { fastParse, hasBlockIndicator, isJsSpace } from './fast-yaml.js';

type YamlLib = typeof import('yaml');
/**
 * The `yaml` library, loaded the first time a file needs it (Node keeps it from then on): a clean file
 * is read by the fast path (fast-yaml.ts) and never loads it; a file with a problem, or a diagnostic
 * that needs a line and column, does.
 */
const yamlLibrary = (): YamlLib => libraries.yaml();

export const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ALIAS_COUNT = 100;
/**
 * The data a file may expand to, in characters of text plus 16 per value: a 1 MiB file without aliases
 * stays well under it, while a file whose aliases repeat big collections (well under the alias cap)
 * is stopped before planning and rendering multiply it (issue 13: an 817 KB role ran `plan` out of memory).
 */
const MAX_EXPANDED = 8 * 1024 * 1024;

/** Whether data expands past `limit` when every shared (aliased) value is counted each time it is used. Stops at the limit. */
function expandsPast(data: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    size += 16;
    if (typeof v === 'string') size += v.length;
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        size += k.length;
        stack.push(x);
      }
    if (size > limit) return true;
  }
  return false;
}

// Duplicate keys are found by firstDuplicateKey (a Set per mapping), not by the yaml library's uniqueKeys,
// which compares each key with every earlier one: 60 000 keys took minutes.
const PARSE_OPTIONS = { uniqueKeys: false, version: '1.2', merge: false, prettyErrors: false, strict: true } as const;

/** The offset of the first key that repeats an earlier key of its mapping (same scalar value), or undefined. */
function firstDuplicateKey(doc: Document): number | undefined {
  const { isScalar, visit } = yamlLibrary();
  let found: number | undefined;
  visit(doc, {
    Map(_, node) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const v = pair.key.value;
        if (seen.has(v)) {
          found = (pair.key as Node).range?.[0] ?? 0;
          return visit.BREAK;
        }
        seen.add(v);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The YAML document behind a source, for positions. A file parsed with errors keeps its document; a
 * clean one, or one whose data came from the parse cache, arrives as text and data only, and its
 * document is rebuilt here the first time a diagnostic needs a line and column — for a clean file, never.
 */
export function documentOf(source: SourceFile): Positions | undefined {
  if (source.positions) return source.positions;
  if (!source.text) return undefined;
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  source.positions = { doc: parseDocument(source.text, { ...PARSE_OPTIONS, lineCounter }), lineCounter, pairs: new Map() };
  return source.positions;
}

const startsWith = (path: Path, prefix: Path): boolean => prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));

/** Whether the document has a node at exactly this path. */
function hasNode(source: SourceFile, path: Path): boolean {
  const parsed = documentOf(source);
  if (!parsed) return false;
  const { isMap, isScalar, isSeq } = yamlLibrary();
  let node: unknown = parsed.doc.contents;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return false;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) node = node.items[seg];
    else return false;
  }
  return true;
}

/**
 * The place a diagnostic belongs: a value the programme inherits (see Loc.base) is reported where it is
 * set — a GitHub annotation then lands on the `defaults:` line a person has to change.
 */
export function effectiveLoc(loc: Loc): Loc {
  if (!loc.base || !startsWith(loc.path, loc.base.path)) return loc;
  const rel = loc.path.slice(loc.base.path.length);
  const candidates = [...loc.base.inherited].sort((a, b) => b.key.length - a.key.length);
  for (const inh of candidates) {
    if (!startsWith(rel, inh.key) || hasNode(loc.source, [...loc.base.path, ...inh.key])) continue;
    return {
      source: inh.to.source,
      path: [...inh.to.path, ...rel.slice(inh.key.length)],
      ...(loc.find !== undefined ? { find: loc.find } : {}),
      ...(loc.key ? { key: loc.key } : {}),
    };
  }
  return loc;
}

/**
 * A mapping's pairs by key, built once per mapping: positioning n diagnostics in a mapping of n keys
 * (60 000 unknown keys) is linear, not quadratic. The first pair of a key wins, as `find` did.
 */
function pairsByKey(positions: Positions, node: { items: Pair[] }): Map<string, Pair> {
  const { isScalar } = yamlLibrary();
  let index = positions.pairs.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    positions.pairs.set(node, index);
  }
  return index;
}

/**
 * Turn a place into 1-based line and column. Missing keys resolve to their deepest existing ancestor,
 * so a rule may point at `sponsor` even when the programme has no sponsor key.
 */
export function locate(place: Loc): { line: number; column: number } {
  const loc = effectiveLoc(place);
  const parsed = documentOf(loc.source);
  if (!parsed) return { line: 1, column: 1 };
  const { isMap, isScalar, isSeq } = yamlLibrary();
  const { doc, lineCounter } = parsed;
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of loc.path) {
    if (isMap(node)) {
      const pair = pairsByKey(parsed, node).get(String(seg));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      keyNode = undefined;
      node = node.items[seg];
    } else break;
  }
  let offset: number | undefined;
  const range = (node as Node | null)?.range;
  if (loc.find !== undefined && range) {
    const i = loc.source.text.slice(range[0], range[1]).indexOf(loc.find);
    if (i >= 0) offset = range[0] + i;
  }
  if (offset === undefined) {
    const useKey = keyNode?.range && (loc.key || !isScalar(node));
    offset = useKey ? keyNode!.range![0] : (range?.[0] ?? keyNode?.range?.[0] ?? 0);
  }
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export interface Parsed {
  source: SourceFile;
  data: unknown;
  diagnostics: Diagnostic[];
}

const syntax = (file: string, line: number, column: number, message: string, hint: string): Diagnostic => ({
  file,
  line,
  column,
  severity: 'error',
  rule: 'yaml/syntax',
  message,
  hint,
});

/**
 * Byte offset of the first invalid UTF-8 sequence, or -1. Node's isUtf8 (native) is stricter than the
 * loop (it also refuses overlong forms and surrogates), so a text it accepts has no offset to find; the
 * loop runs only for a file that may have one.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length + (need === 0 ? 1 : 0)) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

function lineColOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

/**
 * Estimate nesting depth with a single pass and no recursion, so a 10 000-deep document is refused
 * before the (recursive) parser sees it. Counts flow brackets outside quotes and comments, block
 * indentation levels, and `- ` / `? ` indicators that open a nested collection on the same line.
 *
 * Lines are read by character codes in place (no string per line; a block scalar's lines are passed
 * over after their indentation), as the split/trim version did: tests/core/fast-yaml.test.ts keeps
 * that version as the oracle.
 */
export function nestingDepth(text: string): { depth: number; line: number } {
  let max = 0;
  let maxLine = 1;
  let flow = 0;
  const indents: number[] = [];
  let blockScalarIndent = -1;
  const len = text.length;
  for (let start = 0, end = 0, n = 0; start <= len; start = end + 1, n++) {
    end = text.indexOf('\n', start);
    if (end < 0) end = len;
    let b = start; // the trimmed body is text[b, e)
    while (b < end && isJsSpace(text.charCodeAt(b))) b++;
    const indent = b - start;
    if (blockScalarIndent >= 0) {
      if (b === end || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (b === end || text.charCodeAt(b) === 35 /* # */) continue;
    let e = end;
    while (isJsSpace(text.charCodeAt(e - 1))) e--;
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1]! > indent) indents.pop();
      if (!indents.length || indents[indents.length - 1]! < indent) indents.push(indent);
    }
    let dashes = 0;
    let i = b;
    for (
      let c = text.charCodeAt(i);
      i < e && (c === 45 /* - */ || c === 63) /* ? */ && (i + 1 === e || text.charCodeAt(i + 1) === 32);
      c = text.charCodeAt(i)
    ) {
      dashes++;
      i += 2;
      while (i < e && text.charCodeAt(i) === 32) i++;
    }
    let quote = 0;
    let lineMaxFlow = flow;
    for (let k = b; k < e; k++) {
      const c = text.charCodeAt(k);
      if (quote) {
        if (c === 92 /* \\ */ && quote === 34) k++;
        else if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) {
        // A quote opens a quoted scalar only where a scalar starts: at the start of the line's content
        // (after any `- ` / `? `), or after [ { , or :. Inside a plain scalar (`[a "x, [[[…`) it is just a
        // character, and the brackets after it nest (B24: the scan once skipped them as quoted).
        let p = k - 1;
        while (p >= b && isJsSpace(text.charCodeAt(p))) p--;
        const before = text.charCodeAt(p);
        if (p < i || before === 91 || before === 123 || before === 44 || before === 58) quote = c; // [ { , :
      } else if (c === 35 /* # */ && (k === b || text.charCodeAt(k - 1) === 32)) break;
      else if (c === 91 || c === 123) lineMaxFlow = Math.max(lineMaxFlow, ++flow);
      else if (c === 93 || c === 125) flow = Math.max(0, flow - 1);
    }
    const depth = indents.length + dashes + lineMaxFlow;
    if (depth > max) {
      max = depth;
      maxLine = n + 1;
    }
    if (flow === 0 && hasBlockIndicator(text, b, e) && /(^|[\s:-])[|>][0-9+-]*\s*(#.*)?$/.test(text.slice(b, e))) blockScalarIndent = indent;
  }
  return { depth: max, line: maxLine };
}

/** An anchor name as a message may print it: short, no control characters. */
const inertName = (name: string): string => name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 40);

/** UTF-8 bytes → the text positions refer to: BOM dropped, CRLF and CR as LF. */
export function decodeText(bytes: Uint8Array): string {
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Bytes → YAML data. Never throws for any input: every problem is a `yaml/syntax` diagnostic. YAML 1.2
 * core schema (so `no` stays a string), unique keys, no merge keys, aliases capped.
 *
 * A clean file in the common subset of YAML is read by the fast path (fast-yaml.ts: no syntax tree, no
 * positions; the document is rebuilt by documentOf only if a diagnostic needs a line). Anything the fast
 * path could read differently — and every file with a problem — goes through the positional parse,
 * which is the reference: tests/core/fast-yaml.test.ts checks the two agree on every corpus.
 */
export function parseYaml(bytes: Uint8Array, displayPath: string): Parsed {
  return parseYamlWith(bytes, displayPath, true);
}

/** The positional parse alone (the `yaml` library with a line counter): the reference the fast path is tested against. */
export function parseYamlPositional(bytes: Uint8Array, displayPath: string): Parsed {
  return parseYamlWith(bytes, displayPath, false);
}

/** Whether data is what a cocoon file may be: a mapping at the top, and not expanding past MAX_EXPANDED through aliases. */
const acceptable = (data: unknown): data is object => data !== null && typeof data === 'object' && !Array.isArray(data) && !expandsPast(data, MAX_EXPANDED);

function parseYamlWith(bytes: Uint8Array, displayPath: string, fast: boolean): Parsed {
  const empty: SourceFile = { path: displayPath, text: '' };
  const fail = (line: number, column: number, message: string, hint: string): Parsed => ({
    source: empty,
    data: undefined,
    diagnostics: [syntax(displayPath, line, column, message, hint)],
  });
  if (bytes.length > MAX_BYTES)
    return fail(
      1,
      1,
      `File is ${(bytes.length / MAX_BYTES).toFixed(1)} MiB; cocoon reads YAML files up to 1 MiB`,
      'Split the file: one role per file, programmes in their own files.',
    );
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const p = lineColOfByte(bytes, nul);
    return fail(p.line, p.column, 'File is binary (it contains a NUL byte), not YAML text', 'Point cocoon at a .yaml text file.');
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const p = lineColOfByte(bytes, bad);
    return fail(
      p.line,
      p.column,
      `File is not UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
      'Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
    );
  }
  const text = decodeText(bytes);
  if (!/^(?!\s*(#|---\s*$|\.\.\.\s*$)).*\S/m.test(text))
    return fail(1, 1, 'File is empty', 'Write a role, a programme or a project, or remove the file. `cocoon new role <id>` scaffolds one.');
  const nest = nestingDepth(text);
  if (nest.depth > MAX_DEPTH)
    return fail(nest.line, 1, `YAML is nested more than ${MAX_DEPTH} levels deep`, 'cocoon files are a few levels deep; this looks generated or corrupted.');
  if (fast) {
    const quick = fastParse(text);
    if (quick && acceptable(quick.data)) return { source: { path: displayPath, text }, data: quick.data, diagnostics: [] };
  }
  const { LineCounter, parseDocument, visit } = yamlLibrary();
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  } catch (e) {
    if (e instanceof RangeError) return fail(1, 1, 'YAML is nested too deeply to read', 'Flatten the file.');
    throw e;
  }
  const source: SourceFile = { path: displayPath, text, positions: { doc, lineCounter, pairs: new Map() } };
  const diagnostics: Diagnostic[] = [];
  // The first error only: later ones are usually the parser losing its way after the first.
  const err = doc.errors[0];
  if (err) {
    const pos = lineCounter.linePos(err.pos[0]);
    const p = explainYamlError({ code: err.code, message: err.message, line: pos.line, column: pos.col }, text);
    diagnostics.push({ ...syntax(displayPath, p.line, p.column, p.message, p.hint), excerpt: text.split('\n')[p.line - 1] ?? '' });
  }
  if (!diagnostics.length) {
    const dup = firstDuplicateKey(doc);
    if (dup !== undefined) {
      const pos = lineCounter.linePos(dup);
      // Worded like every other syntax error: the key, where it first appears, and what to do.
      const p = explainYamlError({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', line: pos.line, column: pos.col }, text);
      diagnostics.push({ ...syntax(displayPath, p.line, p.column, p.message, p.hint), excerpt: text.split('\n')[p.line - 1] ?? '' });
    }
  }
  if (diagnostics.length) return { source, data: undefined, diagnostics: diagnostics.slice(0, 1) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof RangeError || e instanceof ReferenceError) {
      // B23: an alias with no anchor is a mistake of its own, not an alias bomb: name it, at the alias.
      const unresolved = /^Unresolved alias[^:]*: \*?(.*)$/.exec(e.message);
      if (unresolved) {
        const name = unresolved[1]!.replace(/^\*/, '');
        // Found as text, never as a pattern built from the file: `*name` not followed by more of a name.
        const needle = `*${name}`;
        let offset = -1;
        for (let i = text.indexOf(needle); i >= 0 && offset < 0; i = text.indexOf(needle, i + 1)) if (!/[\w-]/.test(text.charAt(i + needle.length))) offset = i;
        const pos = offset >= 0 ? lineCounter.linePos(offset) : { line: 1, col: 1 };
        return {
          source,
          data: undefined,
          diagnostics: [
            syntax(
              displayPath,
              pos.line,
              pos.col,
              `Unknown alias *${inertName(name)}: no anchor &${inertName(name)} is set before it`,
              `Set \`&${inertName(name)}\` on the value to repeat (before this line), or write the value out.`,
            ),
          ],
        };
      }
      const tooMany = /alias/i.test(e.message);
      return {
        source,
        data: undefined,
        diagnostics: [
          syntax(
            displayPath,
            1,
            1,
            tooMany ? 'Too many alias expansions (a "billion laughs" pattern)' : 'YAML is nested too deeply to read',
            'Write the values out instead of nesting aliases.',
          ),
        ],
      };
    }
    throw e;
  }
  if (expandsPast(data, MAX_EXPANDED)) {
    // Point at the first alias of the largest anchor: that is the repetition to write out, not a small
    // alias that happens to come first (a demo's `*material`).
    let offset = 0;
    let largest = -1;
    const sizes = new Map<unknown, number>();
    visit(doc, {
      Alias(_, node) {
        const target = node.resolve(doc);
        let size = sizes.get(target);
        if (size === undefined) sizes.set(target, (size = target ? JSON.stringify(target.toJSON()).length : 0));
        if (size > largest) {
          largest = size;
          offset = node.range?.[0] ?? 0;
        }
      },
    });
    const pos = lineCounter.linePos(offset);
    return {
      source,
      data: undefined,
      diagnostics: [
        syntax(
          displayPath,
          pos.line,
          pos.col,
          `Aliases expand this file past ${MAX_EXPANDED / 1024 / 1024} MiB of data`,
          'Write the values out instead of repeating large anchors with aliases.',
        ),
      ],
    };
  }
  if (data === null || data === undefined) return fail(1, 1, 'File is empty', 'Write a role, a programme or a project, or remove the file.');
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      source,
      data: undefined,
      diagnostics: [
        syntax(displayPath, 1, 1, 'Top level must be a mapping (key: value pairs)', 'Start the file with `id: …` for a role or `role: …` for a programme.'),
      ],
    };
  }
  return { source, data, diagnostics: [] };
}
