import type { Document, LineCounter, Pair } from 'yaml';

/**
 * Where a value came from: a file and a JSON path in it, so any diagnostic, from any stage, can point at
 * a line and a column (pipeline/load/source.ts turns a Loc into line:col when one is needed). Shared by
 * every stage, so it lives here, with the model.
 */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** A loaded YAML file: its text, parsed document and line counter, so any JSON path can be turned into line:col. */
export interface SourceFile {
  /** Display path, relative to the working directory where possible; never used to read. */
  readonly path: string;
  readonly text: string;
  /**
   * The YAML document behind the text, for positions: kept from a parse in this run, or rebuilt the first
   * time a diagnostic needs a line and column (documentOf). It lives and dies with the source.
   */
  positions?: Positions;
}

/** A parsed document, its line counter, and each mapping's pairs by key (built on first use, pairsByKey). */
export interface Positions {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly pairs: Map<object, Map<string, Pair>>;
}

/** A place in a source file: a JSON path, optionally narrowed to the first occurrence of `find` inside that node. */
export interface Loc {
  readonly source: SourceFile;
  readonly path: Path;
  readonly find?: string;
  /** Point at the key rather than the value (unknown keys). */
  readonly key?: boolean;
  /**
   * A programme's values that came from elsewhere (the project's `defaults:`, `org.timezone`): a place
   * under `base.path + key` that the programme does not write itself is reported where the value is set.
   */
  readonly base?: { readonly path: Path; readonly inherited: readonly Inherited[] };
}

export interface Inherited {
  /** Path under the programme, e.g. ['schedule', 'minutes']. */
  readonly key: Path;
  /** Where the value is written, e.g. cocoon.yaml at ['defaults', 'schedule', 'minutes']. */
  readonly to: Loc;
}

/** A source with no text, for things that come from flags rather than a file. */
export function virtualSource(path: string): SourceFile {
  return { path, text: '' };
}

export function at(source: SourceFile, path: Path = [], extra: { find?: string; key?: boolean } = {}): Loc {
  return { source, path, ...extra };
}

export function sub(loc: Loc, ...segments: PathSegment[]): Loc {
  return { source: loc.source, path: [...loc.path, ...segments], ...(loc.base ? { base: loc.base } : {}) };
}
