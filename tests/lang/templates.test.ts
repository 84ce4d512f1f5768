import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * A language's page templates (templates/i18n/<lang>/md/…) are translations of the English ones: the
 * same Handlebars skeleton, so a change to a page's logic cannot drift between languages. The block
 * tags and partial calls must come in the same order; the other expressions may move inside a
 * sentence, so they are compared as a multiset.
 */

const EN = join(ROOT, 'templates', 'md');
const I18N = join(ROOT, 'templates', 'i18n');
/** Kept in English by design: the drafting brief goes to the consultant's own AI assistant. */
const ENGLISH_ONLY = new Set(['draft-brief.md.hbs']);

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => f.split('\\').join('/'))
    .sort();

/** The skeleton of a template: its block and partial tags in order, and its other expressions sorted. */
export function skeleton(text: string): { blocks: string[]; expressions: string[] } {
  const tags = [...text.matchAll(/\{\{~?(\{?)\s*([\s\S]*?)\s*\}?~?\}\}/g)].map((m) => `${m[1]}${m[2]!.replace(/\s+/g, ' ')}`);
  const isBlock = (t: string) => /^[#/>^]|^else\b|^!/.test(t);
  return {
    blocks: tags.filter((t) => isBlock(t) && !t.startsWith('!')),
    expressions: tags.filter((t) => !isBlock(t)).sort(),
  };
}

const languages = existsSync(I18N) ? readdirSync(I18N).sort() : [];

describe('page templates per language', () => {
  it('the skeleton sees a moved block and a dropped field', () => {
    const en = '{{#if a}}Hello {{name}}, you have {{n}}.{{/if}}';
    expect(skeleton('{{#if a}}Hallo {{name}}, Sie haben {{n}}.{{/if}}')).toEqual(skeleton(en));
    expect(skeleton('{{#if a}}Sie haben {{n}}, {{name}}.{{/if}}')).toEqual(skeleton(en));
    expect(skeleton('{{#if a}}Hallo.{{/if}}')).not.toEqual(skeleton(en));
    expect(skeleton('{{#if b}}Hallo {{name}} {{n}}{{/if}}')).not.toEqual(skeleton(en));
  });

  for (const lang of languages) {
    const dir = join(I18N, lang, 'md');
    describe(lang, () => {
      it('translates every page and partial (or none yet) and adds no template of its own', () => {
        const own = existsSync(dir) ? files(dir) : [];
        expect(own.filter((f) => !existsSync(join(EN, f)))).toEqual([]);
      });
      for (const f of existsSync(dir) ? files(dir) : [])
        it(`${relative(ROOT, join(dir, f))} keeps the English skeleton`, () => {
          expect(ENGLISH_ONLY.has(f), `${f} stays English`).toBe(false);
          expect(skeleton(readFileSync(join(dir, f), 'utf8'))).toEqual(skeleton(readFileSync(join(EN, f), 'utf8')));
        });
    });
  }
});

describe('en-US', () => {
  it('the US-spelling templates are what scripts/en-us-templates.mjs makes from the English ones', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'en-us-templates.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
