import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { WriteError } from '../../model/errors.js';
import { refusalError, type WritingCommand } from '../../model/refusals.js';
import { lstatOrUndefined, readRegularFile } from '../load/safe-fs.js';
import { type OutFile, contentHashes, fsError, makeDirs } from './files.js';
import { type PackComparison, type TreeManifest, readManifestFile } from './compare.js';

/** The files cocoon writes in place beside a pack (report, evidence, exports) with their own manifests, and single owned files. */

/** Where `cocoon report` records what it wrote in a pack (or a project), beside the pack's own manifest. */
const REPORT_MANIFEST = 'report/.cocoon-report-manifest.json';

/** Where `cocoon evidence` records what it wrote, the same way; `cocoon export` keeps one in its own folder. */
const TREE_MANIFESTS = { report: REPORT_MANIFEST, evidence: 'evidence/.cocoon-evidence-manifest.json', export: '.cocoon-export-manifest.json' } as const;

/** The manifest `cocoon report` (or evidence, or export) keeps in a tree: what it wrote before, and that plus these files. */
export function reportManifest(root: string, files: readonly OutFile[], command: keyof typeof TREE_MANIFESTS = 'report'): TreeManifest {
  const path = TREE_MANIFESTS[command];
  const { entries, corrupt } = readManifestFile(root, path);
  const hashes = contentHashes(files);
  const next = { ...entries, ...Object.fromEntries(hashes) };
  const text = `${JSON.stringify({ generator: `cocoon-cli ${command}`, files: Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1))) }, null, 2)}\n`;
  return { path, entries, text, ownsDir: false, corrupt };
}

/**
 * Write a few files into existing trees (a pack's report/ and leader/results.md, a project's report/)
 * as `comparePack(root, files, reportManifest(root, files))` decided for each: the caller has refused
 * already if anything was refused. The trees are written as one set (L3): every file of every tree is
 * first written beside its target (temp file in the target's directory), and only when all are there
 * are they renamed into place, the manifests last; a failure while staging removes the staged files and
 * leaves every tree as it was. Never through a symlink. The pack's own manifest is not touched: `cocoon
 * build` sees these files as files a person added, and leaves them alone.
 */
export function writeFilesInPlace(trees: readonly { root: string; files: readonly OutFile[]; manifest: TreeManifest; cmp: PackComparison }[]): void {
  const staged: { tmp: string; dst: string; manifest: boolean }[] = [];
  try {
    for (const { root, files, manifest, cmp } of trees) {
      if (cmp.refused.length) throw new Error(`writeFilesInPlace called with refused files: ${cmp.refused.map((r) => r.path).join(', ')}`);
      const content = new Map<string, string | Uint8Array>(files.map((f) => [f.path, f.content]));
      content.set(manifest.path, manifest.text);
      for (const path of [...cmp.create, ...cmp.update].sort()) {
        const dst = join(root, path);
        const tmp = join(dirname(dst), `.${basename(dst)}.cocoon-tmp-${process.pid}`);
        try {
          makeDirs(dirname(dst));
          writeFileSync(tmp, content.get(path)!);
          staged.push({ tmp, dst, manifest: path === manifest.path });
        } catch (e) {
          fsError(e, dst);
        }
      }
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of [...staged.filter((x) => !x.manifest), ...staged.filter((x) => x.manifest)]) {
    try {
      renameSync(s.tmp, s.dst);
    } catch (e) {
      rmSync(s.tmp, { force: true });
      fsError(e, s.dst);
    }
  }
}

/**
 * One file cocoon owns beside a user's files (`cocoon draft`'s `<stem>.draft.yaml`): refused when it is a
 * symlink or not a regular file, or when it exists without `mark` on its first line (not written by
 * cocoon) unless `force`; written whole (temp file + rename), so a reader never sees half of it.
 */
export function writeOwnedFile(file: string, content: string, options: { mark: string; shown: string; command: WritingCommand; force?: boolean }): void {
  const st = lstatOrUndefined(file);
  if (st?.isSymbolicLink()) throw refusalError([{ path: options.shown, reason: 'symlink' }], options.command);
  if (st && !st.isFile()) throw new WriteError(`Cannot write ${options.shown}: it is not a regular file`, 'Move it away and run the command again.');
  if (st && !options.force) {
    let first = '';
    try {
      first =
        readRegularFile(file, 1024 * 1024)
          .toString('utf8')
          .split('\n')[0] ?? '';
    } catch (e) {
      fsError(e, file);
    }
    if (!first.startsWith(options.mark)) throw refusalError([{ path: options.shown, reason: 'foreign' }], options.command);
  }
  const tmp = join(dirname(file), `.${basename(file)}.cocoon-tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    fsError(e, file);
  }
}
