import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { blueprintMessages, builtinCatalogue } from '../../src/pipeline/render/messages.js';
import { loadBlueprint } from '../../src/app/stages.js';
import { LANGUAGES } from '../../src/model/lang.js';
import { ROOT } from '../helpers.js';
import { parse as parseYaml } from 'yaml';

/** A catalogue file's dotted keys, read with the yaml package (not cocoon's reader). */
function readCatalogue(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, at: string): void => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
    else out[at] = String(v);
  };
  walk(parseYaml(readFileSync(file, 'utf8')), '');
  return out;
}

/**
 * The built-in message catalogues (templates/messages/*.yaml) against the reference, en: the same keys
 * (en-US may hold only the messages that differ), the same placeholders, every message valid ICU in
 * its language, and every key used by the code or a template.
 */

const en = builtinCatalogue('en');

/** The names a message fills in: {name}, {n, plural, …}, {per, select, …}, including nested ones. */
function placeholders(message: string, lang: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]): void => {
    for (const n of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      // Types 1 (argument), 2 number, 3 date, 4 time, 5 select, 6 plural carry a value name.
      if (n.type >= 1 && n.type <= 6 && typeof n.value === 'string') names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, lang).getAst() as unknown[]);
  return [...names].sort();
}

describe('built-in catalogues', () => {
  it('en has messages', () => {
    expect(Object.keys(en).length).toBeGreaterThan(200);
  });

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    const catalogue = builtinCatalogue(lang);
    it(`${lang}: no key that en lacks`, () => {
      expect(Object.keys(catalogue).filter((k) => !Object.hasOwn(en, k))).toEqual([]);
    });
    if (lang !== 'en-US')
      it(`${lang}: every key of en (lang/missing-message would report none)`, () => {
        expect(Object.keys(en).filter((k) => !Object.hasOwn(catalogue, k))).toEqual([]);
      });
    it(`${lang}: every message is valid ICU with the placeholders of en`, () => {
      const differ = Object.entries(catalogue)
        .filter(([k, m]) => placeholders(m, lang).join(',') !== placeholders(en[k]!, 'en').join(','))
        .map(([k, m]) => `${k}: ${placeholders(m, lang).join(',')} ≠ en ${placeholders(en[k]!, 'en').join(',')}`);
      expect(differ).toEqual([]);
    });
  }

  it("en's blueprint messages are blueprint.yaml's own words", () => {
    const own = Object.fromEntries(Object.entries(en).filter(([k]) => k.startsWith('blueprint.')));
    expect(own).toEqual(blueprintMessages(loadBlueprint()));
  });

  it("the lang/missing-message fixture is en's catalogue less one key (regenerate it when en gains a key)", () => {
    const es = readCatalogue(join(ROOT, 'tests/fixtures/rules/lang/missing-message/fires/templates/messages/es.yaml'));
    expect(Object.keys(en).filter((k) => !Object.hasOwn(es, k))).toEqual(['comms.page.subject']);
    expect(Object.keys(es).filter((k) => !Object.hasOwn(en, k))).toEqual([]);
  });

  it('placeholders that differ are caught (the check can fail)', () => {
    expect(placeholders('{a} und {n, plural, one {# x} other {{b} y}}', 'de')).toEqual(['a', 'b', 'n']);
    expect(placeholders('{a}', 'en')).not.toEqual(placeholders('{b}', 'en'));
  });

  it('every en key is used by the code or a template (no unused messages)', () => {
    const files = (dir: string, ext: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith(ext))
        .map((f) => join(dir, f));
    const sources = [...files(join(ROOT, 'src'), '.ts'), ...files(join(ROOT, 'templates'), '.hbs')].map((f) => ({
      file: relative(ROOT, f),
      text: readFileSync(f, 'utf8'),
    }));
    const all = sources.map((s) => s.text).join('\n');
    // A literal key ('comms.page.subject', "…" or `…`), or a key built from a prefix (`view.ai.${mode}`).
    const sections = [...new Set(Object.keys(en).map((k) => k.split('.')[0]!))].join('|');
    const literal = new Set([...all.matchAll(new RegExp(`['"\`]((?:${sections})\\.[A-Za-z0-9.-]+)['"\`]`, 'g'))].map((m) => m[1]!));
    const prefixes = [...all.matchAll(new RegExp(`\`((?:${sections})\\.[A-Za-z0-9.-]*)\\$\\{`, 'g'))].map((m) => m[1]!);
    const unused = Object.keys(en).filter((k) => !literal.has(k) && !prefixes.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });
});
