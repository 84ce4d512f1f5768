import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NotRegularFileError, readRegularFile, staysInside } from './safe-fs.js';
import { TemplateError } from '../../model/template-error.js';
import { BUILTIN_ROLES_DIR, TEMPLATES_DIR } from '../../assets/paths.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { UsageError } from '../../model/errors.js';
import { fallbackChain, type Lang } from '../../model/lang.js';
import { cachedData, rememberData } from './parse-cache.js';
import { decodeText, parseYaml, MAX_BYTES, type Parsed } from './source.js';
import { DISABLE_MARKER, mayHaveCurlyValue } from './disables.js';

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
 * What loading needs from the run (app/workspace.ts has both): the directory paths are shown relative
 * to, and the parse cache's directory (undefined: the cache is off; parse-cache.ts).
 */
export interface LoadContext {
  readonly cwd: string;
  readonly parseCacheDir?: string;
  /**
   * The text of every file loaded this run that holds a `cocoon-disable-next-line` comment or a curly
   * quote, by display path: app/rule-policy.ts scans them when it governs the run's diagnostics.
   */
  readonly texts?: Map<string, string>;
}

function remember(ctx: LoadContext, shown: string, text: string): void {
  if (ctx.texts && (text.includes(DISABLE_MARKER) || mayHaveCurlyValue(text))) ctx.texts.set(shown, text);
}

/**
 * Read and parse one YAML file. With a `root` (the project), the file must stay inside it once every
 * symlink on its path is resolved, so neither a link nor a linked directory can pull in a file from
 * elsewhere on the machine. Only a regular file is read, and at most 1 MiB of it: a FIFO, a device or
 * /dev/zero behind a link is a positioned error, never a hang.
 */
export function loadYamlFile(abs: string, ctx: LoadContext, root?: string): Parsed {
  const shown = displayPath(abs, ctx.cwd);
  let bytes: Buffer;
  try {
    if (root && !staysInside(root, abs))
      return unreadable(
        shown,
        lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()
          ? 'File is a symlink to a place outside the project'
          : 'File is outside the project (through a symlinked directory or ../)',
        'Copy the file into the project instead of linking to it.',
      );
    bytes = readRegularFile(abs, MAX_BYTES);
  } catch (e) {
    if (e instanceof NotRegularFileError) {
      if (e.reason === 'too-large')
        return unreadable(
          shown,
          `File is ${((e.size ?? MAX_BYTES + 1) / MAX_BYTES).toFixed(1)} MiB; cocoon reads YAML files up to 1 MiB`,
          'Split the file: one role per file, programmes in their own files.',
        );
      return lstatSync(abs, { throwIfNoEntry: false })?.isDirectory() || statSync(abs, { throwIfNoEntry: false })?.isDirectory()
        ? unreadable(shown, 'Path is a directory, not a YAML file', 'Name a .yaml file.')
        : unreadable(shown, 'Path is not a regular file (a FIFO, socket or device); cocoon reads only regular files', 'Name a .yaml file.');
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return unreadable(shown, 'Path is a directory, not a YAML file', 'Name a .yaml file.');
    if (code === 'ENOENT') return unreadable(shown, 'File does not exist', 'Check the path.');
    if (code === 'EACCES' || code === 'EPERM') return unreadable(shown, 'File cannot be read (permission denied)', 'Check the file permissions.');
    if (code === 'ELOOP') return unreadable(shown, 'File is a symlink loop', 'Replace the link with the file.');
    throw e;
  }
  const hit = cachedData(bytes, ctx.parseCacheDir);
  if (hit) {
    const text = decodeText(bytes);
    remember(ctx, shown, text);
    return { source: { path: shown, text }, data: hit.data, diagnostics: [] };
  }
  const parsed = parseYaml(bytes, shown);
  remember(ctx, shown, parsed.source.text);
  if (parsed.diagnostics.length) return parsed;
  rememberData(bytes, parsed.data, ctx.parseCacheDir);
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
  for (const name of yamlFilesIn(BUILTIN_ROLES_DIR))
    byId.set(basename(name, extname(name)), { id: basename(name, extname(name)), file: join(BUILTIN_ROLES_DIR, name), builtin: true });
  if (localDir && resolve(localDir) !== BUILTIN_ROLES_DIR) {
    const local = new Map<string, string>();
    for (const name of yamlFilesIn(localDir)) {
      // A draft (`cocoon draft`) is not a role to plan from: it would shadow the role it was made from.
      if (/\.draft\.ya?ml$/.test(name)) continue;
      const id = basename(name, extname(name));
      // B30: `x.yml` beside `x.yaml` would silently replace it; which one is meant is the user's to say.
      const twin = local.get(id);
      if (twin)
        throw new UsageError(
          `${basename(localDir)}/${twin} and ${basename(localDir)}/${name} both define role \`${id}\`; cocoon will not guess which one you mean`,
          `Keep one of them (rename or remove the other).`,
        );
      local.set(id, name);
      byId.set(id, { id, file: join(localDir, name), builtin: false });
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A template file is at most this large: enough for any page, far from /dev/zero. */
const MAX_TEMPLATE_BYTES = 256 * 1024;

/**
 * A built-in template (path under templates/), or the file of the same name in the user's templates_dir.
 * A user's template must be a regular file of at most 256 KiB that stays inside templates_dir through
 * any symlink: a link to an SSH key or to /dev/zero is an error, not content.
 */
export function readTemplateFile(builtin: string, overrideDir?: string, lang: Lang = 'en'): { text: string; file: string } {
  // A language's own template first (templates_dir/de/…), then the project's template for every language,
  // then cocoon's translation (templates/i18n/de/…), then cocoon's English.
  const own = fallbackChain(lang).filter((l) => l !== 'en');
  if (overrideDir) {
    for (const file of [...own.map((l) => join(overrideDir, l, basename(builtin))), join(overrideDir, basename(builtin))]) {
      const text = readUserTemplate(file, overrideDir);
      if (text !== undefined) return { text, file };
    }
  }
  for (const l of own) {
    const file = join(TEMPLATES_DIR, 'i18n', l, builtin);
    if (existsSync(file)) return { text: readRegularFile(file, 4 * MAX_TEMPLATE_BYTES).toString('utf8'), file };
  }
  const file = join(TEMPLATES_DIR, builtin);
  return { text: readRegularFile(file, 4 * MAX_TEMPLATE_BYTES).toString('utf8'), file };
}

/** A user's template text, undefined when there is none of that name; a positioned TemplateError when it may not be read. */
export function readUserTemplate(file: string, dir: string): string | undefined {
  if (!lstatSync(file, { throwIfNoEntry: false })) return undefined;
  if (!staysInside(dir, file)) throw new TemplateError('Template is a symlink to a place outside templates_dir', file, 1, 1);
  try {
    return readRegularFile(file, MAX_TEMPLATE_BYTES).toString('utf8');
  } catch (e) {
    if (e instanceof NotRegularFileError)
      throw new TemplateError(
        e.reason === 'too-large' ? `Template is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB` : 'Template is not a regular file (a FIFO, socket or device)',
        file,
        1,
        1,
      );
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
