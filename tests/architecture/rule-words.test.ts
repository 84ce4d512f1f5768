import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';

/**
 * A check a rule makes is reported as that rule's diagnostic, in its own words: no command or stage
 * re-implements it with a copy of the message or hint (issue 12). The words of every rule (messages and
 * hints, cut at their {placeholders}) must not appear in code outside src/rules; comments may quote them.
 */
const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The code of a module without its comments (line comments and block comments, crudely: enough for this check). */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The fixed parts of a rule's words long enough to be a copy, not a common phrase. */
function pieces(): { rule: string; piece: string }[] {
  return RULES.flatMap((r) =>
    [...Object.values(r.meta.messages), ...Object.values(r.meta.hints ?? {}), r.meta.hint]
      .flatMap((text) => text.split(/\{\w+\}/))
      .map((piece) => piece.replace(/^[\s.,;:`'"]+|[\s,;:`'"]+$/g, ''))
      .filter((piece) => piece.length >= 24)
      .map((piece) => ({ rule: r.meta.id, piece })),
  );
}

function copies(files: { path: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { rule, piece } of pieces()) for (const f of files) if (f.text.includes(piece)) found.push(`${f.path}: ${rule} "${piece}"`);
  return found;
}

const outsideRules = () =>
  sources(SRC)
    .filter((f) => !relative(SRC, f).startsWith('rules/'))
    .map((f) => ({ path: relative(SRC, f), text: code(readFileSync(f, 'utf8')) }));

describe('rule words live in src/rules only', () => {
  it('no module outside src/rules copies a rule message or hint', () => {
    expect(pieces().length).toBeGreaterThan(80);
    expect(copies(outsideRules())).toEqual([]);
  });

  it('the check finds a copy when there is one', () => {
    // The copy app/stages.ts held of template/syntax's hint before this check, put back.
    const planted = {
      path: 'app/stages.ts',
      text: "return { rule: 'template/syntax', message: e.message, hint: 'Fix the template, or delete it to use the built-in one.' };",
    };
    expect(copies([...outsideRules(), planted])).toEqual(['app/stages.ts: template/syntax "Fix the template, or delete it to use the built-in one."']);
  });
});
