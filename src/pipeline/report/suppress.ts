/**
 * The suppression rule of every page cocoon writes about people (`cocoon report`, `cocoon evidence`),
 * written once (docs/report.md, "Suppression"). Both commands ask these functions, and nothing else,
 * whether a count of people may be shown.
 *
 * 1. A cell is a count of people who share an answer. It is *small* when it stands for 1 to k − 1
 *    people; zero is no one and is not small (so "everyone" — the complement of zero — is shown).
 * 2. The cells of a table add up to a total that is shown (the people who answered). When any cell is
 *    hidden, the hidden cells together must stand for at least k people, or total − shown would give
 *    them away: hide the next-smallest shown cell (zeros add nothing and are skipped) until they do.
 *    A table of two cells (did / did not) therefore shows its count only when neither side is small.
 * 3. A total itself is a number from its people: a small total hides every cell of its table.
 */

/** 1 to k − 1 people: a count that may not be shown, nor worked out. */
export const isSmall = (people: number, k: number): boolean => people > 0 && people < k;

/**
 * Which cells of a table to hide, given the people in each cell (they add up to the table's total, which
 * is shown when it stands for at least k people). Deterministic: ties hide the earlier cell.
 */
export function hiddenCells(cells: readonly number[], k: number): boolean[] {
  const total = cells.reduce((a, b) => a + b, 0);
  if (isSmall(total, k)) return cells.map(() => true);
  const hidden = cells.map((c) => isSmall(c, k));
  const hiddenSum = () => cells.reduce((s, c, i) => s + (hidden[i] ? c : 0), 0);
  while (hidden.some(Boolean) && hiddenSum() < k) {
    let next = -1;
    cells.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (next < 0 || c < cells[next]!)) next = i;
    });
    if (next < 0) break; // only zeros left shown; the hidden cells are then the whole total, at least k
    hidden[next] = true;
  }
  return hidden;
}

/** A two-cell table (did / did not, out of `of`): may the count `yes` be shown, with anything that reveals it? */
export const splitShown = (yes: number, of: number, k: number): boolean => !hiddenCells([yes, of - yes], k)[0];

/**
 * Cells whose sum is shown elsewhere (a sitting's mean score adds up every question's right answers):
 * a single hidden cell would be that sum minus the shown ones, so the next-smallest cell that can be
 * hidden is hidden with it. `open[i]`: cell i cannot be read from the page; `canHide[i]`: hiding cell i
 * makes it unreadable. Returns the cells to hide as well, or null when none can be, and the sum must go.
 */
export function partnerFor(open: readonly boolean[], values: readonly number[], canHide: readonly boolean[]): number[] | null {
  if (open.filter(Boolean).length !== 1) return [];
  let next = -1;
  values.forEach((v, i) => {
    if (!open[i] && canHide[i] && (next < 0 || v < values[next]!)) next = i;
  });
  return next < 0 ? null : [next];
}
