import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, spawnCli, tempDir } from '../helpers.js';

/**
 * Limits and hostile input (issue 24, part B): each case here once hung, spun, crashed with exit 70 or
 * flooded the terminal. docs/safety.md "Limits and hostile input" gives the times and memory measured
 * on the real bin; these tests assert the exit codes and the messages.
 */

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COCOON_CACHE: '0' });

/** A planned finance pack in a fresh directory; returns [cwd, pack]. */
async function plannedPack(): Promise<[string, string]> {
  const cwd = tempDir('cocoon-limits-');
  const r = await cli(['plan', '--role', 'finance'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return [cwd, join(cwd, 'programmes', 'finance')];
}

describe('the lock is lstat-ed first and every wait has an end', () => {
  for (const kind of ['symlink', 'directory'] as const) {
    it(`a .cocoon-lock that is a ${kind} is refused at once (exit 73), never spun on`, async () => {
      const [cwd, pack] = await plannedPack();
      const lock = join(pack, '.cocoon-lock');
      if (kind === 'symlink') symlinkSync('/etc/passwd', lock);
      else mkdirSync(lock);
      const before = readFileSync(join(pack, 'README.md'), 'utf8');
      // Spawned, with a timeout: before the fix this spun at full CPU, deaf to SIGTERM.
      for (const args of [
        ['plan', '--role', 'finance', '--org', 'Other'],
        ['plan', '--role', 'finance', '--org', 'Other', '--dry-run'],
      ]) {
        const started = Date.now();
        const r = spawnCli(args, { cwd, env: { COCOON_CACHE: '0', COCOON_LOCK_WAIT_MS: '60000' }, timeout: 15_000 });
        if (args.includes('--dry-run')) {
          // A dry run takes no lock unless a journal asks for recovery: it just compares.
          expect(r.code, r.stderr).toBe(0);
          continue;
        }
        expect(r.code, r.stderr).toBe(73);
        expect(r.stderr).toContain(`its lock programmes/finance/.cocoon-lock is a ${kind}, not a lock cocoon made`);
        expect(Date.now() - started).toBeLessThan(10_000);
      }
      expect(readFileSync(join(pack, 'README.md'), 'utf8')).toBe(before);
    });
  }

  it('a run waiting for a live lock stops on SIGINT and on SIGTERM: exit 130, "Aborted; nothing was written."', async () => {
    const [cwd, pack] = await plannedPack();
    // Held by this (live) test process, so the run must wait; its deadline is far away.
    writeFileSync(join(pack, '.cocoon-lock'), JSON.stringify({ pid: process.pid, start: '' }));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = spawn(process.execPath, [BIN, 'plan', '--role', 'finance', '--org', 'Other'], {
        cwd,
        env: { ...baseEnv(), COCOON_LOCK_WAIT_MS: '60000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, 1500));
      const sent = Date.now();
      child.kill(signal);
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000))]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code, `${signal}: ${stderr}`).toBe(130);
      expect(stderr).toContain('Aborted; nothing was written.');
      expect(Date.now() - sent).toBeLessThan(3000);
    }
    expect(readFileSync(join(pack, 'README.md'), 'utf8')).not.toContain('Other');
  });
});
