import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('calendar.ics', () => {
  it("ical.js reads 4 sessions, 2 check-ins and 3 champions' forums at the right UTC instants across the 28 March 2027 clock change", async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London', '--format', 'md,html,ics'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(cwd, 'programmes/finance/calendar.ics'), 'utf8');
    const comp = new ICAL.Component(ICAL.parse(text));
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(9);
    const starts = events.map((e) => e.startDate.toJSDate().toISOString());
    expect(starts).toEqual([
      '2027-03-16T09:30:00.000Z', // GMT
      '2027-03-23T09:30:00.000Z', // GMT
      '2027-03-30T08:30:00.000Z', // BST from 28 March: 09:30 local is 08:30 UTC
      '2027-04-06T08:30:00.000Z',
      '2027-04-20T08:30:00.000Z', // check-in +14
      '2027-05-04T08:30:00.000Z', // check-in +28
      '2027-06-01T08:30:00.000Z', // champions' forums: every four weeks after the last check-in, 45 minutes
      '2027-06-29T08:30:00.000Z',
      '2027-07-27T08:30:00.000Z',
    ]);
    expect(events[6]!.endDate.toJSDate().toISOString()).toBe('2027-06-01T09:15:00.000Z');
    expect(events.map((e) => e.uid)).toEqual([
      'finance-2027-03-16-session-1@cocoon.invalid',
      'finance-2027-03-16-session-2@cocoon.invalid',
      'finance-2027-03-16-session-3@cocoon.invalid',
      'finance-2027-03-16-session-4@cocoon.invalid',
      'finance-2027-03-16-check-in-1@cocoon.invalid',
      'finance-2027-03-16-check-in-2@cocoon.invalid',
      'finance-2027-03-16-champions-forum-1@cocoon.invalid',
      'finance-2027-03-16-champions-forum-2@cocoon.invalid',
      'finance-2027-03-16-champions-forum-3@cocoon.invalid',
    ]);
    expect(events[0]!.endDate.toJSDate().toISOString()).toBe('2027-03-16T11:00:00.000Z');
    expect(events[0]!.description).toContain('09:30–09:35 Welcome and why we are here');
  });

  it('follows RFC 5545: CRLF lines of at most 75 octets, DTSTAMP from the inputs, escaped text', async () => {
    const cwd = tempDir();
    const args = ['plan', '--role', 'finance', '--start', '2027-03-16', '--org', 'Acme; Sons, Ltd', '--format', 'ics'];
    expect((await cli(args, { cwd })).code).toBe(0);
    const bytes = readFileSync(join(cwd, 'programmes/finance/calendar.ics'));
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.match(/^DTSTAMP:20270316T000000Z$/gm)).toHaveLength(9);
    expect(text).toContain('LOCATION:Acme\\; Sons\\, Ltd — room to be confirmed');
    const again = tempDir();
    expect((await cli(args, { cwd: again })).code).toBe(0);
    expect(readFileSync(join(again, 'programmes/finance/calendar.ics'))).toEqual(bytes);
  });

  it('foldLine folds exactly as ical-generator (with a real TextEncoder) does, on any text: ASCII, accents, CJK, emoji, lone surrogates', async () => {
    const fc = (await import('fast-check')).default;
    const { foldLines } = await import('ical-generator');
    const { foldLine } = await import('../../src/pipeline/render/ics.js');
    const unit = fc.oneof(
      fc.constantFrom('a', ' ', ';', 'é', 'ß', '€', '中', '\uD83D\uDE00', '\uD83D', '\uDE00', 'ü', '\u07FF', '\u0800'),
      fc.string({ maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(unit, { minLength: 30, maxLength: 200 }).map((a) => a.join('').replace(/\r\n/g, '')),
        (line) => {
          expect(foldLine(line)).toBe(foldLines(line));
        },
      ),
      { numRuns: 3000 },
    );
    // It does fold: a long line of 2-octet characters becomes several of at most 75 octets.
    const long = foldLine('é'.repeat(100));
    expect(long.split('\r\n ').length).toBe(3);
    for (const l of long.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
  });

  it('--format ics without --start is a usage error (a calendar needs dates); nothing is written', async () => {
    const cwd = tempDir();
    for (const format of ['md,ics', 'ics']) {
      const r = await cli(['plan', '--role', 'finance', '--format', format], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'cocoon: --format ics needs --start: a calendar needs dates\nhint: Add --start YYYY-MM-DD (e.g. --start 2027-03-16), or leave ics out of --format.\n',
      );
      expect(r.stdout).toBe('');
      expect(readdirSync(cwd)).toEqual([]);
    }
  });
});
