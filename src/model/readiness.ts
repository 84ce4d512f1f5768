import type { Workflow } from './model.js';

/**
 * What a role still lacks before its exercises run from the page: the one definition the pack's README,
 * `cocoon validate`, `cocoon draft` and the tests share (docs/writing-a-role.md). Here in model/ because
 * the renderer and the rules both need it, and neither may import the other.
 */

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

/**
 * The pieces a workflow needs before a trainer can run its session from the page, in the order a
 * facilitator meets them. `exercise`: there is no exercise at all; `materials`: none, or they describe a
 * document instead of being one; `brief` and `solution` (answer key) of the exercise; `demo`: demo
 * material and its pre-run fallback output; `diagnosis`: a `weak_why` for every prompt with a `weak:`.
 */
export type Piece = 'exercise' | 'materials' | 'brief' | 'solution' | 'demo' | 'diagnosis';
export const PIECES: readonly Piece[] = ['exercise', 'materials', 'brief', 'solution', 'demo', 'diagnosis'];

/** A workflow's missing pieces ([] when it is runnable from the page), and the prompts that lack a diagnosis. */
export interface WorkflowReadiness {
  id: string;
  title: string;
  missing: Piece[];
  undiagnosed: string[];
}

/** The one definition of "runnable from the page" (docs/writing-a-role.md): README, validate and tests use it. */
export function workflowReadiness(w: Workflow): WorkflowReadiness {
  const ex = w.exercise;
  const missing: Piece[] = [];
  // A piece still holding the scaffold's TODO (content/placeholder) is not there yet.
  const has = (text: string | undefined): text is string => Boolean(text && !/\bTODO\b/.test(text));
  if (!ex) missing.push('exercise');
  else {
    if (!has(ex.materials) || describedBecause(ex.materials)) missing.push('materials');
    if (!has(ex.brief)) missing.push('brief');
    if (!has(ex.solution)) missing.push('solution');
  }
  if (!w.demo || !has(w.demo.material) || !has(w.demo.output)) missing.push('demo');
  const undiagnosed = (w.prompts ?? []).filter((p) => p.weak && !has(p.weak_why)).map((p) => p.id);
  if (undiagnosed.length) missing.push('diagnosis');
  return { id: w.id, title: w.title, missing, undiagnosed };
}

export interface Readiness {
  /** Workflows whose exercise is runnable from the page. */
  ready: number;
  /** Workflows counted (a role's all, a pack's taught ones). */
  total: number;
  workflows: WorkflowReadiness[];
}

export function readiness(workflows: readonly Workflow[]): Readiness {
  const list = workflows.map(workflowReadiness);
  return { ready: list.filter((w) => !w.missing.length).length, total: list.length, workflows: list };
}
