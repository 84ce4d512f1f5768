import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The programs outside Node that some tests check cocoon's output with: Chromium (pages, print, axe, and
 * marp-cli's notes and PDF export), sqlite3 (the report's numbers, recomputed) and tmux (the questions in a
 * real terminal). On a machine with Node only, `npm test` passes and names what it skipped; with
 * `COCOON_REQUIRE_BROWSER=1` (Chromium) or `COCOON_REQUIRE_TOOLS=1` (sqlite3, tmux) a missing program fails
 * the tests that need it instead, which is what `.ci/run` sets once it has installed them.
 *
 * Each is found as a shell finds it: the override variable if set (set it to a missing path to simulate a
 * machine without the program), else the first of its names on PATH.
 */
export interface Tool {
  readonly name: string;
  /** The executable, or undefined when it is not on this machine. */
  readonly path: string | undefined;
  /** Missing here, but the environment says the tests that need it must run (and so fail). */
  readonly required: boolean;
  /** Skip the tests that need it: missing and not required. */
  readonly skip: boolean;
  /** Why they are skipped, with how to install it. */
  readonly reason: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function find(names: readonly string[], override: string | undefined): string | undefined {
  if (override !== undefined && override !== '') return executable(override) ? override : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) for (const n of names) if (executable(join(dir, n))) return join(dir, n);
  return undefined;
}

function tool(name: string, names: readonly string[], overrideVar: string, requireVar: string, install: string): Tool {
  const override = process.env[overrideVar];
  const path = find(names, override);
  const required = process.env[requireVar] === '1';
  const where = override ? `at ${overrideVar}=${override}` : `on PATH (${names.join(', ')})`;
  return {
    name,
    path,
    required: path === undefined && required,
    skip: path === undefined && !required,
    reason: `no ${name} ${where}; ${install}, or set ${overrideVar}`,
  };
}

export const CHROMIUM = tool(
  'Chromium',
  ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'],
  'CHROMIUM_PATH',
  'COCOON_REQUIRE_BROWSER',
  'apt-get install chromium',
);
export const SQLITE3 = tool('sqlite3', ['sqlite3'], 'SQLITE3_PATH', 'COCOON_REQUIRE_TOOLS', 'apt-get install sqlite3');
export const TMUX = tool('tmux', ['tmux'], 'TMUX_PATH', 'COCOON_REQUIRE_TOOLS', 'apt-get install tmux');
/** xmllint validates the SCORM package's imsmanifest.xml against the SCORM 1.2 schemas. */
export const XMLLINT = tool('xmllint', ['xmllint'], 'XMLLINT_PATH', 'COCOON_REQUIRE_TOOLS', 'apt-get install libxml2-utils');
/**
 * LibreOffice opens each Word handout and converts it to PDF. Not in .ci/run (60 packages, 90.8 MB to fetch,
 * 288 MB on disk for libreoffice-writer-nogui): `COCOON_REQUIRE_OFFICE=1` makes it required where it is installed.
 */
export const SOFFICE = tool('LibreOffice', ['soffice', 'libreoffice'], 'SOFFICE_PATH', 'COCOON_REQUIRE_OFFICE', 'apt-get install libreoffice-writer-nogui');

/**
 * The title of a describe/it that needs these tools: the reason is in the title when they are missing,
 * so the skip is named in vitest's output (and in its JSON report), not only in a warning.
 */
export function needing(title: string, ...tools: Tool[]): string {
  const missing = tools.filter((t) => t.skip);
  if (!missing.length) return title;
  const named = `${title} — skipped: ${missing.map((t) => t.reason).join('; ')}`;
  console.warn(named);
  return named;
}

/** True when a test needing these tools is skipped here. */
export function skipWithout(...tools: Tool[]): boolean {
  return tools.some((t) => t.skip);
}

/** The executable, or a clear failure when the environment requires a missing tool. */
export function pathOf(t: Tool): string {
  if (t.path === undefined) throw new Error(`${t.name} is required here (${t.required ? 'set by the environment' : 'missing'}): ${t.reason}`);
  return t.path;
}
