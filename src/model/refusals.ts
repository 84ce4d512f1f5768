import { RefusedError } from './errors.js';
import { plural } from './text.js';

/**
 * Why cocoon will not overwrite a file: one set of words for every command and every mode. A real run
 * refuses (exit 3), `plan --dry-run` says the real run would refuse (exit 3), and `build --check` and
 * `report --check` say so beside the drift (exit 1) — each in the same sentence, from here.
 */
export type RefusalReason = 'edited' | 'foreign' | 'symlink' | 'corrupt';

export interface Refusal {
  path: string;
  reason: RefusalReason;
}

/** The reason as a short phrase: after a path in a list, and as a group heading in a refusal. */
export const REFUSAL_REASON: Readonly<Record<RefusalReason, string>> = {
  edited: 'edited by hand',
  foreign: 'not written by cocoon',
  symlink: 'at or behind a symlink',
  corrupt: 'that is a corrupt manifest (cut short or not JSON), so cocoon cannot tell the files it wrote from yours',
};

const ORDER: readonly RefusalReason[] = ['corrupt', 'edited', 'foreign', 'symlink'];

/**
 * What `--check` found in one tree (a pack, or the files `cocoon report` writes into one), from the same
 * comparison the writer uses: `missing` would be created, `changed` would be updated (or is refused: see
 * `refused`), `extra` was written by cocoon and is no longer produced.
 */
export interface Drift {
  missing: string[];
  changed: { path: string; diff?: string }[];
  extra: string[];
  refused: Refusal[];
}

export const hasDrift = (d: Drift): boolean => d.missing.length + d.changed.length + d.extra.length > 0;

/** The commands that write files, and what their refusal hint names: the command, and where an edit belongs instead. */
export type WritingCommand = 'plan' | 'build' | 'report' | 'draft' | 'evidence' | 'export';

const KEEP_EDIT: Readonly<Record<WritingCommand, string>> = {
  plan: 'copy it into the role YAML (`cocoon new role <id> --from <role>` makes a local copy) and plan again — a note for one session goes in a cocoon.yaml programme as `notes: { <session>: … }`',
  build:
    'move it into the role or programme YAML (a note for one session: `notes: { <session>: … }` in the programme; or a template in templates_dir) and build again',
  report: 'move it elsewhere (the report is made again from responses/) and report again',
  draft: 'move it elsewhere (the briefs and the draft are made again from the role) and draft again',
  evidence: 'move it elsewhere (the record is made again from the programme and responses/) and run evidence again',
  export: 'move it into the role YAML (the exports are made again from the prompt library) and export again',
};

const DISCARD: Readonly<Record<WritingCommand, string>> = {
  plan: 'run the same command with --force',
  build: 'run `cocoon build --force`',
  report: 'run `cocoon report --force`',
  draft: 'run the same `cocoon draft` with --force',
  evidence: 'run `cocoon evidence --force`',
  export: 'run `cocoon export prompts --force`',
};

export interface RefusalText {
  /**
   * A real run: "Refusing to overwrite 2 files edited by hand: a, b. Nothing was written."; a dry run
   * or a check: "`cocoon build` would refuse to overwrite 2 files edited by hand: a, b."
   */
  message: string;
  /** What to do about it: the same words for a real run, a dry run and a check. */
  hint: string;
}

/**
 * The words for a set of refusals. `mode` is the only difference between a real run (`refuse`) and a
 * run that only reports what the real one would do (`would`: --dry-run, --check). Paths are as shown to
 * the user (relative to the current directory), in the order given.
 */
export function describeRefusals(refused: readonly Refusal[], command: WritingCommand, mode: 'refuse' | 'would'): RefusalText {
  const groups = ORDER.map((reason) => ({ reason, paths: refused.filter((r) => r.reason === reason).map((r) => r.path) })).filter((g) => g.paths.length);
  // "1 file edited by hand: a"; with several reasons, "3 files — edited by hand: a, b; not written by cocoon: c".
  const list =
    groups.length === 1
      ? `${plural(refused.length, 'file')} ${REFUSAL_REASON[groups[0]!.reason]}: ${groups[0]!.paths.join(', ')}`
      : `${plural(refused.length, 'file')} — ${groups.map((g) => `${REFUSAL_REASON[g.reason]}: ${g.paths.join(', ')}`).join('; ')}`;
  const lead = mode === 'refuse' ? 'Refusing to overwrite' : `\`cocoon ${command}\` would refuse to overwrite`;
  const has = (reason: RefusalReason) => groups.some((g) => g.reason === reason);
  const hints: string[] = [];
  if (has('edited')) hints.push(`To keep an edit, ${KEEP_EDIT[command]}; to discard it, ${DISCARD[command]}.`);
  if (has('foreign')) hints.push(`To keep a file of your own, move it out of the way; to replace it, ${DISCARD[command]}.`);
  if (has('corrupt'))
    hints.push(
      `The manifest cannot be repaired: to write every file again with a new manifest, ${DISCARD[command]} (files of your own that cocoon does not make are left alone); or delete the manifest, move the files you want to keep out of the way and run again.`,
    );
  if (has('symlink')) hints.push('Replace the symlinks with real files or directories: cocoon never writes through a link, even with --force.');
  return { message: `${lead} ${list}.${mode === 'refuse' ? ' Nothing was written.' : ''}`, hint: hints.join(' ') };
}

/** Refusals of files in a tree, named as the user sees them: under `shown` (the tree's path relative to the current directory). */
export const shownUnder = (shown: string, refused: readonly Refusal[]): Refusal[] => refused.map((r) => ({ ...r, path: shownPath(shown, r.path) }));

/** `shown/path`, without a leading `./` or a doubled slash. */
export function shownPath(shown: string, path: string): string {
  const dir = shown.replace(/\/+$/, '').replace(/^\.\/+/, '');
  return dir && dir !== '.' ? `${dir}/${path}` : path;
}

/** A real run's refusal, as the error that ends it with exit 3. */
export function refusalError(refused: readonly Refusal[], command: WritingCommand): RefusedError {
  const { message, hint } = describeRefusals(refused, command, 'refuse');
  return new RefusedError(
    message,
    refused.map((r) => r.path),
    hint,
  );
}
