// Rules that skip work where it cannot find anything must report exactly what the plain versions did.
// The versions they replaced are kept here as the oracle and compared on every string of the built-in
// roles, the example project and the rule fixtures, and on random text made of what the patterns look
// for (digits, separators, @ and domains, placeholders); a planted difference shows the comparison fails.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRealLooking, ibanValid, luhn } from '../../src/rules/data/real-looking-example.js';
import { placeholderReports } from '../../src/rules/content/placeholder.js';
import { parseYaml } from '../../src/pipeline/load/source.js';
import { sub, type Loc, type PathSegment } from '../../src/model/loc.js';
import type { Report } from '../../src/rules/types.js';
import { ROOT } from '../helpers.js';

const SAFE_EMAIL = /@([a-z0-9-]+\.)*(example\.(com|org|net)|[a-z0-9-]+\.(example|test|invalid|localhost))$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}/g;
function findRealLookingOld(text: string): { kind: string; match: string } | undefined {
  for (const m of text.matchAll(EMAIL)) if (!SAFE_EMAIL.test(m[0])) return { kind: 'email address', match: m[0] };
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return { kind: 'payment card number', match: m[0] };
  }
  for (const m of text.matchAll(IBAN)) if (ibanValid(m[0])) return { kind: 'IBAN', match: m[0] };
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 9 && digits.length <= 15 && /^[+(0]/.test(m[0])) return { kind: 'phone number', match: m[0] };
  }
  return undefined;
}

const TODO = /\bTODO\b/;
const UNNAMED = /^\s*(to be named|tbd|tbc)\s*$/i;
const ORG = /^\s*(your organisation|your organization|your company)\s*$/i;
function* strings(value: unknown, path: PathSegment[]): Generator<{ text: string; path: PathSegment[] }> {
  if (typeof value === 'string') yield { text: value, path };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}
const short = (t: string): string => {
  const line =
    t
      .trim()
      .split('\n')
      .find((l) => TODO.test(l)) ?? t.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
};
function fieldName(path: PathSegment[]): string {
  const named = path.filter((p): p is string => typeof p === 'string' && !['name', 'team', 'title', 'programmes'].includes(p));
  return named[named.length - 1] ?? String(path[path.length - 1]);
}
function placeholderReportsOld(data: unknown, at: Loc): Report[] {
  const out: Report[] = [];
  for (const { text, path } of strings(data, [])) {
    const where = sub(at, ...path);
    const isOrgName = path.length === 2 && path[0] === 'org' && path[1] === 'name';
    if (TODO.test(text)) out.push({ messageId: 'todo', data: { text: short(text) }, at: { ...where, find: 'TODO' } });
    else if (UNNAMED.test(text)) out.push({ messageId: 'unnamed', data: { text: text.trim(), field: fieldName(path) }, at: where });
    else if (isOrgName && ORG.test(text)) out.push({ messageId: 'org', data: { text: text.trim() }, at: where });
  }
  return out;
}

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
const documents = [...yamlFiles(join(ROOT, 'roles')), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'tests', 'fixtures'))]
  .map((f) => parseYaml(readFileSync(f), f))
  .filter((p) => p.data !== undefined);
const allStrings = documents.flatMap((p) => [...strings(p.data, [])].map((s) => s.text));

/** Text of the pieces the patterns look for: digits and their separators, @ and domains, IBAN-like capitals, prose. */
const piece = fc.constantFrom(
  ...'0123456789'.split(''),
  ' ',
  '-',
  '.',
  '(',
  ')',
  '+',
  '@',
  '_',
  '%',
  '\n',
  'a',
  'Z',
  'GB',
  'DE89',
  'NL91ABNA',
  ' 0417 1643 00',
  '4111 1111 1111 1111',
  '+44 20 7946 0958',
  '(020) 7946 0958',
  'jordan@',
  'acme.com',
  'example.com',
  '.test',
  'x@y.io',
  'TODO',
  'To be named',
  'tbd',
  ' Your company ',
  'call ',
  'IBAN ',
  '12,000',
  '2027-01-12',
);
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

describe('data/real-looking-example searches only where it can report, and reports what the plain search did', () => {
  it('on every string of the built-in roles, the example project and the fixtures', () => {
    expect(allStrings.length).toBeGreaterThan(2000);
    const differ = allStrings.filter((s) => JSON.stringify(findRealLooking(s)) !== JSON.stringify(findRealLookingOld(s)));
    expect(differ).toEqual([]);
  });

  it('on random text of digits, separators, addresses and IBAN-like capitals', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(text, (s) => {
        const found = findRealLookingOld(s);
        if (found) kinds.add(found.kind);
        expect(findRealLooking(s)).toEqual(found);
      }),
      { numRuns: 20_000, seed: Number(process.env.FC_SEED ?? 20) },
    );
    // Not vacuous: every kind was found somewhere.
    expect([...kinds].sort()).toEqual(['IBAN', 'email address', 'payment card number', 'phone number']);
  });

  it('fails on a planted difference: a phone search that needs ten digits', () => {
    const planted = (s: string) => (s.replace(/\D/g, '').length < 10 && findRealLooking(s)?.kind === 'phone number' ? undefined : findRealLooking(s));
    expect(['020 794 609', 'a@b.io'].filter((s) => JSON.stringify(planted(s)) !== JSON.stringify(findRealLookingOld(s)))).toEqual(['020 794 609']);
  });
});

describe('content/placeholder walks the data once and reports what the generator walk did', () => {
  const at = (p: (typeof documents)[number]): Loc => ({ source: p.source, path: ['programmes', 0] });

  it('on every built-in, example and fixture document', () => {
    expect(documents.length).toBeGreaterThan(50);
    let reports = 0;
    for (const p of documents) {
      const old = placeholderReportsOld(p.data, at(p));
      reports += old.length;
      expect(placeholderReports(p.data, at(p))).toEqual(old);
    }
    expect(reports).toBeGreaterThan(0);
  });

  it('on random data with placeholders at every depth, an org name among them', () => {
    const leaf = fc.oneof(
      text,
      fc.constantFrom('TODO', 'x TODO y', 'To be named', ' TBD ', 'Your organisation', 'tbc'),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('tree'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('org', 'name', 'owner', 'team', 'sponsor', 'title', 'a'), tie('tree'), { maxKeys: 4 }),
      ),
    }));
    const source = documents[0]!.source;
    let reports = 0;
    fc.assert(
      fc.property(tree, (data) => {
        const old = placeholderReportsOld(data, { source, path: ['x'] });
        reports += old.length;
        expect(placeholderReports(data, { source, path: ['x'] })).toEqual(old);
      }),
      { numRuns: 3000, seed: Number(process.env.FC_SEED ?? 20) },
    );
    expect(reports).toBeGreaterThan(500);
  });
});
