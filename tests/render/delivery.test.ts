import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { reflowPrompt } from '../../src/model/text.js';
import { ROOT, cli, readTree, tempDir } from '../helpers.js';

/** Words that only make sense in one room: a remote programme must not say them anywhere. */
const ROOM_ONLY = [
  /write (it|them|the minutes)? ?on the board/i,
  /stay in the room/i,
  /walk the room/i,
  /flip chart/i,
  /on the wall/i,
  /round the room/i,
  /print one per pair/i,
];

const events = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

describe('delivery: room, remote, hybrid', () => {
  it('a remote programme: pages, decks and calendar give the join link and breakout rooms, never room-only instructions', async () => {
    const cwd = tempDir();
    const link = 'https://meet.northwind.example/finance-ai';
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--delivery', 'remote', '--location', link, '--format', 'md,html,ics,slides'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(join(cwd, 'programmes/finance'));
    const texts = Object.entries(tree).filter(([p]) => /\.(md|html|ics)$/.test(p));
    for (const [path, text] of texts) for (const re of ROOM_ONLY) expect(text, `${path} says ${re}`).not.toMatch(re);
    for (let n = 1; n <= 4; n++) {
      expect(tree[`participant/session-${n}.md`]).toContain(link);
      expect(tree[`participant/session-${n}.md`]).toMatch(/breakout rooms/);
      expect(tree[`facilitator/session-${n}.md`]).toMatch(/breakout rooms/);
      expect(tree[`facilitator/session-${n}.md`]).toMatch(/The meeting tool: the join link/);
    }
    expect(tree['facilitator/session-2.md']).toMatch(/Chat waterfall/);
    expect(tree['facilitator/guide.md']).toMatch(/A meeting tool with breakout rooms and screen sharing/);
    expect(tree['participant/session-1.slides.md']).toMatch(/Join: `?https:\/\/meet/);
    const cal = events(tree['calendar.ics']!);
    // Four sessions, two check-ins and three champions' forums.
    expect(cal).toHaveLength(9);
    for (const e of cal) {
      expect(e.location).toBe(link);
      expect(e.description).toContain(`Join: ${link}`);
    }
    expect(cal[0]!.description).toMatch(/camera/);
  });

  it('a room programme keeps its room instructions; hybrid names a producer', async () => {
    const cwd = tempDir();
    const room = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--out', 'room', '--format', 'md,ics'], { cwd });
    expect(room.code, room.stderr).toBe(0);
    const roomTree = readTree(join(cwd, 'room'));
    expect(roomTree['facilitator/session-2.md']).toMatch(/on the board/);
    expect(roomTree['facilitator/session-1.md']).not.toMatch(/breakout/);
    expect(events(roomTree['calendar.ics']!)[0]!.location).toBe('Room to be confirmed');
    const hybrid = await cli(['plan', '--role', 'finance', '--delivery', 'hybrid', '--out', 'hybrid', '--format', 'md'], { cwd });
    expect(hybrid.code, hybrid.stderr).toBe(0);
    const h = readTree(join(cwd, 'hybrid'));
    expect(h['facilitator/session-1.md']).toMatch(/A producer is named/);
    expect(h['facilitator/session-1.md']).toMatch(/in the room at the tables, on the call in breakout rooms/);
    expect(h['facilitator/guide.md']).toMatch(/a producer who runs the call/);
  });

  it('--delivery takes room, remote or hybrid only (exit 2)', async () => {
    const r = await cli(['plan', '--role', 'finance', '--delivery', 'online', '--dry-run'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--delivery: unknown delivery "online"/);
  });
});

describe('calendar', () => {
  it('sessions say what to bring and the objectives, name the handout by title, take LOCATION from the programme; sponsor events only when asked', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      [
        'org: { name: Acme Ltd, timezone: Europe/London, base_url: "https://packs.acme.example/ai" }',
        'programmes:',
        '  - id: fin',
        '    role: finance',
        '    sponsor: { name: Dana Lee, title: CFO }',
        '    owner: { name: Priya Shah, team: Finance }',
        '    schedule: { start: 2027-01-12 }',
        '    location: Acme House, room 4.02',
        '    formats: [md, html, ics]',
        '    sponsor_events: true',
        '  - id: plain',
        '    role: finance',
        '    sponsor: { name: Dana Lee, title: CFO }',
        '    owner: { name: Priya Shah, team: Finance }',
        '    schedule: { start: 2027-01-12 }',
        '',
      ].join('\n'),
    );
    const r = await cli(['build'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const fin = readTree(join(cwd, 'programmes/fin'));
    const cal = events(fin['calendar.ics']!);
    const s1 = cal.find((e) => /^fin-\d{4}-\d\d-\d\d-session-1@cocoon\.invalid$/.test(e.uid))!;
    expect(s1.location).toBe('Acme House, room 4.02');
    expect(s1.description).toMatch(/Objectives:\n- /);
    expect(s1.description).toMatch(/Bring:\n- A laptop, signed in to /);
    expect(s1.description).toMatch(/your baseline/);
    expect(s1.description).toContain('Handout: "Session 1: ');
    expect(s1.description).toContain('https://packs.acme.example/ai/fin/participant/session-1.html');
    expect(s1.description).not.toContain('participant/session-1.md');
    const s2 = cal.find((e) => /^fin-\d{4}-\d\d-\d\d-session-2@cocoon\.invalid$/.test(e.uid))!;
    expect(s2.description).toMatch(/From your practice on /);
    // The sponsor's own calendar: the leader moment of session 1, the showcase and close of the last.
    const sponsor = events(fin['leader/calendar.ics']!);
    expect(sponsor.length).toBeGreaterThanOrEqual(2);
    const first = sponsor[0]!;
    expect(first.summary).toMatch(/^Dana Lee: /);
    expect(first.startDate.toJSDate().getTime()).toBeGreaterThanOrEqual(s1.startDate.toJSDate().getTime());
    expect(first.endDate.toJSDate().getTime()).toBeLessThanOrEqual(s1.endDate.toJSDate().getTime());
    expect((first.endDate.toJSDate().getTime() - first.startDate.toJSDate().getTime()) / 60_000).toBeLessThan(30);
    // Without base_url… this org has one; the second programme has no location and no sponsor events.
    const plain = readTree(join(cwd, 'programmes/plain'));
    expect(plain['leader/calendar.ics']).toBeUndefined();
    expect(events(plain['calendar.ics']!)[0]!.location).toBe('Acme Ltd — room to be confirmed');
  });

  it('without org.base_url the handout is named, not linked', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'hr', '--start', '2027-01-12', '--format', 'ics'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const ics = readFileSync(join(cwd, 'programmes/hr/calendar.ics'), 'utf8');
    const d = events(ics)[0]!.description;
    expect(d).toMatch(/Handout: "Session 1: [^"]+" in the participant pack$/m);
    expect(d).not.toMatch(/https?:/);
  });
});

describe('participant-only pack', () => {
  it('plan --audience participant writes only participant files, to a folder of its own', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--start', '2027-03-16', '--format', 'md,html,ics,slides', '--audience', 'participant'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Wrote programmes\/finance-participant\//);
    const files = Object.keys(readTree(join(cwd, 'programmes/finance-participant')));
    expect(files).toContain('participant/index.html');
    expect(files).toContain('participant/session-1.slides.md');
    expect(files).toContain('calendar.ics');
    for (const f of files) expect(f, f).toMatch(/^(participant\/|calendar\.ics$|\.cocoon-manifest\.json$)/);
    const index = readFileSync(join(cwd, 'programmes/finance-participant/participant/index.html'), 'utf8');
    expect(index).not.toMatch(/facilitator\/|leader\//);
    expect(index).toContain('href="quick-reference.html"');
  });

  it('build --audience participant writes <out>-participant beside each pack and --check sees it', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      'programmes:\n  - { id: fin, role: finance, sponsor: { name: Dana Lee }, owner: { name: Priya Shah, team: Finance } }\n',
    );
    expect((await cli(['build', '--audience', 'participant'], { cwd })).code).toBe(0);
    const files = Object.keys(readTree(join(cwd, 'programmes/fin-participant')));
    expect(files.filter((f) => !f.startsWith('participant/') && f !== '.cocoon-manifest.json')).toEqual([]);
    expect((await cli(['build', '--audience', 'participant', '--check'], { cwd })).code).toBe(0);
    expect((await cli(['build', '--audience', 'teachers'], { cwd })).code).toBe(2);
  });
});

describe('prompts reflowed from YAML line breaks', () => {
  it('joins lines that stop mid-sentence; keeps sentence ends, lists, variables alone on a line and tables', () => {
    expect(reflowPrompt('write one or two\nsentences: the variance\nwith F or A.\nNext line.')).toBe(
      'write one or two sentences: the variance with F or A.\nNext line.',
    );
    expect(reflowPrompt('Write:\n1. Two sentences\n2. Five bullets')).toBe('Write:\n1. Two sentences\n2. Five bullets');
    expect(reflowPrompt('Table:\n{{table}}\nNotes from the\nowner')).toBe('Table:\n{{table}}\nNotes from the owner');
    expect(reflowPrompt('a | b\nc | d')).toBe('a | b\nc | d');
    expect(reflowPrompt('marked "cause to confirm"\nor not')).toBe('marked "cause to confirm" or not');
  });

  it('the prompt library prints a built-in prompt without its YAML wraps', async () => {
    const role = readFileSync(join(ROOT, 'roles', 'finance.yaml'), 'utf8');
    expect(role).toMatch(/the variance in pounds\n\s*with F or A/);
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd })).code).toBe(0);
    const library = readFileSync(join(cwd, 'programmes/finance/participant/prompts.md'), 'utf8');
    expect(library).toContain('the variance in pounds with F or A, actual against budget');
  });
});
