import type { Piece, Readiness } from '../../model/readiness.js';
import { inert } from '../../model/escape/terminal.js';

const WORDS: Record<Piece, string> = {
  exercise: 'exercise',
  materials: 'materials',
  brief: 'brief',
  solution: 'answer key',
  demo: 'demo',
  diagnosis: 'weak_why',
};

/**
 * The last lines of `cocoon validate` (text format): per role, how many exercises run from the page —
 * the count the pack's README opens with — and what the others lack.
 *   Ready to run: roles/bare.yaml — 1 of 3 exercises runnable from the page
 *     bid-comparison: materials, answer key, demo
 *     cocoon draft roles/bare.yaml writes a drafting brief for each
 */
export function formatReadiness(list: readonly { file: string; id: string; readiness: Readiness }[]): string {
  const lines: string[] = [];
  for (const { file, readiness: r } of list) {
    lines.push(`Ready to run: ${inert(file)} — ${r.ready} of ${r.total} exercise${r.total === 1 ? '' : 's'} runnable from the page`);
    const lacking = r.workflows.filter((w) => w.missing.length);
    for (const w of lacking) lines.push(`  ${inert(w.id)}: ${w.missing.map((p) => WORDS[p]).join(', ')}`);
    if (lacking.length && !/\.draft\.ya?ml$/.test(file)) lines.push(`  cocoon draft ${inert(file)} writes a drafting brief for each`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
