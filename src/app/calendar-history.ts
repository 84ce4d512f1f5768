import { join } from 'node:path';
import { carrySequences } from '../pipeline/render/ics.js';
import { readRegularFile } from '../pipeline/load/safe-fs.js';
import type { OutFile } from '../pipeline/write/write.js';

/**
 * The pack's calendar.ics with SEQUENCE carried over from the one already in `out` (pipeline/render/ics.ts,
 * carrySequences). The previous calendar is read like any pack file: regular, not a link, capped.
 */
export function withCalendarHistory(out: string, files: OutFile[]): OutFile[] {
  const i = files.findIndex((f) => f.path === 'calendar.ics');
  if (i < 0) return files;
  let previous: string | undefined;
  try {
    previous = readRegularFile(join(out, 'calendar.ics'), 16 * 1024 * 1024, { noFollow: true }).toString('utf8');
  } catch {
    return files;
  }
  const current = files[i]!;
  const text = typeof current.content === 'string' ? current.content : Buffer.from(current.content).toString('utf8');
  const carried = carrySequences(text, previous);
  if (carried === text) return files;
  const next = [...files];
  next[i] = { path: current.path, content: Buffer.from(carried, 'utf8') };
  return next;
}
