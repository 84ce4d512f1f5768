// dist/validators.cjs counts minLength/maxLength with its own ucs2length (scripts/build-validators.mjs):
// two native regex scans instead of ajv's loop over every UTF-16 unit. It must count what ajv's counts
// (code points: a high surrogate directly followed by a low one is one), and the validators built with it
// must give exactly the errors of validators ajv compiles at run time from the same schemas.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const reference = (require('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }).default;
const built = require(join(ROOT, 'dist', 'validators.cjs')) as { ucs2length: (s: string) => number; role: Validate };
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

const unit = fc.constantFrom('a', 'é', ' ', '\n', '\ud83d', '\ude00', '\ud800', '\udbff', '\udc00', '\udfff', '😀', '€');

describe("the built validators' length count", () => {
  it("counts what ajv's ucs2length counts, on random text with paired and lone surrogates", () => {
    let astral = 0;
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 30 }).map((u) => u.join('')),
        (s) => {
          if (reference(s) !== s.length) astral++;
          expect(built.ucs2length(s)).toBe(reference(s));
        },
      ),
      { numRuns: 20_000, seed: Number(process.env.FC_SEED ?? 20) },
    );
    expect(astral).toBeGreaterThan(1000);
    // A planted difference: counting UTF-16 units (ajv's `unicode: false`) is caught.
    expect(['😀', 'a'].filter((s) => s.length !== reference(s))).toEqual(['😀']);
  });

  it('gives the errors of validators ajv compiles at run time, for texts around the 20 000 limit with emoji', () => {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
    addFormats(ajv, ['date']);
    for (const n of ['role', 'programme', 'config'])
      ajv.addSchema(JSON.parse(readFileSync(join(ROOT, 'schema', `${n}.schema.json`), 'utf8')), `${n}.schema.json`);
    const compiled = ajv.getSchema('role.schema.json')! as Validate;
    const role = JSON.parse(readFileSync(join(ROOT, 'dist', 'parsed.json'), 'utf8')).files;
    const finance = JSON.parse(Object.values(role as Record<string, string>).find((j) => j.includes('"id":"finance"'))!);
    const errors = (v: Validate, data: unknown) => (v(data), JSON.stringify(v.errors ?? null));
    let failing = 0;
    for (const summary of [
      '',
      'x'.repeat(20_000),
      'x'.repeat(20_001),
      '😀'.repeat(10_000),
      '😀'.repeat(10_001),
      `${'😀'.repeat(19_999)}x`,
      `${'😀'.repeat(19_999)}xy`,
      `\ud800${'x'.repeat(19_999)}`,
      `\udc00${'x'.repeat(20_000)}`,
    ]) {
      const data = { ...finance, summary };
      if (errors(compiled, data) !== 'null') failing++;
      expect(errors(built.role, data), `${summary.length} units`).toBe(errors(compiled, data));
    }
    expect(failing).toBe(4); // empty, 20 001 letters, 19 999 emoji and two letters, a lone low surrogate and 20 000 letters
  });
});
