import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, cli, tempDir } from '../helpers.js';

const GUIDE = join(ROOT, 'docs', 'writing-a-role.md');
const PAYROLL = join(FIXTURES, 'writing-a-role');

/** Every key path of a YAML value, with list indices dropped: the shape of a role. */
function shape(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) shape(x, prefix, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      const p = `${prefix}/${/^[a-z_]+$/.test(k) && !prefix.endsWith('/variables') && !prefix.endsWith('/values') ? k : '*'}`;
      out.add(p);
      shape(x, p, out);
    }
  return out;
}

describe('Writing a role (acceptance 4)', () => {
  it('the role written by following the guide from `cocoon new role` validates --strict clean, all exercises runnable', async () => {
    const r = await cli(['validate', '--strict', 'roles/payroll.yaml'], { cwd: PAYROLL });
    expect(r.stdout).toBe('✔ 1 file checked, no problems\nReady to run: roles/payroll.yaml — 3 of 3 exercises runnable from the page\n');
    expect(r.code).toBe(0);
    const plan = await cli(['plan', '--role', 'payroll', '--out', join(tempDir(), 'pack'), '--format', 'md'], { cwd: PAYROLL });
    expect(plan.code, plan.stderr).toBe(0);
  });

  it('the scaffold already shows every piece the finished role has', async () => {
    const cwd = tempDir();
    expect((await cli(['new', 'role', 'payroll', '--name', 'Payroll'], { cwd })).code).toBe(0);
    const scaffold = readFileSync(join(cwd, 'roles', 'payroll.yaml'), 'utf8');
    expect(scaffold).toContain('`cocoon draft roles/payroll.yaml`');
    const finished = shape(parse(readFileSync(join(PAYROLL, 'roles', 'payroll.yaml'), 'utf8')));
    const offered = shape(parse(scaffold));
    expect([...finished].filter((p) => !offered.has(p))).toEqual([]);
  });

  it('the guide states the spoiler test as the rule has it, and links what exists', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const lib = readFileSync(join(ROOT, 'src', 'rules', 'exercise', 'lib.ts'), 'utf8');
    // The word list of the guide is the rule's.
    expect(lib).toContain('SPOILER_WORDS = /\\b(traps?|planted|seeded|buried|hidden|deliberate(?:ly)?|gotchas?)\\b/i;');
    for (const w of ['trap', 'planted', 'seeded', 'buried', 'hidden', 'deliberate', 'gotcha']) expect(guide).toMatch(new RegExp(`[*_]${w}[*_]`));
    expect(lib).toMatch(/sharedRun\(brief: string, text: string, n = 5\)/);
    expect(guide).toContain('five consecutive words');
    for (const [, link] of guide.matchAll(/\]\((\.\.\/[^)]+)\)/g)) expect(() => readFileSync(join(ROOT, 'docs', link!))).not.toThrow();
  });
});
