import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Between packs of a build, or files of a validate, the heap of a long run is kept near what it holds
 * alive: V8 on a machine with memory to spare lets the garbage of dozens of renders or parses pile up
 * (and their bytes outside the heap with it) before collecting, so a build of 200 programmes peaked at
 * 240 MiB and a validate of 1 000 role files at 300 MiB with 10 MiB alive. Past 40 MiB in use (or half
 * as much again as the last collection kept), a full collection runs, every few packs or files. Exposed
 * for this through V8's flag, as `--expose-gc` would; if that is not possible the run goes on as before.
 * One bound per run: call it between units of work.
 */
const HEAP_BOUND = 40 * 1024 * 1024;
export function heapBound(): () => void {
  let collect: (() => void) | null | undefined;
  let threshold = HEAP_BOUND;
  return () => {
    if (getHeapStatistics().used_heap_size < threshold) return;
    if (collect === undefined) {
      try {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
      } catch {
        collect = null;
      }
    }
    collect?.();
    // What is still alive after a collection is not garbage: the next collection waits until the heap is
    // half as large again, so it runs every few packs, not every pack.
    threshold = Math.max(HEAP_BOUND, getHeapStatistics().used_heap_size * 1.5);
  };
}
