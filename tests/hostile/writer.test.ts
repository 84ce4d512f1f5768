import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, chmodSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverPack } from '../../src/pipeline/write/write.js';
import { BIN, cli, tempDir } from '../helpers.js';

/**
 * The pack writer under attack by its own users: concurrent runs, kills at chosen moments, Ctrl-C, and
 * output directories that are not packs. The spawned tests run dist/bundle (`npm run build` first).
 */

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COCOON_CACHE: '0' });

/** Spawn the real bin; resolve when it exits. `onStderr` sees stderr as it arrives (to kill on a pause marker). */
function start(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<Exit> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout })));
}

/** Every file under dir (relative, sorted) → sha256, dot-files of cocoon's own machinery included. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (lstatSync(join(dir, r)).isDirectory()) walk(r);
      else
        out[r] = createHash('sha256')
          .update(readFileSync(join(dir, r)))
          .digest('hex');
    }
  };
  walk('');
  return out;
}

/** The pack is whole: exactly the manifest's files with the manifest's hashes, plus the user's own files. */
function expectWhole(pack: string, userFiles: Record<string, string>, why: string): void {
  const now = tree(pack);
  const manifest = JSON.parse(readFileSync(join(pack, '.cocoon-manifest.json'), 'utf8')) as { files: Record<string, string> };
  const expected = { ...manifest.files, ...userFiles, '.cocoon-manifest.json': now['.cocoon-manifest.json']! };
  expect(now, why).toEqual(expected);
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('two cocoon runs on one pack at once', () => {
  // 200 rounds are the acceptance run (COCOON_HOSTILE_ROUNDS=200 npx vitest run tests/hostile); the default keeps `npm test` short.
  const rounds = Number(process.env.COCOON_HOSTILE_ROUNDS) || 12;
  it(`lose no user file in ${rounds} rounds; each run exits 0, or 73 naming the pack`, { timeout: 60_000 + rounds * 3000 }, async () => {
    const cwd = tempDir();
    const pack = join(cwd, 'programmes', 'finance');
    expect((await cli(['plan', '--role', 'finance', '--org', 'Org 0'], { cwd })).code).toBe(0);
    const notes = 'my own notes\n';
    writeFileSync(join(pack, 'MY-NOTES.txt'), notes);
    mkdirSync(join(pack, 'scratch'));
    writeFileSync(join(pack, 'scratch', 'draft.md'), notes);
    chmodSync(join(pack, 'participant'), 0o700);
    const codes = { 0: 0, 73: 0 } as Record<number, number>;
    for (let n = 1; n <= rounds; n++) {
      // Odd rounds give up at once when the pack is locked, so the 73 path is exercised as well as waiting.
      const env: Record<string, string> = n % 2 ? { COCOON_LOCK_WAIT_MS: '0' } : {};
      const [a, b] = await Promise.all([
        start(['plan', '--role', 'finance', '--org', `Org ${n}a`], cwd, env),
        start(['plan', '--role', 'finance', '--org', `Org ${n}b`, '--format', 'md'], cwd, env),
      ]);
      for (const r of [a, b]) {
        expect([0, 73], `round ${n}: ${r.stderr}`).toContain(r.code);
        if (r.code === 73) expect(r.stderr).toContain('another cocoon run is writing programmes/finance');
        codes[r.code!] = (codes[r.code!] ?? 0) + 1;
      }
      expect(readFileSync(join(pack, 'MY-NOTES.txt'), 'utf8'), `round ${n}`).toBe(notes);
      expectWhole(pack, { 'MY-NOTES.txt': sha(notes), 'scratch/draft.md': sha(notes) }, `round ${n}`);
      expect(statSync(join(pack, 'participant')).mode & 0o777, `round ${n}`).toBe(0o700);
    }
    expect(codes[0]).toBeGreaterThan(0);
    console.log(`concurrency: ${rounds} rounds, exits ${JSON.stringify(codes)}`);
  });
});

describe('the lock', () => {
  it("a lock held by a live process makes a run wait, then exit 73; a dead holder's lock is broken", async () => {
    const cwd = tempDir();
    const pack = join(cwd, 'programmes', 'finance');
    expect((await cli(['plan', '--role', 'finance'], { cwd })).code).toBe(0);
    const lock = join(pack, '.cocoon-lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, start: '' }));
    const started = Date.now();
    const held = await cli(['plan', '--role', 'finance', '--org', 'Other'], { cwd, env: { COCOON_LOCK_WAIT_MS: '300' } });
    expect(held.code).toBe(73);
    expect(held.stderr).toContain('another cocoon run is writing programmes/finance');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(readFileSync(join(pack, 'README.md'), 'utf8')).not.toContain('Other');
    // A process that has exited: its PID names no one (or someone else, with another start time).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lock, JSON.stringify({ pid: Number(gone.stdout), start: '1' }));
    const r = await cli(['plan', '--role', 'finance', '--org', 'Other'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(readFileSync(join(pack, 'README.md'), 'utf8')).toContain('Other');
  });
});

describe('SIGKILL at a chosen moment of a build', () => {
  it('leaves the previous pack or the new one, whole, and the next run recovers it', { timeout: 600_000 }, async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const config = join(cwd, 'cocoon.yaml');
    const pack = join(cwd, 'programmes/finance-pilot');
    const original = readFileSync(config, 'utf8');
    const variant = original.replace('sessions: 4', 'sessions: 5');
    expect((await cli(['build'], { cwd })).code).toBe(0);
    const user = 'room 4B\n';
    writeFileSync(join(pack, 'NOTES.txt'), user);
    const oldTree = tree(pack);
    writeFileSync(config, variant);
    expect((await cli(['build'], { cwd })).code).toBe(0);
    const newTree = tree(pack);
    expect(newTree).not.toEqual(oldTree);
    // Points inside the writer (src/pipeline/write/write.ts, pausePoint): before the journal turns to committing the
    // next run must roll back to the old pack; after it, complete the new one.
    // COCOON_HOSTILE_KILL_ALL=1 kills at every point of the write (every staged file, every rename).
    const files = Object.keys(newTree).length;
    const points: [string, 'old' | 'new'][] = process.env.COCOON_HOSTILE_KILL_ALL
      ? [
          ['locked', 'old'],
          ...Array.from({ length: files }, (_, i): [string, 'old'] => [`staged-${i + 1}`, 'old']),
          ['committing', 'new'],
          ...Array.from({ length: files }, (_, i): [string, 'new'] => [`renamed-${i + 1}`, 'new']),
        ]
      : [
          ['locked', 'old'],
          ['staged-1', 'old'],
          ['staged-12', 'old'],
          ['committing', 'new'],
          ['renamed-1', 'new'],
          ['renamed-12', 'new'],
          ['renamed-30', 'new'],
        ];
    let killed = 0;
    for (const [point, expected] of points) {
      writeFileSync(config, original);
      expect((await cli(['build'], { cwd })).code).toBe(0);
      expect(tree(pack)).toEqual(oldTree);
      writeFileSync(config, variant);
      let paused = false;
      const r = await start(['build'], cwd, { COCOON_TEST_PAUSE_AT: point }, (err, child) => {
        if (!paused && err.includes(`paused at ${point}`)) {
          paused = true;
          child.kill('SIGKILL');
        }
      });
      if (process.env.COCOON_HOSTILE_KILL_ALL && !paused) {
        // Past the last staged file or rename of this write: the run finished; start the next point.
        expect(r.code, r.stderr).toBe(0);
        continue;
      }
      expect(paused, `${point} was reached`).toBe(true);
      killed++;
      expect(r.signal).toBe('SIGKILL');
      // A read-only --check never recovers (L10): it says the pack was left half-written and writes nothing.
      const killedTree = tree(pack);
      if (existsSync(join(pack, '.cocoon-journal.json'))) {
        const check = await cli(['build', '--check'], { cwd });
        expect(check.code, `${point}: ${check.stdout}${check.stderr}`).toBe(1);
        expect(check.stderr).toContain('was left half-written by an interrupted cocoon run');
        expect(tree(pack)).toEqual(killedTree);
      }
      // The next writing run completes or rolls back the write: its recovery step, on its own here.
      recoverPack(pack);
      const now = tree(pack);
      delete now['.cocoon-lock']; // the killed run's lock: stale, broken by the next writer
      expect(now, `killed at ${point}`).toEqual(expected === 'old' ? oldTree : newTree);
      const next = await cli(['build'], { cwd });
      expect(next.code, next.stderr).toBe(0);
      expect(tree(pack)).toEqual(newTree);
    }
    console.log(`SIGKILL: killed at ${killed} points of ${points.length}`);
  });
});

describe('SIGINT and SIGTERM during plan and build', () => {
  it('finish the pack in hand, say so and exit 130', { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    const pack = join(cwd, 'programmes', 'finance');
    expect((await cli(['plan', '--role', 'finance'], { cwd })).code).toBe(0);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      let sent = false;
      const r = await start(
        ['plan', '--role', 'finance', '--org', `Org ${signal}`],
        cwd,
        { COCOON_TEST_PAUSE_AT: 'renamed-3', COCOON_TEST_PAUSE_MS: '800' },
        (err, child) => {
          if (!sent && err.includes('paused at renamed-3')) {
            sent = true;
            child.kill(signal);
          }
        },
      );
      expect(sent).toBe(true);
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('Aborted; 1 packs written, 0 unchanged');
      expectWhole(pack, {}, signal);
      expect(readFileSync(join(pack, 'README.md'), 'utf8')).toContain(`Org ${signal}`);
    }
  });

  it('a build stops between packs: the written ones are whole, the rest untouched', { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const config = join(cwd, 'cocoon.yaml');
    const text = readFileSync(config, 'utf8');
    const second = text.slice(text.indexOf('  - id: finance-pilot')).replaceAll('finance-pilot', 'finance-second');
    writeFileSync(config, `${text}${second}`);
    let sent = false;
    const r = await start(['build'], cwd, { COCOON_TEST_PAUSE_AT: 'renamed-2', COCOON_TEST_PAUSE_MS: '800' }, (err, child) => {
      if (!sent && err.includes('paused at renamed-2')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('Aborted; 1 packs written, 0 unchanged');
    expectWhole(join(cwd, 'programmes/finance-pilot'), {}, 'first pack');
    expect(existsSync(join(cwd, 'programmes/finance-second'))).toBe(false);
  });
});

describe('--out that is not a pack of its own is refused before anything is written', () => {
  it('the current directory, "", a parent, .git, home and a non-empty non-pack directory exit 73', async () => {
    const cwd = tempDir();
    expect(spawnSync('git', ['init', '-q'], { cwd }).status).toBe(0);
    mkdirSync(join(cwd, 'sub'));
    chmodSync(join(cwd, 'sub'), 0o700);
    const before = tree(cwd);
    const dirsBefore = readdirSync(join(cwd, '.git')).sort();
    for (const [out, why] of [
      ['.', 'it is the current directory'],
      ['', 'it is the current directory'],
      ['..', 'it contains the current directory'],
      ['.git', 'inside a .git directory'],
      ['.git/pack', 'inside a .git directory'],
      [homedir(), 'home directory'],
    ]) {
      const r = await cli(['plan', '--role', 'finance', '--out', out!], { cwd });
      expect(r.code, `--out ${JSON.stringify(out)}: ${r.stderr}`).toBe(73);
      expect(r.stderr).toContain(why);
      expect(r.stderr).toContain('hint: ');
    }
    expect(tree(cwd)).toEqual(before);
    expect(readdirSync(join(cwd, '.git')).sort()).toEqual(dirsBefore);
    expect(statSync(join(cwd, 'sub')).mode & 0o777).toBe(0o700);

    writeFileSync(join(cwd, 'sub', 'thesis.md'), 'mine\n');
    const foreign = await cli(['plan', '--role', 'finance', '--out', 'sub'], { cwd });
    expect(foreign.code).toBe(73);
    expect(foreign.stderr).toContain('not a cocoon pack');
    expect(readdirSync(join(cwd, 'sub'))).toEqual(['thesis.md']);
    const forced = await cli(['plan', '--role', 'finance', '--out', 'sub', '--force'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'sub', 'thesis.md'), 'utf8')).toBe('mine\n');
    expect(statSync(join(cwd, 'sub')).mode & 0o777).toBe(0o700);
  });

  it('a default programmes/ that is a symlink out of the directory is refused', async () => {
    const cwd = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(cwd, 'programmes'));
    const r = await cli(['plan', '--role', 'finance'], { cwd });
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('outside the current directory through a symlink');
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a rebuild keeps directory modes, empty directories and files cocoon did not write', async () => {
    const cwd = tempDir();
    const pack = join(cwd, 'programmes', 'finance');
    expect((await cli(['plan', '--role', 'finance'], { cwd })).code).toBe(0);
    mkdirSync(join(pack, 'empty'));
    chmodSync(join(pack, 'facilitator'), 0o700);
    chmodSync(pack, 0o750);
    writeFileSync(join(pack, '.cocoon-manifest.json.bak'), 'x');
    expect((await cli(['plan', '--role', 'finance', '--org', 'Other'], { cwd })).code).toBe(0);
    expect(statSync(join(pack, 'empty')).isDirectory()).toBe(true);
    expect(statSync(join(pack, 'facilitator')).mode & 0o777).toBe(0o700);
    expect(statSync(pack).mode & 0o777).toBe(0o750);
    expect(readFileSync(join(pack, '.cocoon-manifest.json.bak'), 'utf8')).toBe('x');
  });

  it('a manifest entry outside the pack is never read, reported or removed', async () => {
    const cwd = tempDir();
    const pack = join(cwd, 'programmes', 'finance');
    expect((await cli(['plan', '--role', 'finance'], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, 'secret.txt'), 'do not touch\n');
    const file = join(pack, '.cocoon-manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, string> };
    manifest.files['../../secret.txt'] = sha('do not touch\n');
    manifest.files['/etc/hostname'] = sha('x');
    writeFileSync(file, JSON.stringify(manifest));
    const r = await cli(['plan', '--role', 'finance', '--sessions', '3'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'secret.txt'), 'utf8')).toBe('do not touch\n');
    expect(r.stdout + r.stderr).not.toContain('secret');
  });
});
