import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moment } from '../../src/pipeline/plan/schedule.js';
import { timeZoneProblem, DEFAULT_TIMEZONE } from '../../src/model/timezones.js';
import { INIT_DEFAULTS } from '../../src/app/scaffold.js';
import { DEFAULTS } from '../../src/pipeline/plan/plan.js';
import { cli, tempDir } from '../helpers.js';

/** A project with one dated programme; `org` and `schedule` are spliced in as YAML text. */
function project(org: string, schedule: string): string {
  const cwd = tempDir();
  writeFileSync(
    join(cwd, 'cocoon.yaml'),
    `org:\n  name: Acme\n${org}programmes:\n  - id: fin\n    role: finance\n    owner: { name: Priya Shah, team: Finance Operations }\n    sponsor: { name: Dana Lee, title: CFO }\n    schedule: ${schedule}\n`,
  );
  return cwd;
}

describe('time zones: canonical IANA names only', () => {
  it.each([
    ['BST', 'Europe/London'],
    ['IST', 'Asia/Kolkata'],
    ['CET', 'Europe/Paris'],
    ['EST', 'America/New_York'],
    ['PST', 'America/Los_Angeles'],
    ['GMT', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['EUROPE/LONDON', 'Europe/London'],
    ['Europe/Londn', 'Europe/London'],
    ['US/Eastern', 'America/New_York'],
  ])('--timezone %s is a usage error suggesting %s; nothing is written', async (zone, suggestion) => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', zone], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--timezone: "${zone}"`);
    expect(r.stderr).toMatch(new RegExp(`did you mean ${suggestion.replace('/', '\\/')}`));
    expect(r.stderr).toContain(`hint: For example --timezone ${suggestion}.`);
  });

  it.each(['Europe/London', 'UTC', 'America/Argentina/Buenos_Aires', 'Pacific/Chatham', 'Asia/Kolkata', 'Europe/Kyiv'])('%s is accepted', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  it('one default everywhere: the flag, the plan question, init and a programme without a zone', () => {
    expect(DEFAULT_TIMEZONE).toBe('UTC');
    expect(DEFAULTS.timezone).toBe(DEFAULT_TIMEZONE);
    expect(INIT_DEFAULTS.timezone).toBe(DEFAULT_TIMEZONE);
  });

  it('org.timezone: Europe/Londn with a dated programme is a positioned error (exit 1), not an internal error', async () => {
    const cwd = project('  timezone: Europe/Londn\n', '{ start: 2027-01-12 }');
    for (const format of ['json', 'github']) {
      const r = await cli(['validate', '--format', format], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain('internal error');
      if (format === 'json') {
        const rows = JSON.parse(r.stdout) as { line: number; column: number; rule: string; message: string }[];
        expect(rows).toEqual([
          expect.objectContaining({ line: 3, column: 13, rule: 'schema', message: '"Europe/Londn" is not an IANA time zone; did you mean Europe/London?' }),
        ]);
      } else
        expect(r.stdout).toContain('::error file=cocoon.yaml,line=3,col=13,title=schema::"Europe/Londn" is not an IANA time zone; did you mean Europe/London?');
    }
    const build = await cli(['build'], { cwd });
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('cocoon.yaml:3:13');
  });

  it('schedule.timezone: BST in a programme says which zone is meant, at its line', async () => {
    const cwd = project('', '{ start: 2027-01-12, timezone: BST }');
    const r = await cli(['validate', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as { line: number; message: string; hint: string }[];
    expect(rows[0]).toMatchObject({
      line: 8,
      message: '"BST" is an abbreviation (British Summer Time (the UK in summer)), not a time zone name; did you mean Europe/London?',
    });
  });
});

describe('summer-time changes', () => {
  it('a local time in the spring-forward gap does not exist: an error naming the gap', async () => {
    expect(moment('2027-03-28', '01:30', 'Europe/London').dst).toEqual({ kind: 'gap', from: '01:00', to: '02:00' });
    expect(moment('2027-03-14', '02:30', 'America/New_York').dst).toEqual({ kind: 'gap', from: '02:00', to: '03:00' });
    // 2027-03-28 is a Sunday; sessions every 7 days from 14 March: session 3 falls on the change.
    const cwd = project('  timezone: Europe/London\n', '{ start: 2027-03-14, time: "01:30", sessions: 4 }');
    const r = await cli(['validate', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    const rows = JSON.parse(r.stdout) as { line: number; severity: string; message: string; hint: string }[];
    expect(rows).toContainEqual(
      expect.objectContaining({
        line: 9,
        severity: 'error',
        message: '01:30 does not exist on the day of session 3: 01:00–02:00 does not exist in Europe/London on 28 March 2027 (the clocks go forward)',
      }),
    );
    const plan = await cli(['plan', '--role', 'finance', '--start', '2027-03-14', '--time', '01:30', '--timezone', 'Europe/London'], { cwd: tempDir() });
    // From flags it is a bad flag value: a usage error naming the flag (exit 2).
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('cocoon: --time: 01:30 does not exist on the day of session 3: 01:00–02:00 does not exist in Europe/London on 28 March 2027');
  });

  it('a time that happens twice uses the first and says so', async () => {
    const m = moment('2027-10-31', '01:30', 'Europe/London');
    expect(m.dst).toEqual({ kind: 'repeated', from: '01:00', to: '02:00' });
    expect(m.startUtc).toBe('2027-10-31T00:30:00Z'); // 01:30 BST, the first of the two
    const cwd = tempDir();
    const r = await cli(
      ['plan', '--role', 'finance', '--start', '2027-10-17', '--time', '01:30', '--timezone', 'Europe/London', '--minutes', '120', '--json'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      '01:30 happens twice on the day of session 3: 01:00–02:00 repeats in Europe/London on 31 October 2027 (the clocks go back); the first is used (UTC+1)',
    );
  });

  it('agenda end times come from the same zone arithmetic as the calendar', async () => {
    const cwd = tempDir();
    // Session 3 on 28 March 2027 from 00:30 for 120 minutes: the clocks skip 01:00–02:00, so it ends at 03:30.
    const r = await cli(
      ['plan', '--role', 'finance', '--start', '2027-03-14', '--time', '00:30', '--timezone', 'Europe/London', '--minutes', '120', '--json'],
      { cwd },
    );
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as {
      programme: { sessions: { start: string; end: string; startUtc: string; blocks: { start: string; end: string }[] }[] };
    };
    const s3 = plan.programme.sessions[2]!;
    expect([s3.start, s3.end, s3.startUtc]).toEqual(['00:30', '03:30', '2027-03-28T00:30:00Z']);
    expect(s3.blocks.at(-1)!.end).toBe('03:30');
    for (let i = 1; i < s3.blocks.length; i++) expect(s3.blocks[i]!.start).toBe(s3.blocks[i - 1]!.end);
    expect(plan.programme.sessions[1]!.end).toBe('02:30');
    const { readFileSync } = await import('node:fs');
    const agenda = readFileSync(join(cwd, 'programmes/finance/facilitator/session-3.md'), 'utf8');
    expect(agenda).toContain('03:30');
    const ics = readFileSync(join(cwd, 'programmes/finance/calendar.ics'), 'utf8');
    // 00:30 GMT is 00:30Z; 120 minutes later is 02:30Z, which is 03:30 BST: the agenda and the calendar agree.
    expect(ics).toContain('DTSTART:20270328T003000Z\r\nDTEND:20270328T023000Z');
  });
});
