import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, lstatSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { createWorkspace, type Workspace } from '../src/app/workspace.js';
import { memoryIo } from '../src/cli/io.js';
import { run } from '../src/cli/run.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const BIN = join(ROOT, 'bin', 'cocoon.js');
/** The built-in roles, by id, as they are in roles/ (tests/library/roles.test.ts checks it is the eight). */
export const BUILT_IN_ROLES = readdirSync(join(ROOT, 'roles'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5))
  .sort();

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with injected I/O: fast, and stdout/stderr/exit code are all observable. */
export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string>; interactive?: boolean } = {}): Promise<CliResult> {
  // The parse cache as the test process has it (vitest.config.ts turns it off), like spawnCli.
  const env = { COCOON_CACHE: process.env.COCOON_CACHE ?? '', ...options.env };
  const io = memoryIo({ cwd: options.cwd ?? ROOT, env, interactive: options.interactive ?? false });
  const code = await run(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** A workspace for calling app/ functions directly, as one run would: its own caches, no parse cache. */
export const testWorkspace = (cwd: string = ROOT): Workspace => createWorkspace({ cwd, env: { COCOON_CACHE: '0' } });

/** Run the real bin as a process (needs `npm run build`, which `prepare` does). */
export function spawnCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COCOON_CACHE: process.env.COCOON_CACHE ?? '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    // A role of a thousand workflows warns about each: more than spawnSync's default 1 MiB of stderr.
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? (r.signal ? 128 : -1), stdout: r.stdout, stderr: r.stderr };
}

const made: string[] = [];
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'cocoon-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A temp copy of a fixture directory. */
export function fixtureCopy(name: string): string {
  const d = tempDir();
  cpSync(join(FIXTURES, name), d, { recursive: true });
  return d;
}

/** Every file under dir → its content, relative paths with forward slashes, sorted. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (lstatSync(join(dir, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(join(dir, r), 'utf8');
    }
  };
  walk('');
  return out;
}
