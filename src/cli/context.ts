import type { Workspace } from '../app/workspace.js';
import type { Io } from './io.js';

/** What a command needs from the CLI layer: the injected I/O, the run's workspace, and a place to record its exit code. */
export interface CommandContext {
  io: Io;
  /** Made once per run() from io; the use cases get it with their options. */
  ws: Workspace;
  setExit(code: number): void;
}
