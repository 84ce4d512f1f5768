import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers.js';

/**
 * B22: standard output that cannot be written. `> /dev/full` (ENOSPC) is one plain line on stderr and exit 73;
 * a reader that goes away (`| head -c 10`, EPIPE) stops the output quietly and the run keeps its own exit code.
 * Never Node's crash report: no stack trace, no line of the minified bundle. Real processes, real file
 * descriptors: the bin as a user runs it.
 */

const env = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COCOON_CACHE: '0' });

/** Commands that print to stdout, from the bin's own quick answers to a whole pack on stdout. */
const COMMANDS: string[][] = [
  ['--version'],
  ['--help'],
  ['plan', '--role', 'finance', '--format', 'md', '--out', '-'],
  ['plan', '--role', 'finance', '--format', 'html', '--out', '-'],
  ['rules'],
  ['rules', 'safety/no-norms'],
  ['roles'],
  ['schema', 'role'],
  ['validate', join(ROOT, 'roles', 'finance.yaml'), '--format', 'json'],
  ['plan', '--help'],
];

/** What Node prints when an error escapes: the bundle's source line, a stack, its version banner. */
function expectNoCrashReport(stderr: string): void {
  expect(stderr).not.toMatch(/cocoon\.cjs|^\s+at |node:internal|Node\.js v\d|Unhandled 'error' event|\bthrow\b/m);
}

const FULL = '/dev/full';
const haveFull = existsSync(FULL);

describe.skipIf(!haveFull)(`stdout is ${FULL} (ENOSPC)${haveFull ? '' : ' — skipped: this system has no /dev/full'}`, () => {
  for (const args of COMMANDS) {
    it(`cocoon ${args.join(' ').replace(ROOT, '.')} > /dev/full: exit 73 and one plain line`, () => {
      const fd = openSync(FULL, 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tempDir(), env: env(), stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 20_000 });
        expect(r.status, r.stderr).toBe(73);
        expectNoCrashReport(r.stderr);
        const lines = r.stderr.split('\n').filter((l) => l.startsWith('cocoon:'));
        expect(lines).toEqual(['cocoon: Cannot write to standard output: no space left on the device (ENOSPC)']);
      } finally {
        closeSync(fd);
      }
    });
  }

  it('stderr is /dev/full: the run still ends with a documented code (73), no crash', () => {
    const fd = openSync(FULL, 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'plan', '--role', 'no-such-role'], {
        cwd: tempDir(),
        env: env(),
        stdio: ['ignore', 'pipe', fd],
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.status).toBe(73);
      expect(r.stdout).toBe('');
    } finally {
      closeSync(fd);
    }
  });
});

/** Run the bin with stdout on a pipe whose reader closes after `keep` bytes, as `| head -c 10` does. */
function closedEarly(args: string[], keep: number): Promise<{ code: number | null; stderr: string; got: number }> {
  return new Promise((resolve) => {
    const cwd = tempDir();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = 0;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= keep) child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, got }));
  });
}

describe('stdout is a pipe closed early (EPIPE)', () => {
  for (const args of COMMANDS.filter((a) => a.length > 1 && a[0] !== 'validate')) {
    it(`cocoon ${args.join(' ')} | head -c 10: no message about the pipe, exit 0`, { timeout: 30_000 }, async () => {
      const r = await closedEarly(args, 10);
      expect(r.got).toBeGreaterThanOrEqual(10);
      expect(r.code, r.stderr).toBe(0);
      expectNoCrashReport(r.stderr);
      expect(r.stderr).not.toMatch(/EPIPE|standard output/);
    });
  }

  it('through a real shell pipeline into head -c 10: cocoon exits 0', { timeout: 30_000 }, () => {
    const sh = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" plan --role finance --format md --out - | head -c 10; echo " \${PIPESTATUS[0]}"`], {
      cwd: tempDir(),
      env: env(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(sh.stdout).toMatch(/^.{10} 0\n$/s);
    expectNoCrashReport(sh.stderr);
    expect(sh.stderr).not.toMatch(/EPIPE|standard output/);
  });
});
