import { createHash } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CocoonError, RefusedError, WriteError } from './errors.js';

export const MANIFEST = '.cocoon-manifest.json';

export interface OutFile {
  path: string;
  /** UTF-8 bytes (see asBytes), or text. */
  content: string | Uint8Array;
}

/**
 * A rendered pack as UTF-8 bytes. Bytes live outside the JavaScript heap, so a build holding twenty
 * packs until every write is checked does not make the garbage collector copy them around, and each
 * file is converted once, not once to hash and again to write.
 */
export function asBytes(files: readonly { path: string; content: string }[]): OutFile[] {
  return files.map((f) => ({ path: f.path, content: Buffer.from(f.content, 'utf8') }));
}

export interface WritePlan {
  create: string[];
  update: string[];
  unchanged: string[];
  remove: string[];
  /** Files no longer produced that were edited by hand: kept, and said so. */
  keep: string[];
  refused: { path: string; reason: 'edited' | 'foreign' | 'symlink' }[];
}

export interface WriteResult extends WritePlan {
  wrote: boolean;
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** A pack's files and the hash of each, computed once however often a build asks (check, plan, write). */
const hashesOf = new WeakMap<readonly OutFile[], Map<string, string>>();

function contentHashes(files: readonly OutFile[]): Map<string, string> {
  let hashes = hashesOf.get(files);
  if (!hashes) {
    hashes = new Map(files.map((f) => [f.path, sha256(f.content)]));
    hashesOf.set(files, hashes);
  }
  return hashes;
}

const manifests = new WeakMap<readonly OutFile[], string>();

/** The manifest: pack path → sha256, sorted, so it is byte-identical for identical packs. */
export function manifestText(files: readonly OutFile[]): string {
  let text = manifests.get(files);
  if (text === undefined) {
    const hashes = contentHashes(files);
    const entries = [...hashes.keys()].sort().map((path) => [path, hashes.get(path)!]);
    text = `${JSON.stringify({ generator: 'cocoon-cli', files: Object.fromEntries(entries) }, null, 2)}\n`;
    manifests.set(files, text);
  }
  return text;
}

function fsError(e: unknown, what: string): never {
  const err = e as NodeJS.ErrnoException;
  const reason =
    err.code === 'EACCES' || err.code === 'EPERM'
      ? 'permission denied'
      : err.code === 'ENOSPC'
        ? 'no space left on the device'
        : err.code === 'EROFS'
          ? 'read-only file system'
          : err.code === 'ENOTDIR' || err.code === 'EEXIST'
            ? 'a file is in the way of a directory'
            : (err.code ?? err.message);
  const hint =
    err.code === 'ENOSPC'
      ? 'Free some space on that disk, or write the pack somewhere else (--out, or `out:` in cocoon.yaml).'
      : err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS'
        ? 'Write the pack to a directory you can write to (--out, or `out:` in cocoon.yaml).'
        : 'Check the output path (--out, or `out:` in cocoon.yaml) and try again.';
  throw new WriteError(`Cannot write ${what}: ${reason}`, hint);
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir reports a read-only file system as ENOENT,
 * which would hide the real reason from the user.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !lstatOrUndefined(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
}

/** lstat, or undefined when nothing is there (without the cost of throwing and catching ENOENT). */
const lstatOrUndefined = (path: string) => lstatSync(path, { throwIfNoEntry: false });

function readManifest(out: string): Record<string, string> | undefined {
  const st = lstatOrUndefined(join(out, MANIFEST));
  if (!st?.isFile()) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { files?: Record<string, string> };
    return parsed && typeof parsed.files === 'object' && parsed.files ? parsed.files : undefined;
  } catch {
    return undefined;
  }
}

/** All files under dir, relative, forward slashes; symlinks are listed, not followed. */
function listTree(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, rel));
    if (st.isDirectory()) out.push(...listTree(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** Compare what would be written with what is on disk. Pure reading; writes nothing. */
export function planWrite(out: string, files: readonly OutFile[], force = false): WritePlan {
  const st = lstatOrUndefined(out);
  if (st && st.isSymbolicLink()) throw new WriteError(`Output directory ${out} is a symlink; cocoon does not write through links`, 'Point --out at a real directory.');
  if (st && !st.isDirectory()) throw new WriteError(`Output path ${out} is a file, not a directory`, 'Choose another --out, or remove the file.');
  const plan: WritePlan = { create: [], update: [], unchanged: [], remove: [], keep: [], refused: [] };
  if (!st) return { ...plan, create: [...files.map((f) => f.path), MANIFEST] };
  const manifest = readManifest(out);
  const produced = new Set(files.map((f) => f.path));
  const hashes = contentHashes(files);
  for (const f of [...files, { path: MANIFEST, content: manifestText(files) }]) {
    const target = join(out, f.path);
    // A symlinked directory on the way would send the write elsewhere.
    const parts = f.path.split('/');
    let linked = false;
    for (let i = 1; i < parts.length; i++) if (lstatOrUndefined(join(out, ...parts.slice(0, i)))?.isSymbolicLink()) linked = true;
    const cur = lstatOrUndefined(target);
    if (linked || cur?.isSymbolicLink()) {
      plan.refused.push({ path: f.path, reason: 'symlink' });
      continue;
    }
    if (!cur) {
      plan.create.push(f.path);
      continue;
    }
    if (!cur.isFile()) {
      plan.refused.push({ path: f.path, reason: 'foreign' });
      continue;
    }
    const bytes = readFileSync(target);
    const hash = sha256(bytes);
    if (hash === (hashes.get(f.path) ?? sha256(f.content))) plan.unchanged.push(f.path);
    else if (f.path === MANIFEST || manifest?.[f.path] === hash || force) plan.update.push(f.path);
    else plan.refused.push({ path: f.path, reason: manifest && f.path in manifest ? 'edited' : 'foreign' });
  }
  for (const [path, hash] of Object.entries(manifest ?? {}).sort()) {
    if (produced.has(path) || path === MANIFEST) continue;
    const cur = lstatOrUndefined(join(out, path));
    if (!cur?.isFile()) continue;
    if (sha256(readFileSync(join(out, path))) === hash || force) plan.remove.push(path);
    else plan.keep.push(path);
  }
  if (force) plan.refused = plan.refused.filter((r) => r.reason === 'symlink');
  return plan;
}

/** Recreate a file tree in `to` with hard links (no data moves, the original stays whole until the swap). */
function linkInto(from: string, to: string, rel: string): void {
  const src = join(from, rel);
  const dst = join(to, rel);
  mkdirSync(dirname(dst), { recursive: true });
  const st = lstatSync(src);
  if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
  else {
    try {
      linkSync(src, dst);
    } catch {
      writeFileSync(dst, readFileSync(src), { mode: st.mode });
    }
  }
}

/** Leftovers of a run that was killed between the two renames of the swap: put the previous pack back. */
export function recoverInterruptedSwap(out: string): void {
  try {
    restorePreviousPack(out);
  } catch (e) {
    fsError(e, out);
  }
}

function restorePreviousPack(out: string): void {
  const parent = dirname(out);
  const prefix = `.${basename(out)}.cocoon-old-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    if (!name.startsWith(prefix) && !name.startsWith(`.${basename(out)}.cocoon-new-`)) continue;
    const p = join(parent, name);
    if (name.startsWith(prefix) && !lstatOrUndefined(out)) renameSync(p, out);
    else rmSync(p, { recursive: true, force: true });
  }
}

/**
 * Write a pack so that a crash or a kill leaves either the previous pack or the new one, whole:
 * the new tree is built in a sibling staging directory (files the user put in `out` are hard-linked
 * across), then swapped in with two renames. Nothing is written when nothing changed. `plan` is a
 * planWrite of these files made after recoverInterruptedSwap (a build plans every pack before it writes any).
 */
export function writePack(out: string, files: readonly OutFile[], options: { force?: boolean; plan?: WritePlan } = {}): WriteResult {
  if (!options.plan) recoverInterruptedSwap(out);
  const plan = options.plan ?? planWrite(out, files, options.force);
  if (plan.refused.length) {
    const edited = plan.refused.filter((r) => r.reason === 'edited').map((r) => r.path);
    const other = plan.refused.filter((r) => r.reason !== 'edited').map((r) => r.path);
    const parts = [edited.length ? `edited by hand since cocoon wrote them: ${edited.join(', ')}` : '', other.length ? `not written by cocoon: ${other.join(', ')}` : ''].filter(Boolean);
    throw new RefusedError(
      `Refusing to overwrite files in ${out} — ${parts.join('; ')}`,
      plan.refused.map((r) => r.path),
      plan.refused.some((r) => r.reason === 'symlink')
        ? 'Replace the symlinks with real files or directories.'
        : 'To keep an edit, move it into the role or programme YAML (or a template in templates_dir) and re-run; to discard it, re-run with --force.',
    );
  }
  const changed = plan.create.length + plan.update.length + plan.remove.length;
  if (changed === 0) return { ...plan, wrote: false };

  const parent = dirname(out);
  const staging = join(parent, `.${basename(out)}.cocoon-new-${process.pid}`);
  const old = join(parent, `.${basename(out)}.cocoon-old-${process.pid}`);
  const existed = Boolean(lstatOrUndefined(out));
  try {
    makeDirs(parent);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    const produced = new Set([...files.map((f) => f.path), MANIFEST, ...plan.remove]);
    if (existed) for (const rel of listTree(out)) if (!produced.has(rel)) linkInto(out, staging, rel);
    const made = new Set<string>([staging]);
    for (const f of [...files, { path: MANIFEST, content: manifestText(files) }]) {
      const dst = join(staging, f.path);
      if (!made.has(dirname(dst))) {
        mkdirSync(dirname(dst), { recursive: true });
        made.add(dirname(dst));
      }
      writeFileSync(dst, f.content);
    }
    if (existed) renameSync(out, old);
    renameSync(staging, out);
    if (existed) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    if (e instanceof CocoonError) throw e;
    rmSync(staging, { recursive: true, force: true });
    if (existed && !lstatOrUndefined(out) && lstatOrUndefined(old)) renameSync(old, out);
    fsError(e, out);
  }
  return { ...plan, wrote: true };
}

/** Where `cocoon report` records what it wrote in a pack (or a project), beside the pack's own manifest. */
export const REPORT_MANIFEST = 'report/.cocoon-report-manifest.json';

/**
 * Write a few files into an existing tree (a pack's report/ and leader/results.md) with the same
 * promises as writePack: refuse a file edited by hand since cocoon wrote it, or one cocoon did not
 * write (`force` overrides); never through a symlink; each file whole (temp file + rename in its own
 * directory). The pack's own manifest is not touched: `cocoon build` sees these files as files a
 * person added, and leaves them alone. Returns the paths that changed.
 */
export function writeFilesInPlace(
  root: string,
  files: readonly OutFile[],
  options: { force?: boolean; dryRun?: boolean } = {},
): { changed: string[]; unchanged: string[]; refused: { path: string; reason: string }[] } {
  const manifestPath = join(root, REPORT_MANIFEST);
  let manifest: Record<string, string> = {};
  const mst = lstatOrUndefined(manifestPath);
  if (mst?.isFile())
    try {
      manifest = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { files?: Record<string, string> }).files ?? {};
    } catch {
      manifest = {};
    }
  const all = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  const changed: string[] = [];
  const unchanged: string[] = [];
  const refused: { path: string; reason: string }[] = [];
  for (const f of [...all, { path: REPORT_MANIFEST, content: '' }]) {
    const parts = f.path.split('/');
    let linked = lstatOrUndefined(root)?.isSymbolicLink() ?? false;
    for (let i = 1; i <= parts.length; i++) if (lstatOrUndefined(join(root, ...parts.slice(0, i)))?.isSymbolicLink()) linked = true;
    if (linked) {
      refused.push({ path: f.path, reason: 'symlink' });
      continue;
    }
    if (f.path === REPORT_MANIFEST) continue;
    const cur = lstatOrUndefined(join(root, f.path));
    if (!cur) {
      changed.push(f.path);
      continue;
    }
    if (!cur.isFile()) {
      refused.push({ path: f.path, reason: 'foreign' });
      continue;
    }
    const hash = sha256(readFileSync(join(root, f.path)));
    if (hash === sha256(f.content)) unchanged.push(f.path);
    else if (manifest[f.path] === hash || options.force) changed.push(f.path);
    else refused.push({ path: f.path, reason: f.path in manifest ? 'edited' : 'foreign' });
  }
  const stillRefused = options.force ? refused.filter((r) => r.reason === 'symlink') : refused;
  // A dry run (report --check) only says what a real run would refuse.
  if (options.dryRun) return { changed, unchanged, refused: stillRefused };
  if (stillRefused.length)
    throw new RefusedError(
      `Refusing to overwrite in ${root}: ${stillRefused.map((r) => `${r.path} (${r.reason === 'edited' ? 'edited by hand' : r.reason === 'symlink' ? 'a symlink on the way' : 'not written by cocoon report'})`).join(', ')}`,
      stillRefused.map((r) => r.path),
      stillRefused.some((r) => r.reason === 'symlink') ? 'Replace the symlinks with real files or directories.' : 'Move the edit elsewhere (the report is regenerated from responses/), or re-run with --force.',
    );
  const next = { ...manifest, ...Object.fromEntries(all.map((f) => [f.path, sha256(f.content)])) };
  const manifestText = `${JSON.stringify({ generator: 'cocoon-cli report', files: Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1))) }, null, 2)}\n`;
  const currentManifest = mst?.isFile() ? readFileSync(manifestPath) : undefined;
  const writes = [...all.filter((f) => changed.includes(f.path)), ...(currentManifest?.equals(Buffer.from(manifestText)) ? [] : [{ path: REPORT_MANIFEST, content: manifestText }])];
  for (const f of writes) {
    const dst = join(root, f.path);
    const tmp = join(dirname(dst), `.${basename(dst)}.cocoon-tmp-${process.pid}`);
    try {
      makeDirs(dirname(dst));
      writeFileSync(tmp, f.content);
      renameSync(tmp, dst);
    } catch (e) {
      rmSync(tmp, { force: true });
      fsError(e, dst);
    }
  }
  return { changed, unchanged, refused: [] };
}
