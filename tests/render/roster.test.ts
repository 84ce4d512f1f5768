import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

/** forms/roster.csv: one row per dated session, local ISO date-times with the day's offset, read back with csv-parse. */

it('has one row per session with start and end as local ISO date-times with the offset of the day, and facilitators and location', async () => {
  const cwd = tempDir();
  const r = await cli(
    [
      'plan',
      '--role',
      'finance',
      '--start',
      '2027-03-16',
      '--timezone',
      'Europe/London',
      '--location',
      '=HYPERLINK("x"), room 2',
      '--facilitators',
      'Sam Ortiz, Finance; Lee Chen, FP&A',
      '--out',
      'pack',
    ],
    { cwd },
  );
  expect(r.code, r.stderr).toBe(0);
  const rows = parse(readFileSync(join(cwd, 'pack/forms/roster.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  expect(Object.keys(rows[0]!)).toEqual(['session', 'title', 'start', 'end', 'location', 'facilitator']);
  expect(rows.map((x) => [x.session, x.start, x.end])).toEqual([
    ['1', '2027-03-16T09:30:00+00:00', '2027-03-16T11:00:00+00:00'],
    ['2', '2027-03-23T09:30:00+00:00', '2027-03-23T11:00:00+00:00'],
    // The clocks go forward on 28 March 2027 in London.
    ['3', '2027-03-30T09:30:00+01:00', '2027-03-30T11:00:00+01:00'],
    ['4', '2027-04-06T09:30:00+01:00', '2027-04-06T11:00:00+01:00'],
  ]);
  expect(rows[0]!.title).toBe('Foundations: Month-end variance commentary');
  // Through the CSV escaper: a formula is defused, the comma kept inside its cell.
  expect(rows[0]!.location).toBe(`'=HYPERLINK("x"), room 2`);
  expect(rows[0]!.facilitator).toBe('Sam Ortiz; Lee Chen');
});

it('is not written for a plan without dates', async () => {
  const cwd = tempDir();
  const r = await cli(['plan', '--role', 'finance', '--out', 'pack'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  expect(existsSync(join(cwd, 'pack/forms/baseline.csv'))).toBe(true);
  expect(existsSync(join(cwd, 'pack/forms/roster.csv'))).toBe(false);
});
