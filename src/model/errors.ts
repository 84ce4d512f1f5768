/** Exit codes are the contract in DESIGN.md; `exitCodeFor` in cli/run.ts is the one place that maps outcomes to them. */
export const ExitCode = {
  ok: 0,
  inputErrors: 1,
  usage: 2,
  refused: 3,
  internal: 70,
  cannotWrite: 73,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: bad usage, a refused overwrite, an unwritable path. Carries its exit code and a hint. */
export class CocoonError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CocoonError';
  }
}

export class UsageError extends CocoonError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

export class WriteError extends CocoonError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.cannotWrite, hint);
  }
}

export class RefusedError extends CocoonError {
  constructor(
    message: string,
    readonly files: string[],
    hint?: string,
  ) {
    super(message, ExitCode.refused, hint);
  }
}

export class AbortedError extends CocoonError {
  constructor() {
    super('Aborted; nothing was written.', ExitCode.interrupted);
  }
}

/** SIGINT or SIGTERM during plan/build: the pack in hand was finished (or rolled back), no other was started. */
export class InterruptedError extends CocoonError {
  constructor(
    readonly written: number,
    readonly unchanged: number,
  ) {
    // The wording is the contract (issue 13): "Aborted; <n> packs written, <m> unchanged".
    super(`Aborted; ${written} packs written, ${unchanged} unchanged`, ExitCode.interrupted);
  }
}
