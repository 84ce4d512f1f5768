/** Text helpers shared by the exercise rules. Kept beside them: no other rule needs them. */

/** Words a participant page must never use about the exercise itself: they announce that something is hidden. */
export const SPOILER_WORDS = /\b(traps?|planted|seeded|buried|hidden|deliberate(?:ly)?|gotchas?)\b/i;

/** The brief's own prose: quoted passages ("…" or “…”) are quotes of the material, not the facilitator's words. */
function unquoted(brief: string): string {
  return brief.replace(/"[^"\n]*"|“[^”\n]*”/g, ' | ');
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .match(/[a-z0-9£$€%.,'-]+/g)
    ?.map((w) => w.replace(/^[.,'-]+|[.,'-]+$/g, ''))
    .filter(Boolean) ?? [];

/**
 * The first run of `n` words of `brief` (outside its quotes) that also appears in `text`, or undefined.
 * Runs are taken inside one clause of the brief (split at "|" from quotes and at sentence ends) so two
 * sentences never make a false run.
 */
export function sharedRun(brief: string, text: string, n = 5): string | undefined {
  const haystack = ` ${words(text).join(' ')} `;
  for (const clause of unquoted(brief).split(/[|.;:!?()\n]/)) {
    const w = words(clause);
    for (let i = 0; i + n <= w.length; i++) {
      const run = w.slice(i, i + n).join(' ');
      if (haystack.includes(` ${run} `)) return run;
    }
  }
  return undefined;
}

/**
 * Why a material reads as a description of a document rather than the document. Tuned on the
 * built-in roles, the example project and the test fixtures: a real document starts with its own
 * heading or first line, never with "A synthetic …", and never asks the trainer to make more of it.
 */
export function describedBecause(materials: string): string | undefined {
  const text = materials.trim();
  const lines = text.split('\n').filter((l) => l.trim());
  const first = lines[0] ?? '';
  if (
    /^(an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|\d+)\s+(\w+\s+){0,2}(synthetic|fictional|fictitious|made-up|anonymised|sample)\b/i.test(
      first,
    )
  )
    return `it opens by describing a document ("${first.slice(0, 40).trim()}…")`;
  const prep = /^\s*\(?(prepare|write|create|add|make|invent|fill in)\b[^\n]*\b(lines?|rows?|pages?|examples?|same style|entries|items|more)\b/im.exec(text);
  if (prep) return `it asks the trainer to write part of it ("${prep[0].trim().slice(0, 40)}…")`;
  if (/\[(\.\.\.|…|\d+ (lines?|rows?|more))\]|\betc\.?\s*$/im.test(text)) return 'it leaves a gap to be filled in ("[…]", "etc.")';
  if (/\be\.g\.|\bfor example\b/i.test(text) && lines.length < 8) return 'it gives an example of the document instead of the document';
  if (lines.length < 3 && text.length < 240) return 'it is too short to be the document people work on';
  return undefined;
}
