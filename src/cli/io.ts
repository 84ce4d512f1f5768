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
}

export function realIo(): Io {
  // A closed pipe (`cocoon rules | head`) is not an error: stop writing quietly.
  let closed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
    else throw e;
  });
  return {
    stdout: { write: (t) => void (closed || process.stdout.write(t)) },
    stderr: { write: (t) => void process.stderr.write(t) },
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
