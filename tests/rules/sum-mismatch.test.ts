import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sumMismatches, unsupportedFigures } from '../../src/rules/exercise/lib.js';
import { BUILT_IN_ROLES, ROOT, cli, tempDir } from '../helpers.js';

interface Row {
  rule: string;
  line: number;
  message: string;
}

const sums = async (cwd: string, file: string): Promise<Row[]> =>
  (JSON.parse((await cli(['validate', file, '--format', 'json'], { cwd })).stdout) as Row[]).filter((d) => d.rule === 'exercise/sum-mismatch');

describe('exercise/sum-mismatch (acceptance 3)', () => {
  it('stays silent on all sixteen built-in roles', async () => {
    expect(BUILT_IN_ROLES).toHaveLength(16);
    for (const id of BUILT_IN_ROLES) expect(await sums(ROOT, `roles/${id}.yaml`), id).toEqual([]);
  });

  it('fires on a wrong total and on an answer-key figure the material lacks, planted in a copy of finance', async () => {
    const dir = tempDir();
    const original = readFileSync(join(ROOT, 'roles', 'finance.yaml'), 'utf8');
    // The March variance table: the actual total raised by 1,000; the answer key quotes a contractor figure of 9,700.
    const planted = original
      .replace('        Total | 196,000 | 207,850 | (11,850) | A\n', '        Total | 196,000 | 208,850 | (11,850) | A\n')
      .replace('        Contractors: £8,400 adverse (no budget).', '        Contractors: £9,735 adverse (no budget).');
    expect(planted).not.toBe(original);
    writeFileSync(join(dir, 'finance.yaml'), planted);
    const rows = await sums(dir, 'finance.yaml');
    const lineOf = (s: string) => planted.split('\n').findIndex((l) => l.includes(s)) + 1;
    expect(rows.map((r) => [r.line, r.message])).toEqual([
      [
        lineOf('Total | 196,000 | 208,850'),
        'In the materials of "Marketing Operations cost centre at the March close", "Total" says 208,850 but the rows above add up to 207,850',
      ],
      [
        lineOf('Contractors: £9,735 adverse'),
        'The answer key of "Marketing Operations cost centre at the March close" quotes £9,735, which is not in the material and does not follow from it',
      ],
    ]);
  });

  it('adds signed and bracketed figures, tolerates rounding at the shown precision, and skips columns of words and percentages', () => {
    expect(sumMismatches('Line | Amount\nA | (1,200)\nB | 2,000\nTotal | 800')).toEqual([]);
    expect(sumMismatches('Line | Share | Amount\nA | 33.3 | 1.25\nB | 33.3 | 1.25\nC | 33.3 | 1.25\nTotal | 100.0 | 3.75')).toEqual([]);
    expect(sumMismatches('Line | Rate | Owner\nA | 10% | Jo\nB | 20% | Sam\nTotal | 25% | —')).toEqual([]);
    expect(sumMismatches('| Line | Amount |\n| --- | --- |\n| A | 10 |\n| B | 20 |\n| **Total** | **30** |')).toEqual([]);
    expect(sumMismatches('| Line | Amount |\n| --- | --- |\n| A | 10 |\n| B | 20 |\n| **Total** | 40 |')).toHaveLength(1);
    expect(sumMismatches('Date | Ref | Amount\n01/02 | INV-1 | 4,800\n02/02 | INV-2 | -900\nTotal unmatched | 3,900')).toEqual([]);
    expect(sumMismatches('Date | Ref | Amount\n01/02 | INV-1 | 4,800\n02/02 | INV-2 | -900\nTotal unmatched | 4,900')).toHaveLength(1);
  });

  it('accepts figures the key works out from the material, and estimates', () => {
    const material = 'Budget | 42,000\nActual | 55,500\nFee 1,740 and 4,800.';
    expect(unsupportedFigures('Adverse £13,500 (55,500 − 42,000). 1,740 + 4,800 = 6,540.', material)).toEqual([]);
    expect(unsupportedFigures('About £60,000 next year.', material)).toEqual([]);
    expect(unsupportedFigures('Adverse £17,250.', material)).toEqual(['£17,250']);
  });
});
