import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixtureCopy, readTree, spawnCli, tempDir } from '../helpers.js';

const LAYOUT_4 = [
  '.cocoon-manifest.json',
  'README.md',
  'champions/contribute.md',
  'champions/guide.md',
  'champions/session.md',
  'comms/after-showcase.md',
  'comms/announcement.md',
  'comms/invitation.md',
  'comms/managers.md',
  'comms/reminder-session-1.md',
  'comms/reminder-session-2.md',
  'comms/reminder-session-3.md',
  'comms/reminder-session-4.md',
  'facilitator/check-ins.md',
  'facilitator/guide.md',
  'facilitator/prepare.md',
  'facilitator/session-1.md',
  'facilitator/session-2.md',
  'facilitator/session-3.md',
  'facilitator/session-4.md',
  'facilitator/skills-check.md',
  'forms/attendance.csv',
  'forms/baseline.csv',
  'forms/check-in-1.csv',
  'forms/check-in-2.csv',
  'forms/evidence.json',
  'forms/programme.json',
  'forms/pulse-session-1.csv',
  'forms/pulse-session-2.csv',
  'forms/pulse-session-3.csv',
  'forms/pulse-session-4.csv',
  'forms/skills-check.gift',
  'forms/skills-post.csv',
  'forms/skills-pre.csv',
  'it/checklist.md',
  'leader/close.md',
  'leader/follow-up.md',
  'leader/guide.md',
  'leader/onboarding.md',
  'leader/story.md',
  'managers/brief.md',
  'owner/guide.md',
  'participant/README.md',
  'participant/check-ins.md',
  'participant/norms.md',
  'participant/practice.md',
  'participant/project.md',
  'participant/prompts.md',
  'participant/quick-reference.md',
  'participant/session-1.md',
  'participant/session-2.md',
  'participant/session-3.md',
  'participant/session-4.md',
  'participant/skills-check.md',
];

interface PlanJson {
  programme: {
    sessions: {
      number: number;
      date: string | null;
      start: string;
      end: string;
      startUtc: string | null;
      minutes: number;
      blocks: { kind: string; minutes: number; start: string; end: string; workflow: string | null }[];
    }[];
    checkIns: { afterDays: number; date: string | null }[];
    workflows: string[];
  };
  written: boolean;
}

