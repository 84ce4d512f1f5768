import { join } from 'node:path';
import { WriteError } from '../../model/errors.js';
import { type Drift, type Refusal } from '../../model/refusals.js';
import { NotRegularFileError, isSafeRelative, lstatOrUndefined, readRegularFile } from '../load/safe-fs.js';
import { MANIFEST, MAX_MANIFEST, type OutFile, contentHashes, manifestText, readPackFile, sha256 } from './files.js';

/** A tree compared with what cocoon would write into it: the manifest, the one comparison behind every write, dry run and check, and drift. */

/**
 * A tree compared with what cocoon would write into it: the one comparison behind every write, every
 * `--dry-run` and every `--check` (of a pack and of the files `cocoon report` writes). Paths are
 * relative to the tree, in the order of the files, the manifest last.
 */
export interface PackComparison {
  create: string[];
  update: string[];
  unchanged: string[];
  /** Files cocoon wrote that are no longer produced, unchanged since: removed. */
  remove: string[];
  /** Files no longer produced that were edited by hand: kept, and said so. */
  keep: string[];
  refused: Refusal[];
  /** With `keepCurrent`: what is on disk at each path that would be updated or is refused (for a diff). */
  current?: Map<string, Buffer>;
}

export interface WriteResult extends PackComparison {
  wrote: boolean;
}

/**
 * The manifest of a tree: where it lives, what it says cocoon wrote before, and the text a write leaves.
 * A pack owns its directory (files no longer produced are removed; the directory itself must be a real
 * one); the report's files live in a tree someone else owns (nothing is removed; a symlinked tree is
 * refused like any link on the way).
 */
export interface TreeManifest {
  path: string;
  entries: Record<string, string> | undefined;
  text: string;
  ownsDir: boolean;
  /** The manifest file is there but is no manifest (cut short, not JSON, no `files`): B30. */
  corrupt?: boolean;
}

/**
 * The manifest's entries that name a path inside the pack. An entry such as `../../x` or `/etc/passwd`
 * is not a file cocoon wrote (a tampered or corrupt manifest): it is ignored, never hashed or removed.
 * `corrupt` says the file is there but is no manifest at all (cut short, not JSON, no `files` object), so
 * a refusal can say that instead of calling every file of the pack foreign (B30).
 */
export function readManifestFile(out: string, name = MANIFEST): { entries: Record<string, string> | undefined; corrupt: boolean } {
  let text: string;
  try {
    text = readRegularFile(join(out, name), MAX_MANIFEST, { noFollow: true }).toString('utf8');
  } catch (e) {
    // Missing is no manifest; a regular file too large to be one is a corrupt one.
    return { entries: undefined, corrupt: e instanceof NotRegularFileError && e.reason === 'too-large' };
  }
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    if (!parsed || typeof parsed.files !== 'object' || !parsed.files || Array.isArray(parsed.files)) return { entries: undefined, corrupt: true };
    const files: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [path, hash] of Object.entries(parsed.files as Record<string, unknown>))
      if (isSafeRelative(path) && path !== name && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) files[path] = hash;
    return { entries: files, corrupt: false };
  } catch {
    return { entries: undefined, corrupt: true };
  }
}

export const readManifest = (out: string, name = MANIFEST): Record<string, string> | undefined => readManifestFile(out, name).entries;

/** No directory on the way from `out` to `rel` is a symlink (a link would send the write elsewhere). */
export function linkOnTheWay(out: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (lstatOrUndefined(join(out, ...parts.slice(0, i)))?.isSymbolicLink()) return true;
  return false;
}

export function checkOutDir(out: string): boolean {
  const st = lstatOrUndefined(out);
  if (st?.isSymbolicLink())
    throw new WriteError(`Output directory ${out} is a symlink; cocoon does not write through links`, 'Point --out at a real directory.');
  if (st && !st.isDirectory()) throw new WriteError(`Output path ${out} is a file, not a directory`, 'Choose another --out, or remove the file.');
  return Boolean(st);
}

/** A pack's manifest: `.cocoon-manifest.json`, listing every file of the pack. */
export const packManifest = (out: string, files: readonly OutFile[]): TreeManifest => {
  const { entries, corrupt } = readManifestFile(out);
  return { path: MANIFEST, entries, text: manifestText(files), ownsDir: true, corrupt };
};

/**
 * Compare what would be written into `dir` with what is on disk. Pure reading; writes nothing. A file
 * whose bytes match is unchanged; one whose bytes match the manifest may be updated; anything else is
 * refused: edited by hand (in the manifest, bytes differ), not written by cocoon (not in it, or not a
 * regular file), or at or behind a symlink. `force` lifts the first two, never the third.
 */
