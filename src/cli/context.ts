import type { Io } from './io.js';

/** What a command needs from the CLI layer: the injected I/O and a place to record its exit code. */
export interface CommandContext {
  io: Io;
  setExit(code: number): void;
}
