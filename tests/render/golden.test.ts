import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, fixtureCopy, readTree } from '../helpers.js';

/**
 * A whole rendered pack, committed under tests/golden/procurement/. It is rendered from a fixture role
 * (not a built-in one) so editing the built-in library never touches it. When a template changes on
 * purpose: `UPDATE_GOLDEN=1 npx vitest run tests/render/golden.test.ts`, then read the diff before committing.
 */
const GOLDEN = join(ROOT, 'tests', 'golden', 'procurement');
const ARGS = [
  'plan',
  '--role',
  'procurement',
  '--start',
  '2027-03-16',
  '--time',
  '09:30',
  '--timezone',
  'Europe/London',
  '--sponsor',
  'Dana Lee, CPO',
  '--owner',
  'Priya Shah, Procurement Operations',
  '--org',
  'Northwind Ltd',
  '--format',
  'md,html,ics',
  '--out',
  'pack',
];

describe('golden pack', () => {
  it('renders the procurement fixture exactly as committed', async () => {
    const cwd = fixtureCopy('project-procurement');
    const r = await cli(ARGS, { cwd });
    expect(r.code, r.stderr).toBe(0);
    const actual = readTree(join(cwd, 'pack'));
    if (process.env.UPDATE_GOLDEN === '1') {
      rmSync(GOLDEN, { recursive: true, force: true });
      mkdirSync(GOLDEN, { recursive: true });
      cpSync(join(cwd, 'pack'), GOLDEN, { recursive: true });
    }
    expect(existsSync(GOLDEN), 'run with UPDATE_GOLDEN=1 once to create tests/golden/procurement').toBe(true);
    const golden = readTree(GOLDEN);
    expect(Object.keys(actual)).toEqual(Object.keys(golden));
    for (const path of Object.keys(golden)) expect(actual[path], path).toBe(golden[path]);
  });
});
