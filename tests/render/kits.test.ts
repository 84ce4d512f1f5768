import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, readTree, tempDir } from '../helpers.js';

/**
 * The people kits (issue 19): each page names the right people and the schedule's dates, the RACI
 * covers every activity for six parties, every blocker code has someone who removes it, the comms
 * carry a paste-ready plain-text email, an IT-led programme does not claim to be business-led, and
 * the leadership role reads as a programme for leaders who sponsor others.
 */

const NAMED = [
  'plan',
  '--role',
  'finance',
  '--start',
  '2027-03-16',
  '--timezone',
  'Europe/London',
  '--org',
  'Acme Ltd',
  '--owner',
  'Priya Shah, Finance Operations',
  '--sponsor',
  'Dana Lee, CFO',
  '--facilitators',
  'Sam Ortiz, FP&A; Lee Chen, Financial Control',
  '--format',
  'md,html,ics',
];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

describe('people kits in a pack with named owner, sponsor and facilitators', () => {
  let tree: Record<string, string>;
  beforeAll(async () => {
    const cwd = tempDir();
    const r = await cli(NAMED, { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ownership/it-led');
    tree = readTree(join(cwd, 'programmes/finance'));
  });

  it('writes every kit page in Markdown and HTML and records it in the manifest', () => {
    const pages = [
      'owner/guide',
      'managers/brief',
      'it/checklist',
      'leader/onboarding',
      'leader/story',
      'leader/close',
      'leader/follow-up',
      'comms/announcement',
      'comms/invitation',
      'comms/managers',
      'comms/after-showcase',
      'comms/reminder-session-1',
      'comms/reminder-session-4',
      'facilitator/prepare',
      'champions/guide',
      'champions/session',
      'champions/contribute',
    ];
    const manifest = JSON.parse(tree['.cocoon-manifest.json']!) as { files: Record<string, string> } | Record<string, string>;
    const listed = JSON.stringify(manifest);
    for (const p of pages) {
      expect(tree[`${p}.md`], p).toBeDefined();
      expect(tree[`${p}.html`], p).toBeDefined();
      expect(listed, p).toContain(`"${p}.md"`);
      expect(listed, p).toContain(`"${p}.html"`);
    }
    expect(tree['comms/reminder-session-5.md']).toBeUndefined();
    expect(tree['participant/team-programme.md'], 'only a cascade role has the team-programme worksheet').toBeUndefined();
    // leader/results.md belongs to `cocoon report`, not to the pack.
    expect(tree['leader/results.md']).toBeUndefined();
  });

  it('the owner guide runs week by week from eight weeks before session 1 to the forums, with dates from the schedule', () => {
    const g = tree['owner/guide.md']!;
    expect(g).toContain('For Priya Shah, Finance Operations');
    const week = g.slice(g.indexOf('## Week by week'), g.indexOf('## Who does what'));
    const firstCells = [...week.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1]!.trim()).slice(2);
    expect(firstCells.slice(0, 8)).toEqual([
      'Tue 19 Jan 2027',
      'Tue 26 Jan 2027',
      'Tue 2 Feb 2027',
      'Tue 9 Feb 2027',
      'Tue 16 Feb 2027',
      'Tue 23 Feb 2027',
      'Tue 2 Mar 2027',
      'Tue 9 Mar 2027',
    ]);
    expect(firstCells).toContain('Tuesday 16 March 2027, 09:30–11:00 (Europe/London)');
    expect(firstCells).toContain('Tuesday 4 May 2027, 09:30–10:00 (Europe/London)');
    expect(firstCells.at(-1)).toBe('Tue 27 Jul 2027');
  });

  it('the RACI has the six parties and exactly one A for every activity', () => {
    const g = tree['owner/guide.md']!;
    const raci = g.slice(g.indexOf('## Who does what'), g.indexOf('## Who removes which blocker'));
    expect(raci).toContain('| Activity | When | Owner | Sponsor | Facilitators | Line managers | IT | Participants |');
    const rows = raci.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Activity') && !l.startsWith('| ---'));
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const row of rows) {
      const cells = row
        .split('|')
        .slice(3, 9)
        .map((c) => c.trim());
      expect(cells, row).toHaveLength(6);
      expect(
        cells.filter((c) => c.includes('A')),
        row,
      ).toHaveLength(1);
      expect(
        cells.some((c) => c.includes('R')),
        row,
      ).toBe(true);
    }
    for (const activity of ['Set the data rules', 'Accounts, access', 'Announce the programme', 'Protect practice time', 'Remove the blockers', 'Champions'])
      expect(raci).toContain(activity);
  });

  it('routes every blocker code of the check-in form to someone, in the owner guide, the sponsor follow-up and the managers brief', () => {
    const header = tree['forms/check-in-1.csv']!.split('\n')[0]!;
    expect(header).toContain('blockers');
    for (const code of ['access', 'data-rules', 'time', 'manager', 'tool', 'none']) {
      expect(tree['owner/guide.md']).toMatch(new RegExp(`^\\| \`${code}\` \\| [^|]*[a-z][^|]* \\|`, 'm'));
      expect(tree['leader/follow-up.md']).toContain(`\`${code}\``);
    }
    expect(tree['owner/guide.md']).toMatch(/^\| `data-rules` \| Priya Shah \(the business owns the data rules\)/m);
    expect(tree['owner/guide.md']).toMatch(/^\| `manager` \| Dana Lee/m);
    expect(tree['managers/brief.md']).toContain('`time`');
    expect(tree['managers/brief.md']).not.toContain('`none`');
  });

  it('the managers brief says how much practice time, when, the question to ask and what not to do', () => {
    const b = tree['managers/brief.md']!;
    expect(b).toContain('about 60 minutes a week');
    expect(b).toContain('until Tue 4 May 2027');
    expect(b).toContain('Wed 17 Mar 2027');
    expect(b).toContain('What did you try with AI this week, and what did you have to correct?');
    expect(b).toMatch(/No league tables/);
    expect(b).toContain('Tell Priya Shah');
  });

  it('the IT checklist has the dated steps, the accounts, what to do when the tool is down, and the split of duties', () => {
    const c = tree['it/checklist.md']!;
    expect(c).toContain('## Tue 2 Feb 2027: the tool and its data settings');
    expect(c).toContain('## Tue 9 Mar 2027: accounts and access');
    expect(c).toContain('Sam Ortiz, FP&A; Lee Chen, Financial Control');
    expect(c).toContain('retention');
    expect(c).toContain('When the tool is down in a session');
    expect(c).toContain('| IT supports | The business owns |');
  });

  it('the sponsor kit: onboarding on workflow 1, the story worksheet, the close with commitments, the follow-up', () => {
    expect(tree['leader/onboarding.md']).toContain('For Dana Lee, CFO. One hour with a facilitator, Tue 9 Feb 2027');
    expect(tree['leader/onboarding.md']).toContain('Month-end variance commentary');
    expect(tree['leader/story.md']).toContain('What went wrong');
    expect(tree['leader/close.md']).toContain('until Tue 4 May 2027');
    expect(tree['leader/close.md']).toContain('Tue 1 Jun 2027');
    expect(tree['leader/follow-up.md']).toContain('[the results page](results.md)');
    expect(tree['leader/guide.md']).toContain('[Onboarding](onboarding.md)');
  });

  it("comms: in the people's names, dated from the schedule, with a plain-text email to paste", () => {
    const a = tree['comms/announcement.md']!;
    expect(a).toContain('| From | Dana Lee, CFO |');
    expect(a).toContain('| Send | Tue 16 Feb 2027 |');
    expect(a).toContain('at Acme Ltd');
    expect(a).toContain('Sam Ortiz and Lee Chen run the sessions');
    const plain = /```text\n([\s\S]*?)\n```/.exec(a)![1]!;
    expect(plain.startsWith('Subject: AI for Finance: starting Tue 16 Mar 2027\n\n')).toBe(true);
    expect(plain).not.toMatch(/\\[[\]*_`|]/);
    expect(tree['comms/invitation.md']).toContain('| From | Priya Shah, Finance Operations |');
    expect(tree['comms/invitation.md']).toContain('Session 4, Tuesday 6 April 2027, 09:30–11:00 (Europe/London): Capstone showcase');
    // Reminders go out two working days before their session: a Tuesday session's on the Friday before.
    for (let n = 1; n <= 4; n++) {
      const send = /\| Send \| (\w{3}) (\d+ \w{3} \d{4}) \|/.exec(tree[`comms/reminder-session-${n}.md`]!)!;
      expect(send[1], `reminder ${n}`).toBe('Fri');
      expect(WEEKDAYS).toContain(send[1]);
    }
    expect(tree['comms/reminder-session-1.md']).toContain('| Send | Fri 12 Mar 2027 |');
    expect(tree['comms/after-showcase.md']).toContain('| Send | Wed 7 Apr 2027 |');
    expect(tree['comms/managers.md']).toContain('| To | Line managers of the participants, copied to Priya Shah |');
    // The HTML page gets copy buttons, like the prompt library.
    expect(tree['comms/announcement.html']).toContain('navigator.clipboard');
  });

  it('names the facilitators everywhere instead of "to be named", and prepares them', () => {
    expect(tree['README.md']).toContain('**Facilitators:** Sam Ortiz (FP&A) and Lee Chen (Financial Control)');
    expect(tree['README.md']).toContain('Priya Shah (Finance Operations) owns it for the business and facilitators from Finance run it; IT supports.');
    const prep = tree['facilitator/prepare.md']!;
    expect(prep).toContain('For Sam Ortiz, FP&A; Lee Chen, Financial Control.');
    for (const q of ['Will this replace me?', 'It made up a fact.', 'copyright', 'Am I allowed to paste this?']) expect(prep).toContain(q);
    expect(prep).toContain('Run every exercise yourself');
    expect(prep).toContain('fallback output');
  });

  it('champions: who, three monthly 45-minute forums, a shortened session and a template entry for the role file', () => {
    const g = tree['champions/guide.md']!;
    expect(g).toContain('| 1 | Tue 1 Jun 2027, 09:30–10:15 | 45 minutes |');
    expect(g).toContain('| 3 | Tue 27 Jul 2027, 09:30–10:15 | 45 minutes |');
    expect(g).toContain('Someone who did the practice');
    const s = tree['champions/session.md']!;
    const minutes = [...s.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(minutes.reduce((a, b) => a + b, 0)).toBe(60);
    const yaml = /```yaml\n([\s\S]*?)\n```/.exec(tree['champions/contribute.md']!)![1]!;
    expect(yaml).toContain('roles/finance.yaml');
    for (const key of ['- id:', 'title:', 'template: |', 'variables:', 'weak:', 'verify:']) expect(yaml).toContain(key);
    expect(tree['calendar.ics']).toContain("champions' forum 1 of 3");
  });
});

describe('who leads it', () => {
  it('an IT owner and a CIO sponsor: the pack says so plainly and never claims to be business-led; the lint still warns', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--owner', 'Sam Jones, IT Service Desk', '--sponsor', 'Alex Kim, CIO'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ownership/it-led');
    const tree = readTree(join(cwd, 'programmes/finance'));
    const pages = Object.entries(tree).filter(([p]) => p.endsWith('.md'));
    for (const [path, text] of pages) {
      expect(text, path).not.toMatch(/IT supports\.|owns it for the business|the programme belongs to us/);
    }
    expect(tree['README.md']).toContain('not met as planned: the owner and the sponsor are in IT');
    expect(tree['README.md']).toContain(
      'This programme is not business-led as planned: the owner, Sam Jones (IT Service Desk), and the sponsor, Alex Kim (CIO), are in IT.',
    );
    expect(tree['owner/guide.md']).toContain('What the business must own instead');
    expect(tree['leader/guide.md']).toContain('not business-led as planned');
  });

  it('a business owner with only a CIO sponsor is still flagged in the pack', async () => {
    const cwd = tempDir();
    expect(
      (await cli(['plan', '--role', 'hr', '--owner', 'Ana Ruiz, People Operations', '--sponsor', 'Alex Kim, Chief Information Officer'], { cwd })).code,
    ).toBe(0);
    const readme = readFileSync(join(cwd, 'programmes/hr/README.md'), 'utf8');
    expect(readme).toContain('the sponsor, Alex Kim (Chief Information Officer), is in IT');
  });

  it('--facilitators must be "Name, Team; Name, Team"', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--facilitators', ' ; ', '--dry-run'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--facilitators');
  });

  it('IT facilitators only: the lint warns and the pack says every facilitator is in IT', async () => {
    const cwd = tempDir();
    const r = await cli(
      ['plan', '--role', 'sales', '--owner', 'Kim Doe, Sales Operations', '--sponsor', 'Pat Roe, Sales Director', '--facilitators', 'Lee Chen, IT Enablement'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Every facilitator is in IT');
    expect(readFileSync(join(cwd, 'programmes/sales/README.md'), 'utf8')).toContain('the facilitator, Lee Chen (IT Enablement), is in IT');
  });
});

describe('the leadership role: a cascade for leaders who sponsor others', () => {
  let tree: Record<string, string>;
  beforeAll(async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'leadership', '--start', '2027-03-16'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    tree = readTree(join(cwd, 'programmes/leadership'));
  });

  it('is not circular: no "senior leader in Leadership", no owner "to be named (Leadership)"', () => {
    for (const [path, text] of Object.entries(tree).filter(([p]) => p.endsWith('.md'))) {
      expect(text, path).not.toContain('senior leader in Leadership');
      expect(text, path).not.toContain('to be named (Leadership)');
      expect(text, path).not.toContain('facilitators from Leadership');
    }
    expect(tree['README.md']).toContain('**Sponsor:** the sponsor, a chief executive or the executive who commissions it (to be named)');
  });

  it("each participant leaves with their team's programme drafted: the team-programme capstone and its worksheet", () => {
    expect(tree['README.md']).toContain("leaders who will sponsor their own teams' programmes");
    expect(tree['README.md']).toContain('[the worksheet](participant/team-programme.md)');
    expect(tree['participant/project.md']).toContain('Draft the AI-adoption programme you will sponsor for your own team');
    const w = tree['participant/team-programme.md']!;
    expect(w).toContain('cocoon plan --role');
    expect(w).toContain('--facilitators');
    expect(tree['leader/close.md']).toContain("launch your own team's programme");
    expect(tree['comms/announcement.md']).toContain("lead their own team's programme");
  });

  it('an explicit other capstone drops the cascade worksheet', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'leadership', '--capstone', 'modelled-update'], { cwd })).code).toBe(0);
    const t = readTree(join(cwd, 'programmes/leadership'));
    expect(t['participant/team-programme.md']).toBeUndefined();
  });
});
