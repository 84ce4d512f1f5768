import type { Role } from '../model/model.js';
import type { PlannedProgramme, PlannedSession } from '../pipeline/plan/plan.js';
import { sub, type Loc, type PathSegment } from '../model/loc.js';

/** `{{ name }}` placeholders in a prompt template, in order of appearance, with their raw text. */
export function placeholders(template: string): { name: string; raw: string }[] {
  return [...template.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => ({ name: m[1]!, raw: m[0] }));
}

export function* eachPrompt(role: Role, at: Loc) {
  for (const [wi, workflow] of role.workflows.entries())
    for (const [pi, prompt] of (workflow.prompts ?? []).entries()) yield { workflow, prompt, at: sub(at, 'workflows', wi, 'prompts', pi) };
}

/** Every piece of role text a participant reads, with its place. Facilitator-only text is not here. */
export function* participantTexts(role: Role, at: Loc): Generator<{ text: string; at: Loc }> {
  const list = function* (items: string[] | undefined, ...path: PathSegment[]) {
    for (const [i, t] of (items ?? []).entries()) yield { text: t, at: sub(at, ...path, i) };
  };
  if (role.summary) yield { text: role.summary, at: sub(at, 'summary') };
  yield* list(role.outcomes, 'outcomes');
  for (const [wi, w] of role.workflows.entries()) {
    const wAt = (...p: PathSegment[]) => sub(at, 'workflows', wi, ...p);
    yield { text: w.title, at: wAt('title') };
    if (w.pain) yield { text: w.pain, at: wAt('pain') };
    for (const [si, s] of w.steps.entries()) yield { text: s.do, at: wAt('steps', si, 'do') };
    yield* list(w.risks, 'workflows', wi, 'risks');
    yield* list(w.checks, 'workflows', wi, 'checks');
    for (const [pi, p] of (w.prompts ?? []).entries()) {
      yield { text: p.title, at: wAt('prompts', pi, 'title') };
      if (p.weak_why) yield { text: p.weak_why, at: wAt('prompts', pi, 'weak_why') };
      yield { text: p.template, at: wAt('prompts', pi, 'template') };
      yield* list(p.verify, 'workflows', wi, 'prompts', pi, 'verify');
      for (const [name, v] of Object.entries(p.variables ?? {})) yield { text: v.description, at: wAt('prompts', pi, 'variables', name, 'description') };
    }
    if (w.exercise) {
      yield { text: w.exercise.title, at: wAt('exercise', 'title') };
      if (w.exercise.materials) yield { text: w.exercise.materials, at: wAt('exercise', 'materials') };
      yield* list(w.exercise.steps, 'workflows', wi, 'exercise', 'steps');
      for (const [di, d] of (w.exercise.debrief ?? []).entries())
        yield typeof d === 'string' ? { text: d, at: wAt('exercise', 'debrief', di) } : { text: d.question, at: wAt('exercise', 'debrief', di, 'question') };
    }
    if (w.practice) {
      yield { text: w.practice.title, at: wAt('practice', 'title') };
      yield { text: w.practice.task, at: wAt('practice', 'task') };
      if (w.practice.fallback) yield { text: w.practice.fallback, at: wAt('practice', 'fallback') };
      yield* list(w.practice.evidence, 'workflows', wi, 'practice', 'evidence');
      for (const [vi, v] of (w.practice.variants ?? []).entries()) yield { text: v.task, at: wAt('practice', 'variants', vi, 'task') };
    }
  }
  for (const [ci, c] of (role.capstones ?? []).entries()) {
    yield { text: c.title, at: sub(at, 'capstones', ci, 'title') };
    yield { text: c.deliverable, at: sub(at, 'capstones', ci, 'deliverable') };
    yield* list(c.success, 'capstones', ci, 'success');
  }
}

/** Place of a session's field: hand-written sessions have their own; generated ones point at the schedule. */
export function sessionAt(session: PlannedSession, ...path: PathSegment[]): Loc {
  return session.handwritten ? sub(session.at, ...path) : session.at;
}

export function programmeAt(p: PlannedProgramme, ...path: PathSegment[]): Loc {
  return sub(p.at, ...path);
}
