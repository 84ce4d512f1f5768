import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { cachedData, rememberData } from './parse-cache.js';
import { decodeText, parseYaml, MAX_BYTES, type Parsed, type SourceFile } from './source.js';

/** The package root: built-in roles, templates and schemas live here. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILTIN_ROLES_DIR = join(PACKAGE_ROOT, 'roles');
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** Path as shown to people: relative to cwd when inside it, with forward slashes. */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

const unreadable = (file: string, message: string, hint: string): Parsed => ({
  source: { path: file, text: '' },
  data: undefined,
  diagnostics: [{ file, line: 1, column: 1, severity: 'error', rule: 'yaml/syntax', message, hint } satisfies Diagnostic],
});

/**
 * Read and parse one YAML file. Symlinks are followed only when they stay inside `root`
 * (the project), so a link cannot pull in a file from elsewhere on the machine.
 */
export function loadYamlFile(abs: string, cwd: string, root?: string): Parsed {
  const shown = displayPath(abs, cwd);
  let bytes: Buffer;
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink() && root) {
      const real = realpathSync(abs);
      const realRoot = realpathSync(root);
      if (real !== realRoot && !real.startsWith(realRoot + sep))
        return unreadable(shown, 'File is a symlink to a place outside the project', 'Copy the file into the project instead of linking to it.');
    }
    const target = st.isSymbolicLink() ? statSync(abs) : st;
    if (target.isDirectory()) return unreadable(shown, 'Path is a directory, not a YAML file', 'Name a .yaml file.');
    if (target.size > MAX_BYTES)
      return unreadable(shown, `File is ${(target.size / MAX_BYTES).toFixed(1)} MiB; cocoon reads YAML files up to 1 MiB`, 'Split the file: one role per file, programmes in their own files.');
    bytes = readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return unreadable(shown, 'File does not exist', 'Check the path.');
    if (code === 'EACCES' || code === 'EPERM') return unreadable(shown, 'File cannot be read (permission denied)', 'Check the file permissions.');
    if (code === 'ELOOP') return unreadable(shown, 'File is a symlink loop', 'Replace the link with the file.');
    throw e;
  }
  const hit = cachedData(bytes);
  if (hit) return { source: { path: shown, text: decodeText(bytes) }, data: hit.data, diagnostics: [] };
  const parsed = parseYaml(bytes, shown);
  if (parsed.diagnostics.length) return parsed;
  rememberData(bytes, parsed.data);
  // A clean file keeps its text and data but lets its syntax tree go at once: most files never report a
  // position, and a hundred trees kept alive through a run cost more memory than rebuilding the odd one
  // a diagnostic needs (source.ts, documentOf).
  return { ...parsed, source: { path: parsed.source.path, text: parsed.source.text } };
}

export interface RoleEntry {
  id: string;
  file: string;
  builtin: boolean;
}

function yamlFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => (extname(n) === '.yaml' || extname(n) === '.yml') && !n.startsWith('.')).sort();
}

/** Built-in and local roles by id; a local role with the same id replaces the built-in one. */
export function discoverRoles(localDir: string | undefined): RoleEntry[] {
  const byId = new Map<string, RoleEntry>();
  for (const name of yamlFilesIn(BUILTIN_ROLES_DIR)) byId.set(basename(name, extname(name)), { id: basename(name, extname(name)), file: join(BUILTIN_ROLES_DIR, name), builtin: true });
  if (localDir && resolve(localDir) !== BUILTIN_ROLES_DIR)
    for (const name of yamlFilesIn(localDir)) byId.set(basename(name, extname(name)), { id: basename(name, extname(name)), file: join(localDir, name), builtin: false });
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A built-in template (path under templates/), or the file of the same name in the user's templates_dir. */
export function readTemplateFile(builtin: string, overrideDir?: string): { text: string; file: string } {
  if (overrideDir) {
    const file = join(overrideDir, basename(builtin));
    try {
      return { text: readFileSync(file, 'utf8'), file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const file = join(TEMPLATES_DIR, builtin);
  return { text: readFileSync(file, 'utf8'), file };
}

export type { SourceFile };
