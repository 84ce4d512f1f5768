import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillGenerated } from '../src/devtools/readme-tables.js';
import { RULES } from '../src/rules/index.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('shows the current rules, roles and sample agenda (regenerate: node scripts/readme-tables.mjs)', () => {
    expect(fillGenerated(readme) === readme, 'README.md is stale: run `npm run build && node scripts/readme-tables.mjs`').toBe(true);
  });

  it('names every rule and every exit code of the contract', () => {
    for (const r of RULES) expect(readme).toContain(`\`${r.meta.id}\``);
    for (const code of [0, 1, 2, 3, 70, 73, 130]) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
