import { ExitCode } from '../model/errors.js';

/** Everything the CLI touches of the process, injected so tests can run `run()` in memory. */
export interface Io {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  cwd: string;
  env: Record<string, string | undefined>;
  /** stdin and stdout are terminals: prompts are allowed. */
  interactive: boolean;
  /** stdout / stderr are terminals: colour is allowed. */
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /**
   * While a pack is being written, SIGINT and SIGTERM abort the returned signal instead of killing the
   * process, so the pack in hand is finished and the run stops with exit 130. A second signal kills as usual.
   */
  trapInterrupts?(): { signal: AbortSignal; release(): void };
  /**
   * Exit 73 when writing standard output or error failed (a full disk, an I/O error; B22), else undefined.
   * A reader that went away (EPIPE) is no failure: output stops quietly and the run keeps its own code.
   */
  outputFailure?(): number | undefined;
}

/** Why a write to standard output or error failed, in words (the same words as run.ts's file-system errors). */
const OUTPUT_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EIO: 'an input/output error',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large',
  EBADF: 'it is closed',
  EAGAIN: 'it would block',
};

/**
 * Errors writing stdout and stderr (B22). A stream that failed is never written again. EPIPE (`cocoon … |
 * head`) stops the output quietly, as Unix tools do; any other error (ENOSPC: stdout is /dev/full or a full
 * disk; EIO) prints one plain line on stderr while stderr still works, and makes the run exit 73. Nothing
 * is thrown from the stream's error event, so Node never prints a stack trace or a line of the bundle.
 */
function guardOutput(): { out: (text: string) => void; err: (text: string) => void; failure: () => number | undefined } {
  const closed = { stdout: false, stderr: false };
  let failure: number | undefined;
  const write = (name: 'stdout' | 'stderr', text: string) => {
    const stream = process[name];
    if (closed[name] || stream.destroyed) return;
    try {
      stream.write(text);
    } catch (e) {
      failed(name, e as NodeJS.ErrnoException);
    }
  };
  const failed = (name: 'stdout' | 'stderr', e: NodeJS.ErrnoException) => {
    if (closed[name]) return;
    closed[name] = true;
    if (e?.code === 'EPIPE') return;
    failure = ExitCode.cannotWrite;
    process.exitCode = failure;
    const code = typeof e?.code === 'string' ? e.code : 'error';
    if (name === 'stdout') write('stderr', `cocoon: Cannot write to standard output: ${OUTPUT_REASONS[code] ?? 'the write failed'} (${code})\n`);
  };
  process.stdout.on('error', (e: NodeJS.ErrnoException) => failed('stdout', e));
  process.stderr.on('error', (e: NodeJS.ErrnoException) => failed('stderr', e));
  return { out: (t) => write('stdout', t), err: (t) => write('stderr', t), failure: () => failure };
}

export function realIo(): Io {
  const output = guardOutput();
  return {
    stdout: { write: output.out },
    stderr: { write: output.err },
    outputFailure: output.failure,
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    stdoutTTY: Boolean(process.stdout.isTTY),
    stderrTTY: Boolean(process.stderr.isTTY),
    trapInterrupts() {
      const controller = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        release();
        controller.abort(signal);
      };
      const release = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      return { signal: controller.signal, release };
    },
  };
}

export interface MemoryIo extends Io {
  out(): string;
  err(): string;
}

export function memoryIo(options: Partial<Pick<Io, 'cwd' | 'env' | 'interactive' | 'stdoutTTY' | 'stderrTTY'>> = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (err += t) },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    interactive: options.interactive ?? false,
    stdoutTTY: options.stdoutTTY ?? false,
    stderrTTY: options.stderrTTY ?? false,
    out: () => out,
    err: () => err,
  };
}

/** chalk's colour level for a stream: NO_COLOR wins, then FORCE_COLOR, then whether it is a terminal. */
export function colorLevel(io: Io, tty: boolean): 0 | 1 | 2 | 3 {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return 0;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  return tty ? 1 : 0;
}