describe('cocoon plan', () => {
  it('writes the whole Markdown layout of DESIGN.md for the default four sessions', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(readTree(join(cwd, 'programmes/finance')))).toEqual(LAYOUT_4);
    expect(r.stdout).toMatch(/^Wrote programmes\/finance\/ — AI for Finance \(53 files\)/);
  });

  it('plans marketing over the UK clock change with local 14:00 starts and dated check-ins', async () => {
    const cwd = tempDir();
    const args = [
      'plan',
      '--role',
      'marketing',
      '--sessions',
      '3',
      '--minutes',
      '120',
      '--start',
      '2027-03-23',
      '--time',
      '14:00',
      '--timezone',
      'Europe/London',
      '--out',
      'out/marketing',
    ];
    const r = await cli([...args, '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    const sessions = plan.programme.sessions;
    expect(sessions.map((s) => [s.date, s.start])).toEqual([
      ['2027-03-23', '14:00'],
      ['2027-03-30', '14:00'],
      ['2027-04-06', '14:00'],
    ]);
    // 23 March is GMT (UTC+0); 30 March is after the clock change, BST (UTC+1).
    expect(sessions.map((s) => s.startUtc)).toEqual(['2027-03-23T14:00:00Z', '2027-03-30T13:00:00Z', '2027-04-06T13:00:00Z']);
    for (const s of sessions) expect(s.blocks.reduce((t, b) => t + b.minutes, 0)).toBe(120);
    expect(plan.programme.checkIns.map((c) => c.date)).toEqual(['2027-04-20', '2027-05-04']);
    const agenda = readFileSync(join(cwd, 'out/marketing/facilitator/session-2.md'), 'utf8');
    expect(agenda).toContain('Tuesday 30 March 2027, 14:00–16:00 (Europe/London)');
    expect(agenda).toMatch(/\| 14:00–14:\d\d \| \d+ \| Share-back/);
    const checkIns = readFileSync(join(cwd, 'out/marketing/participant/check-ins.md'), 'utf8');
    expect(checkIns).toContain('Tuesday 20 April 2027');
    expect(checkIns).toContain('Tuesday 4 May 2027');
  });

  it('is deterministic: two runs give byte-identical trees', async () => {
    const a = tempDir();
    const b = tempDir();
    const args = ['plan', '--role', 'finance', '--start', '2027-03-16', '--timezone', 'Europe/London'];
    expect((await cli(args, { cwd: a })).code).toBe(0);
    expect((await cli(args, { cwd: b })).code).toBe(0);
    expect(readTree(join(a, 'programmes/finance'))).toEqual(readTree(join(b, 'programmes/finance')));
    const manifest = readFileSync(join(a, 'programmes/finance/.cocoon-manifest.json'), 'utf8');
    expect(manifest).not.toMatch(/\/tmp|\/work|\d{4}-\d\d-\d\dT/);
  });

  it('plans a role a user added to ./roles without code changes, and local beats built-in', async () => {
    const cwd = fixtureCopy('project-procurement');
    const r = await cli(['plan', '--role', 'procurement'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const prompts = readFileSync(join(cwd, 'programmes/procurement/participant/prompts.md'), 'utf8');
    expect(prompts).toContain('rfq-scope');
    const roles = await cli(['roles', '--json'], { cwd });
    const rows = JSON.parse(roles.stdout) as { id: string; source: string }[];
    expect(rows.find((x) => x.id === 'procurement')?.source).toBe('local');
  });

  it('keeps facilitator notes out of participant and leader pages', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd })).code).toBe(0);
    const tree = readTree(join(cwd, 'programmes/finance'));
    const facilitator = Object.entries(tree)
      .filter(([p]) => p.startsWith('facilitator/'))
      .map(([, t]) => t)
      .join('\n');
    expect(facilitator).toContain('Facilitator');
    for (const [path, text] of Object.entries(tree)) {
      if (!path.startsWith('participant/') && !path.startsWith('leader/')) continue;
      expect(text, path).not.toContain('Go first with one of your own weak prompts');
      expect(text, path).not.toContain('Facilitator note');
    }
  });

  it('teaches the capstone workflows first and covers every selected workflow', async () => {
    const cwd = fixtureCopy('project-procurement');
    const r = await cli(['plan', '--role', 'procurement', '--json', '--dry-run'], { cwd });
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(plan.programme.workflows).toEqual(['rfq-drafting', 'bid-comparison', 'supplier-review']);
    const demoed = plan.programme.sessions.flatMap((s) => s.blocks.filter((b) => b.kind === 'demo').map((b) => b.workflow));
    const exercised = plan.programme.sessions.flatMap((s) => s.blocks.filter((b) => b.kind === 'exercise').map((b) => b.workflow));
    expect(demoed).toEqual(plan.programme.workflows);
    expect(exercised).toEqual(plan.programme.workflows);
  });

  it('--dry-run lists files and writes nothing', async () => {
    const cwd = tempDir();
    const r = await cli(['plan', '--role', 'finance', '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Would write programmes/finance/');
    expect(r.stdout).toMatch(/create {8}facilitator\/session-1\.md/);
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
  });

  it.each([
    [['--role', 'finanse'], /Unknown role `finanse`; did you mean `finance`\?/],
    [['--role', 'finance', '--sessions', '1'], /--sessions must be from 2 to 8, not 1/],
    [['--role', 'finance', '--minutes', 'ninety'], /--minutes must be a whole number from 45 to 240/],
    [['--role', 'finance', '--start', '2027-02-30'], /--start must be a real date/],
    [['--role', 'finance', '--time', '9.30'], /--time must be a 24-hour time/],
    [['--role', 'finance', '--timezone', 'Mars/Base'], /--timezone: "Mars\/Base" is not an IANA time zone/],
    [['--role', 'finance', '--format', 'pdf'], /--format: cocoon does not write PDF/],
    [['--role', 'finance', '--bogus'], /unknown option '--bogus'/],
    [[], /Missing --role: no terminal to ask in/],
  ])('usage error %j → exit 2, one clear line, nothing written', async (args, message) => {
    const cwd = tempDir();
    const r = await cli(['plan', ...args], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    [
      ['--workflows', 'variance,forecast-scenarios'],
      '--workflows: Workflow `variance` is not in role `finance`',
      'hint: Workflows of `finance`: variance-commentary, forecast-scenarios, ',
    ],
    [
      ['--capstone', 'clos-pack'],
      '--capstone: Capstone `clos-pack` is not in role `finance`; did you mean `close-pack`?',
      'hint: Capstones of `finance`: close-pack, scenario-pack.',
    ],
  ])(
    'an id %j the role lacks: ref/unresolved finds and words it, as in cocoon.yaml; from a flag it is a usage error (exit 2) naming the flag',
    async (args, message, hint) => {
      const cwd = tempDir();
      const r = await cli(['plan', '--role', 'finance', ...args], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain(hint);
      // One problem, not also a crowded programme (time/overrun counts the role's workflows only).
      expect(r.stderr.split('\n').filter((l) => l.includes('is not in role'))).toHaveLength(1);
      expect(r.stderr).not.toContain('time/overrun');
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('a broken role file → exit 1 with file:line:col, nothing written', async () => {
    const cwd = fixtureCopy('project-procurement');
    const file = join(cwd, 'roles/procurement.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    target_minutes: 300', '    target_minutes: three hundred'));
    const r = await cli(['plan', '--role', 'procurement'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/roles\/procurement\.yaml:\d+:21 error {2}`target_minutes` must be a whole number, not the text "three hundred" {2}schema/);
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
  });

  it('the real bin runs as a process with the same contract', () => {
    const cwd = tempDir();
    const ok = spawnCli(['plan', '--role', 'finance', '--format', 'md'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(cwd, 'programmes/finance/README.md'))).toBe(true);
    const bad = spawnCli(['plan', '--role', 'nope'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown role `nope`');
    expect(bad.stdout).toBe('');
  });
});