export function comparePack(
  dir: string,
  files: readonly OutFile[],
  manifest: TreeManifest = packManifest(dir, files),
  options: { force?: boolean; keepCurrent?: boolean } = {},
): PackComparison {
  const cmp: PackComparison = {
    create: [],
    update: [],
    unchanged: [],
    remove: [],
    keep: [],
    refused: [],
    ...(options.keepCurrent ? { current: new Map<string, Buffer>() } : {}),
  };
  const all = [...files, { path: manifest.path, content: manifest.text }];
  const root = lstatOrUndefined(dir);
  if (manifest.ownsDir ? !checkOutDir(dir) : !root) return { ...cmp, create: all.map((f) => f.path) };
  if (root?.isSymbolicLink()) return { ...cmp, refused: all.map((f) => ({ path: f.path, reason: 'symlink' as const })) };
  const entries = manifest.entries;
  const hashes = contentHashes(files);
  for (const f of all) {
    const target = join(dir, f.path);
    const cur = lstatOrUndefined(target);
    if (linkOnTheWay(dir, f.path) || cur?.isSymbolicLink()) {
      cmp.refused.push({ path: f.path, reason: 'symlink' });
      continue;
    }
    if (!cur) {
      cmp.create.push(f.path);
      continue;
    }
    const bytes = cur.isFile() ? readPackFile(target) : undefined;
    if (!bytes) {
      cmp.refused.push({ path: f.path, reason: 'foreign' });
      continue;
    }
    const hash = sha256(bytes);
    if (hash === (hashes.get(f.path) ?? sha256(f.content))) {
      cmp.unchanged.push(f.path);
      continue;
    }
    cmp.current?.set(f.path, bytes);
    if (f.path === manifest.path || entries?.[f.path] === hash || options.force) cmp.update.push(f.path);
    else cmp.refused.push({ path: f.path, reason: entries && f.path in entries ? 'edited' : 'foreign' });
  }
  if (manifest.ownsDir) {
    const produced = new Set(files.map((f) => f.path));
    for (const [path, hash] of Object.entries(entries ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (produced.has(path) || linkOnTheWay(dir, path)) continue;
      const bytes = readPackFile(join(dir, path));
      if (!bytes) continue;
      if (sha256(bytes) === hash || options.force) cmp.remove.push(path);
      else cmp.keep.push(path);
    }
  }
  if (options.force) cmp.refused = cmp.refused.filter((r) => r.reason === 'symlink');
  else if (manifest.corrupt && cmp.refused.some((r) => r.reason === 'foreign')) {
    // Not "not written by cocoon": cocoon cannot tell, because its record of what it wrote is broken (B30).
    cmp.refused = [{ path: manifest.path, reason: 'corrupt' }, ...cmp.refused.filter((r) => r.reason !== 'foreign')];
  }
  return cmp;
}

/**
 * What `--check` reports, from the comparison: missing (would be created), changed (would be updated,
 * or refused), extra (no longer produced). A changed Markdown file carries a unified diff, cut at 60
 * lines, when the comparison kept what is on disk.
 */
export async function driftOf(cmp: PackComparison, files: readonly OutFile[], manifest: TreeManifest): Promise<Drift> {
  const { createTwoFilesPatch } = await import('diff');
  const content = new Map<string, string | Uint8Array>(files.map((f) => [f.path, f.content]));
  content.set(manifest.path, manifest.text);
  const differs = new Set([...cmp.update, ...cmp.refused.map((r) => r.path)]);
  const diffOf = (path: string): string | undefined => {
    const current = cmp.current?.get(path);
    if (!path.endsWith('.md') || !current) return undefined;
    const wanted = content.get(path)!;
    const patch = createTwoFilesPatch(
      `a/${path}`,
      `b/${path}`,
      current.toString('utf8'),
      typeof wanted === 'string' ? wanted : Buffer.from(wanted).toString('utf8'),
      '',
      '',
      { context: 2 },
    );
    // Unified diff without the "====" banner or the empty header dates; long diffs are cut at 60 lines.
    const lines = patch
      .split('\n')
      .filter((l) => !/^=+$/.test(l))
      .map((l) => l.replace(/\t$/, ''));
    return [...lines.slice(0, 60), ...(lines.length > 60 ? [`… ${lines.length - 60} more lines`] : [])].join('\n').trimEnd();
  };
  return {
    missing: cmp.create,
    changed: [...content.keys()].filter((path) => differs.has(path)).map((path) => ({ path, diff: diffOf(path) })),
    extra: [...cmp.remove, ...cmp.keep].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    refused: cmp.refused,
  };
}
