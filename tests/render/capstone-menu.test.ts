import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';

/**
 * The capstone menu offers only capstones whose workflows the programme teaches; the others are listed
 * apart with the workflow each needs; a capstone that breaks the data policy is on neither list.
 * docs/planner.md "Capstone menu".
 */

const EXTRA = `  - id: payroll-review
    title: Payroll variance review
    deliverable: A review of your team's records for the real employees on this month's payroll.
    workflows: [variance-commentary]
  - id: audit-pack
    title: Audit response pack
    deliverable: The response to your next audit request, with its evidence index.
    workflows: [audit-requests]
`;

async function projectPage(args: string[]): Promise<{ code: number; page: string; out: string }> {
  const cwd = tempDir();
  mkdirSync(join(cwd, 'roles'));
  writeFileSync(join(cwd, 'roles', 'finance.yaml'), `${readFileSync(join(ROOT, 'roles', 'finance.yaml'), 'utf8').trimEnd()}\n${EXTRA}`);
  const r = await cli(['plan', '--role', 'finance', '--format', 'md', '--sponsor', 'Dana Lee, CFO', '--owner', 'Priya Shah, Finance', ...args], { cwd });
  return {
    code: r.code,
    page: r.code === 0 ? readFileSync(join(cwd, 'programmes', 'finance', 'participant', 'project.md'), 'utf8') : '',
    out: r.stdout + r.stderr,
  };
}

describe('capstone menu', () => {
  it('shows taught capstones, lists untaught ones with the workflow they need, and never one that breaks the data policy', async () => {
    const { code, page, out } = await projectPage([]);
    expect(code, out).toBe(0);
    const [menu, apart] = page.split('Not on the menu');
    expect(menu).toContain("**Your next month-end commentary pack** (the programme's suggestion)");
    expect(apart).toMatch(/\*\*Scenario pack for the next reforecast\*\* — needs forecast scenario notes\./);
    expect(apart).toMatch(/\*\*Audit response pack\*\* — needs audit request responses\./);
    expect(menu).not.toContain('Scenario pack');
    // Payroll of real employees: the policy forbids personal data of staff. On neither list.
    expect(page).not.toContain('Payroll variance review');
    expect(out).not.toContain('project/untaught-capstone');
  });

  it('a chosen capstone the programme does not teach stays on the menu, and project/untaught-capstone warns', async () => {
    const { code, page, out } = await projectPage(['--capstone', 'audit-pack', '--workflows', 'variance-commentary,reconciliation-exceptions']);
    expect(code, out).toBe(0);
    expect(page).toContain("**Audit response pack** (the programme's suggestion)");
    expect(out).toMatch(/The capstone `audit-pack` needs `audit-requests`, which this programme does not teach\s+project\/untaught-capstone/);
  });
});
