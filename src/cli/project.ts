import { dirname, relative, resolve, sep } from 'node:path';
import type { Workspace } from '../app/workspace.js';
import type { CommandContext } from './context.js';

/** Where a command that works on a project runs: the project file, the folder it works from, and its workspace. */
export interface ProjectRun {
  file: string;
  cwd: string;
  ws: Workspace;
}

/**
 * The project a command works on: `--config <file>` (relative to the current folder), else the nearest
 * cocoon.yaml here or above (app/project.ts findProjectFile), else undefined. A project found above
 * runs from its own folder, as though the command had been started there — its `out:` paths and the
 * paths in diagnostics read as they do at the project's root — and a note on stderr says so.
 */
export async function projectRun(ctx: CommandContext, config: string | undefined): Promise<ProjectRun | undefined> {
  const { io } = ctx;
  if (config !== undefined) return { file: resolve(io.cwd, config), cwd: io.cwd, ws: ctx.ws };
  const { findProjectFile } = await import('../app/project.js');
  const file = findProjectFile(io.cwd);
  if (!file) return undefined;
  const dir = dirname(file);
  if (dir === resolve(io.cwd)) return { file, cwd: io.cwd, ws: ctx.ws };
  const { createWorkspace } = await import('../app/workspace.js');
  const shown = relative(io.cwd, file).split(sep).join('/');
  io.stderr.write(`cocoon: using ${shown}; paths below are relative to ${dir}\n`);
  return { file, cwd: dir, ws: createWorkspace({ cwd: dir, env: io.env }) };
}

/** The usage error of a project command run where there is no project. */
export async function noProject(cwd: string): Promise<never> {
  const { UsageError } = await import('../model/errors.js');
  throw new UsageError(`No cocoon.yaml in ${cwd} or any folder above it`, 'Run `cocoon init` to create a project here, or pass --config <file>.');
}
