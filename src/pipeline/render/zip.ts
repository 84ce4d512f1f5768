import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { PlannedProgramme } from '../plan/plan.js';

/**
 * Zip files that are the same bytes on every run (the Word documents, the SCORM package): entries sorted
 * by name, every entry's time the plan's date, fixed compression. fflate writes a zip's DOS times from a
 * Date's local fields, so the date is built from local fields too: the bytes do not depend on TZ.
 */

/** The date a pack's archives carry: the first session's, or 2000-01-01 for a plan without dates. */
export function packDate(p: PlannedProgramme): Date {
  const [y, m, d] = (p.sessions[0]?.date ?? '2000-01-01').split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** A zip of `entries` (path → bytes or text), sorted, every entry dated `date`. */
export function zipEntries(entries: ReadonlyMap<string, Uint8Array | string>, date: Date): Uint8Array {
  const sorted: Zippable = {};
  for (const name of [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = entries.get(name)!;
    sorted[name] = [typeof v === 'string' ? strToU8(v) : v, { mtime: date, level: 6 }];
  }
  return zipSync(sorted, { mtime: date, level: 6 });
}

/** Another library's zip, re-zipped with fixed times and sorted entries; `rewrite` edits named text entries on the way. */
export function fixedZip(bytes: Uint8Array, date: Date, rewrite: Record<string, (text: string) => string> = {}): Uint8Array {
  const entries = new Map<string, Uint8Array | string>();
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    const edit = rewrite[name];
    entries.set(name, edit ? edit(strFromU8(data)) : data);
  }
  return zipEntries(entries, date);
}
