import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, readTree, spawnCli, tempDir } from '../helpers.js';
import { TMUX, needing, pathOf, skipWithout } from '../tools.js';

/**
 * The questions of `plan` and `init`, answered through a real pseudo-terminal: tmux runs cocoon in a
 * detached session, the test reads the screen and types keys. Needs tmux (`.ci/run` installs it).
 */
const sockets: string[] = [];

function tmux(socket: string, ...args: string[]): string {
  const r = spawnSync(pathOf(TMUX), ['-L', socket, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Terminal {
  private constructor(
    readonly name: string,
    readonly socket: string,
    readonly codeFile: string,
  ) {}

  /** Start `cocoon <args>` in cwd inside a 120×40 terminal; its exit code lands in a file. */
  static start(cwd: string, args: string[]): Terminal {
    const name = `t${Math.random().toString(36).slice(2, 8)}`;
    const socket = `cocoon-test-${process.pid}-${name}`;
    sockets.push(socket);
    const codeFile = join(tempDir('cocoon-tty-'), 'code');
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    tmux(socket, 'new-session', '-d', '-s', name, '-x', '120', '-y', '40', '-c', cwd, `${quoted} 2>&1; echo $? > '${codeFile}'; sleep 30`);
    return new Terminal(name, socket, codeFile);
  }

  screen(): string {
    return tmux(this.socket, 'capture-pane', '-p', '-J', '-t', this.name);
  }

  async waitFor(text: string, timeout = 15_000): Promise<void> {
    const until = Date.now() + timeout;
    while (Date.now() < until) {
      if (this.screen().includes(text)) return;
      await sleep(50);
    }
    throw new Error(`Timed out waiting for "${text}". Screen:\n${this.screen()}`);
  }

  /** Wait for a question, then answer it: literal text (may be empty), then Enter. */
  async answer(question: string, text: string, keys: string[] = []): Promise<void> {
    await this.waitFor(question);
    for (const k of keys) tmux(this.socket, 'send-keys', '-t', this.name, k);
    if (text) tmux(this.socket, 'send-keys', '-t', this.name, '-l', text);
    tmux(this.socket, 'send-keys', '-t', this.name, 'Enter');
  }

  press(key: string): void {
    tmux(this.socket, 'send-keys', '-t', this.name, key);
  }

  async exitCode(timeout = 20_000): Promise<number> {
    const until = Date.now() + timeout;
    while (Date.now() < until) {
      if (existsSync(this.codeFile)) {
        const text = readFileSync(this.codeFile, 'utf8').trim();
        if (text) return Number(text);
      }
      await sleep(50);
    }
    throw new Error(`cocoon did not exit. Screen:\n${this.screen()}`);
  }
}

afterEach(() => {
  for (const socket of sockets.splice(0)) spawnSync(pathOf(TMUX), ['-L', socket, 'kill-server']);
});

/** How many times to press Down in the role list to reach `id` (the list is `cocoon roles` order). */
function downsTo(cwd: string, id: string): string[] {
  const roles = JSON.parse(spawnCli(['roles', '--json'], { cwd }).stdout) as { id: string }[];
  const index = roles.findIndex((r) => r.id === id);
  expect(index).toBeGreaterThanOrEqual(0);
  return Array<string>(index).fill('Down');
}

describe.skipIf(skipWithout(TMUX))(needing('questions in a terminal (tmux)', TMUX), () => {
  it('plan asks, then writes exactly what the printed command line writes', async () => {
    const asked = tempDir();
    const t = Terminal.start(asked, ['plan']);
    await t.answer('Which role?', '', downsTo(asked, 'finance'));
    await t.answer('How many sessions?', '3', ['BSpace']);
    await t.answer('Minutes per session?', '');
    await t.answer('Date of session 1', '2027-03-16');
    await t.answer('Time zone?', '');
    await t.answer('Sponsor', 'Dana Lee, CFO');
    await t.answer('Business owner', '');
    expect(await t.exitCode(), t.screen()).toBe(0);
    expect(t.screen()).toContain("cocoon plan --role finance --sessions 3 --minutes 90 --start 2027-03-16 --timezone UTC --sponsor 'Dana Lee, CFO'");

    const flagged = tempDir();
    const r = spawnCli(
      ['plan', '--role', 'finance', '--sessions', '3', '--minutes', '90', '--start', '2027-03-16', '--timezone', 'UTC', '--sponsor', 'Dana Lee, CFO'],
      { cwd: flagged },
    );
    expect(r.code, r.stderr).toBe(0);
    const a = readTree(asked);
    expect(Object.keys(a)).toContain('programmes/finance/calendar.ics');
    expect(a).toEqual(readTree(flagged));
  });

  it('plan: Ctrl-C at a question exits 130 and writes nothing', async () => {
    const dir = tempDir();
    const t = Terminal.start(dir, ['plan']);
    await t.answer('Which role?', '');
    await t.waitFor('How many sessions?');
    t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain('Aborted; nothing was written.');
    expect(t.screen()).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('init with every default accepted writes the same project as init --yes', async () => {
    const asked = tempDir();
    const t = Terminal.start(asked, ['init']);
    for (const q of [
      'Organisation name?',
      'Time zone?',
      'Roles to start from',
      'date of session 1',
      'How many sessions?',
      'Business owner',
      'Sponsor',
      'GitHub Actions workflow',
    ]) {
      await t.answer(q, '');
    }
    expect(await t.exitCode(), t.screen()).toBe(0);
    const flagged = tempDir();
    expect(spawnCli(['init', '--yes'], { cwd: flagged }).code).toBe(0);
    const a = readTree(asked);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['cocoon.yaml', 'roles/finance.yaml', '.github/workflows/cocoon.yml']));
    expect(a).toEqual(readTree(flagged));
  });

  it('init: answers reach cocoon.yaml; Ctrl-C before the last answer leaves the directory untouched', async () => {
    const dir = tempDir();
    const t = Terminal.start(dir, ['init']);
    await t.answer('Organisation name?', 'Northwind Traders', ['C-u']);
    await t.answer('Time zone?', 'Europe/Berlin', ['C-u']);
    await t.answer('Roles to start from', '');
    await t.waitFor('date of session 1');
    t.press('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(readdirSync(dir)).toEqual([]);

    const t2 = Terminal.start(dir, ['init']);
    await t2.answer('Organisation name?', 'Northwind Traders', ['C-u']);
    await t2.answer('Time zone?', 'Europe/Berlin', ['C-u']);
    for (const q of ['Roles to start from', 'date of session 1', 'How many sessions?', 'Business owner', 'Sponsor', 'GitHub Actions workflow'])
      await t2.answer(q, '');
    expect(await t2.exitCode(), t2.screen()).toBe(0);
    const config = readFileSync(join(dir, 'cocoon.yaml'), 'utf8');
    expect(config).toContain('Northwind Traders');
    expect(config).toContain('Europe/Berlin');
  });
});
