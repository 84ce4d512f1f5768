import {
  REFUSAL_REASON,
  describeRefusals,
  hasDrift,
  shownPath,
  shownUnder,
  type Drift,
  type Refusal,
  type RefusalReason,
  type WritingCommand,
} from '../../model/refusals.js';
import { inert, inertLines } from '../../model/escape/terminal.js';

/**
 * What a dry run or a check says about a write it did not make: the drift lines of `build --check` and
 * `report --check`, and the refusal the real run would make — in the words of model/refusals.ts, which
 * the real run's error uses too. Paths and diff lines come from files: inert, so a pack cannot drive
 * the terminal or the CI log.
 */

/** `missing  <path>`, `changed  <path> (edited by hand)` with its diff, `extra    <path>`: one tree's drift, paths under `shown`. */
export function driftLines(shown: string, d: Drift): string {
  const why = new Map(d.refused.map((r) => [r.path, REFUSAL_REASON[r.reason]]));
  let out = '';
  for (const f of d.missing) out += `missing  ${inert(shownPath(shown, f))}${why.has(f) ? ` (${why.get(f)})` : ''}\n`;
  for (const f of d.changed)
    out += `changed  ${inert(shownPath(shown, f.path))}${why.has(f.path) ? ` (${why.get(f.path)})` : ''}\n${f.diff ? `${inertLines(f.diff)}\n` : ''}`;
  for (const f of d.extra) out += `extra    ${inert(shownPath(shown, f))}\n`;
  return out;
}

/** The refusal a real run would make, as a dry run or a check says it (stderr). `refused` paths are as the user sees them. */
export function wouldRefuse(refused: readonly Refusal[], command: WritingCommand, prefix = ''): string {
  const { message, hint } = describeRefusals(refused, command, 'would');
  return `${prefix}${inert(message)}\nhint: ${inert(hint)}\n`;
}

/**
 * The last word of `build --check` / `report --check` (stderr) and whether it found drift. When the real
 * run would refuse a file, it says that instead of sending people to a run that refuses.
 */
export function checkVerdict(
  trees: readonly { shown: string; drift: Drift }[],
  command: 'build' | 'report' | 'evidence' | 'export',
): { text: string; drift: boolean } {
  const what = { build: 'Packs', report: 'Reports', evidence: 'Records', export: 'Exports' }[command];
  const refused = trees.flatMap((t) => shownUnder(t.shown, t.drift.refused));
  const drift = trees.some((t) => hasDrift(t.drift));
  if (refused.length) return { drift, text: wouldRefuse(refused, command, `${what} are out of date, and `).replace(/\n$/, ' Then commit the result.\n') };
  return { drift, text: drift ? `${what} are out of date: run \`cocoon ${command}\` and commit the result.\n` : '' };
}

/**
 * A check's whole answer for the commands that write into existing trees (report, evidence, export):
 * the drift lines of each tree on stdout, the verdict on stderr, and the exit code (1 on drift).
 */
export function writeCheck(
  io: { stdout: { write(s: string): unknown }; stderr: { write(s: string): unknown } },
  trees: readonly { shown: string; drift: Drift }[],
  command: 'report' | 'evidence' | 'export',
): number {
  for (const t of trees) io.stdout.write(driftLines(t.shown, t.drift));
  const verdict = checkVerdict(trees, command);
  io.stderr.write(verdict.text);
  return verdict.drift ? 1 : 0;
}

/** What a dry run would do, one line per file: `  create        <path>`, …, `  REFUSE (…)    <path>`. Paths as given (relative to the pack). */
export function dryRunLines(w: {
  create: readonly string[];
  update: readonly string[];
  remove: readonly string[];
  unchanged: readonly string[];
  keep: readonly string[];
  refused: readonly Refusal[];
}): string[] {
  const refuse = (reason: RefusalReason) => w.refused.filter((r) => r.reason === reason).map((r) => r.path);
  const rows: [string, readonly string[]][] = [
    ['create', w.create],
    ['update', w.update],
    ['remove', w.remove],
    ['unchanged', w.unchanged],
    ['keep (edited)', w.keep],
    ...(['corrupt', 'edited', 'foreign', 'symlink'] as const).map((reason): [string, string[]] => [`REFUSE (${REFUSAL_REASON[reason]})`, refuse(reason)]),
  ];
  return rows.flatMap(([label, list]) => list.map((f) => `  ${label.padEnd(13)} ${f}`));
}
