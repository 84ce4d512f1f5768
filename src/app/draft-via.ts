import { spawn } from 'node:child_process';

export type ViaResult = { ok: true; stdout: string } | { ok: false; why: string };

/** A reply longer than this is no YAML piece of a role: the command is stopped. */
const MAX_REPLY = 1024 * 1024;

/**
 * One brief through the user's own command (`llm -m …`, `ollama run …`): the brief on its stdin, its
 * stdout back. cocoon itself opens no connection; whatever the command does with the brief is the
 * command's. It runs through the shell in a process group of its own, so a timeout ends the command and
 * everything it started (a pipeline, a model server's client), not only the shell.
 */
export function runVia(
  command: string,
  brief: string,
  o: { cwd: string; env: Readonly<Record<string, string | undefined>>; timeoutMs: number },
): Promise<ViaResult> {
  return new Promise((done) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let stopped: string | undefined;
    const stop = (why: string) => {
      if (stopped) return;
      stopped = why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => stop(`it did not finish within ${o.timeoutMs / 1000} s (--timeout) and was stopped`), o.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_REPLY) stop('it printed more than 1 MiB and was stopped');
      else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.reduce((n, x) => n + x.length, 0) < 4096) err.push(b);
    });
    // A command that does not read its stdin closes it early: not an error of cocoon's.
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      done({ ok: false, why: `it could not be started (${e.message})` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (stopped) return done({ ok: false, why: stopped });
      const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-2).join(' / ');
      if (code !== 0) return done({ ok: false, why: `it exited with ${signal ? `signal ${signal}` : `code ${code}`}${tail ? `: ${tail}` : ''}` });
      const stdout = Buffer.concat(out).toString('utf8');
      if (!stdout.trim()) return done({ ok: false, why: 'it printed nothing' });
      done({ ok: true, stdout });
    });
    child.stdin.end(brief);
  });
}
