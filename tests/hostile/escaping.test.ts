import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { planPack } from '../../src/app/plan-role.js';
import { renderCalendar } from '../../src/pipeline/render/ics.js';
import { loadMessages } from '../../src/pipeline/render/messages.js';
import { FIXTURES, cli, tempDir, testWorkspace } from '../helpers.js';

/** Output escaping: calendars that say exactly what the inputs say, terminals and CI logs that stay inert. */

// ical.js leaves properties it does not know raw; NAME (RFC 7986) and X-WR-CALNAME are TEXT.
const unescapeText = (v: string): string => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
/** What a value becomes in the calendar: line breaks as LF, other control characters as U+FFFD. */
const expected = (v: string): string => v.replace(/\r\n?/g, '\n').replace(/[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '\uFFFD');

async function planned() {
  const cwd = tempDir();
  const o = await planPack({ cwd, role: 'finance', start: '2027-03-16', timezone: 'Europe/London', formats: ['ics'], dryRun: true }, testWorkspace(cwd));
  return o.planned!;
}

describe('calendar.ics escaping', () => {
  it('any title and organisation name (CR, LF, ;, ,, \\, controls) gives exactly the planned events and text', async () => {
    const p = await planned();
    const msg = await loadMessages('en');
    const text = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ';', ',', '\\', '\n', '\r', ':', '"', 'é', '💡', '\x07', 'BEGIN:VEVENT', 'END:VCALENDAR'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(text, text, (title, org) => {
        const file = renderCalendar({ ...p, title, org: { ...p.org, name: org } }, msg)!;
        const comp = new ICAL.Component(ICAL.parse(file.content));
        const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
        // Four sessions, two check-ins and three champions' forums.
        expect(events).toHaveLength(9);
        expect(comp.getAllSubcomponents().length).toBe(9);
        expect(unescapeText(String(comp.getFirstPropertyValue('name') ?? ''))).toBe(expected(title));
        expect(unescapeText(String(comp.getFirstPropertyValue('x-wr-calname') ?? ''))).toBe(expected(title));
        expect(events[0]!.summary).toBe(`${expected(title)}: session 1 — ${p.sessions[0]!.title}`);
        expect(events[0]!.location).toBe(org ? `${expected(org)} — room to be confirmed` : 'Room to be confirmed');
        for (const line of file.content.split('\r\n').slice(0, -1)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED) || 13 },
    );
  });

  it('two cohorts of one role import into one calendar without replacing each other', async () => {
    const cwd = tempDir();
    for (const [start, out] of [
      ['2027-03-16', 'spring'],
      ['2027-09-14', 'autumn'],
    ])
      expect((await cli(['plan', '--role', 'finance', '--start', start!, '--format', 'ics', '--out', out!], { cwd })).code).toBe(0);
    const merged = new ICAL.Component(ICAL.parse(readFileSync(join(cwd, 'spring/calendar.ics'), 'utf8')));
    const autumn = new ICAL.Component(ICAL.parse(readFileSync(join(cwd, 'autumn/calendar.ics'), 'utf8')));
    for (const v of autumn.getAllSubcomponents('vevent')) merged.addSubcomponent(v);
    const uids = merged.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid')));
    expect(uids).toHaveLength(18);
    expect(new Set(uids).size).toBe(18);
    expect(uids).toContain('finance-2027-03-16-session-1@cocoon.invalid');
    expect(uids).toContain('finance-2027-09-14-session-1@cocoon.invalid');
  });

  it('two check-ins on the same day are two events', async () => {
    const p = await planned();
    const twice = { ...p, checkIns: [p.checkIns[0]!, p.checkIns[0]!] };
    const comp = new ICAL.Component(ICAL.parse(renderCalendar(twice, await loadMessages('en'))!.content));
    const uids = comp.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid')));
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('UIDs are stable across rebuilds; SEQUENCE rises when an event moves, and only then', async () => {
    const cwd = tempDir();
    const plan = (time: string) => cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--time', time, '--format', 'ics'], { cwd });
    const seq = () =>
      new ICAL.Component(ICAL.parse(readFileSync(join(cwd, 'programmes/finance/calendar.ics'), 'utf8')))
        .getAllSubcomponents('vevent')
        .map((v) => `${v.getFirstPropertyValue('uid')}#${v.getFirstPropertyValue('sequence')}`);
    expect((await plan('09:30')).code).toBe(0);
    const first = seq();
    expect(first.every((s) => s.endsWith('#0'))).toBe(true);
    const again = await plan('09:30');
    expect(again.stdout).toContain('Up to date');
    expect(seq()).toEqual(first);
    expect((await plan('10:00')).code).toBe(0);
    expect(seq()).toEqual(first.map((s) => s.replace('#0', '#1')));
    expect((await plan('10:00')).stdout).toContain('Up to date');
    expect((await plan('09:30')).code).toBe(0);
    expect(seq()).toEqual(first.map((s) => s.replace('#0', '#2')));
  });
});

describe('terminal and CI output is inert', () => {
  function hostileRoleProject(): string {
    const dir = tempDir('cocoon-inert-');
    mkdirSync(join(dir, 'roles'));
    const role = readFileSync(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), 'utf8')
      .replace(/^name: .*$/m, () => String.raw`name: "Procurement \e]8;;https://evil.example\e\\click\e]8;;\e\\"`)
      .replace(/^summary: .*$/m, () => String.raw`summary: "\e[2J ::error::x"` + '\n' + String.raw`"::add-mask::y \e[2J": 1`);
    writeFileSync(join(dir, 'roles/procurement.yaml'), role);
    return dir;
  }

  it('file values holding \\e]8;;…, \\e[2J, ::error::x and ::add-mask:: are printed inert by validate (text, github) and roles', async () => {
    const dir = hostileRoleProject();
    for (const args of [['validate', 'roles', '--format', 'text'], ['validate', 'roles', '--format', 'github'], ['roles']]) {
      const r = await cli(args, { cwd: dir, env: { FORCE_COLOR: '0' } });
      const all = r.stdout + r.stderr;
      expect(all, args.join(' ')).not.toContain('\x1b');
      expect(all, args.join(' ')).not.toContain('\x9b');
      // The only workflow commands are cocoon's own, at the start of a line.
      for (const line of all.split('\n')) expect(line.slice(2), `${args.join(' ')}: ${line}`).not.toMatch(/::(error|add-mask|warning)/);
      expect(all).toMatch(/\uFFFD\[2J|:\u200b:/);
    }
  });
});
