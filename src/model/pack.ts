/** A file of a pack: every renderer returns these, the writer writes them. */
export interface PackFile {
  /** Path inside the pack, forward slashes. */
  path: string;
  content: string;
}
