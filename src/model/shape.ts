/**
 * Which programme shapes (sessions × minutes, every n days) the planner designs, and the nearest one
 * it does when asked for another. A shape is refused when what the planner would make from it warns
 * about itself on every role: sessions under an hour cannot hold the norms, a demo and a full exercise
 * with its debrief (time/squeezed); a programme under two weeks or 150 minutes cannot carry a capstone
 * (project/too-short); two sessions under three hours teach one workflow, too few for a capstone
 * (project/untaught-capstone). docs/planner.md has the table; tests/core/shapes.test.ts plans every
 * built-in role at each shape and at each suggestion.
 */

/** A capstone needs a real piece of work to come round and some practice before it (project/too-short). */
export const CAPSTONE_MIN_DAYS = 14;
export const CAPSTONE_MIN_MINUTES = 150;
/** The shortest session that holds a demo and an exercise at its natural length after the norms. */
const MIN_SESSION_MINUTES = 60;
/** Sessions of this length teach two workflows each, so two sessions can carry a capstone. */
const TWO_SESSION_MINUTES = 180;

export interface Shape {
  sessions: number;
  minutes: number;
  every: number;
}

/** Why a shape is refused, or undefined when the planner designs it. */
export function shapeProblem(s: Shape): string | undefined {
  if (s.minutes < MIN_SESSION_MINUTES)
    return `a session of ${s.minutes} minutes cannot hold the norms, a live demo and a full exercise with its debrief (at least ${MIN_SESSION_MINUTES} minutes)`;
  const days = (s.sessions - 1) * s.every;
  if (days < CAPSTONE_MIN_DAYS)
    return `${s.sessions} sessions ${s.every} days apart span ${days} days, and a capstone needs at least ${CAPSTONE_MIN_DAYS} days of real work between the first and the last`;
  // Two sessions: the first teaches and the second is the showcase. Under TWO_SESSION_MINUTES the first
  // holds one workflow, and every built-in capstone brings two or more together (project/untaught-capstone).
  if (s.sessions === 2 && s.minutes < TWO_SESSION_MINUTES)
    return `in 2 sessions of ${s.minutes} minutes the first teaches one workflow and the second is the showcase, and a capstone brings two or more workflows together (2 sessions need ${TWO_SESSION_MINUTES} minutes each)`;
  const total = s.sessions * s.minutes;
  if (total < CAPSTONE_MIN_MINUTES) return `${s.sessions} × ${s.minutes} minutes is ${total} minutes, and a capstone needs at least ${CAPSTONE_MIN_MINUTES}`;
  return undefined;
}

/**
 * The nearest shapes the planner designs: fewest flags changed first, then the least time asked of
 * participants, then fewer sessions. Minutes move in steps of 15, the gap up to 14 days, sessions up to 8.
 */
export function nearestShapes(s: Shape, count = 2): Shape[] {
  const found: { shape: Shape; changed: number; total: number }[] = [];
  for (let sessions = s.sessions; sessions <= 8; sessions++)
    for (
      let minutes = Math.max(s.minutes, MIN_SESSION_MINUTES);
      minutes <= 240;
      minutes = minutes === s.minutes ? Math.ceil((minutes + 1) / 15) * 15 : minutes + 15
    )
      // A gap under three days is follow-through/gap's warning: never suggest one.
      for (let every = Math.max(s.every, 3); every <= Math.max(s.every, 14); every++) {
        const shape = { sessions, minutes, every };
        if (shapeProblem(shape)) continue;
        const changed = Number(sessions !== s.sessions) + Number(minutes !== s.minutes) + Number(every !== s.every);
        found.push({ shape, changed, total: sessions * minutes });
      }
  found.sort((a, b) => a.changed - b.changed || a.total - b.total || a.shape.sessions - b.shape.sessions || a.shape.every - b.shape.every);
  // Different kinds of change, so the second suggestion is a real alternative (more sessions, not one more minute).
  const out: Shape[] = [];
  const kinds: { kind: boolean[]; total: number }[] = [];
  for (const f of found) {
    const kind = [f.shape.sessions !== s.sessions, f.shape.minutes !== s.minutes, f.shape.every !== s.every];
    // Not the same flags again, nor an earlier suggestion's flags and one more unless that asks for less time.
    if (kinds.some((k) => k.kind.every((changed, i) => !changed || kind[i]) && (k.kind.join() === kind.join() || f.total >= k.total))) continue;
    kinds.push({ kind, total: f.total });
    out.push(f.shape);
    if (out.length === count) break;
  }
  return out;
}

/** "--sessions 3 --minutes 60": only the flags that change. */
export function shapeFlags(from: Shape, to: Shape): string {
  return [
    to.sessions !== from.sessions ? `--sessions ${to.sessions}` : '',
    to.minutes !== from.minutes ? `--minutes ${to.minutes}` : '',
    to.every !== from.every ? `--every ${to.every}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
/** "3 × 60 minutes, every 7 days". */
export const shapeLabel = (s: Shape): string => `${s.sessions} × ${s.minutes} minutes, every ${s.every} days`;
