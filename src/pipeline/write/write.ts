/**
 * The writer, one module per idea: the pack's files and durable writes (files.ts), the comparison with
 * disk behind every write, dry run and check (compare.ts), the lock (lock.ts), the journal that commits a
 * pack whole (journal.ts), where a pack may go (out-dir.ts), and the files written in place beside a pack
 * (trees.ts). This module is their public face: the rest of cocoon imports the writer from here.
 */
export { asBytes, hollowPack, packHashes, type OutFile } from './files.js';
export { comparePack, driftOf, packManifest, type PackComparison, type WriteResult } from './compare.js';
export { lockPack, type PackLock } from './lock.js';
export { commitPack, recoverIfInterrupted, recoverPack, refuseOtherPack, wasInterrupted, writePack } from './journal.js';
export { refuseDangerousOut } from './out-dir.js';
export { reportManifest, writeFilesInPlace, writeOwnedFile } from './trees.js';
