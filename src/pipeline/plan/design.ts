import { fill, type ArcName, type Blueprint, type BlueprintBlock } from './blueprint.js';
import { HANDS_ON, type BlockKind, type Workflow } from '../../model/model.js';
import { upperFirst } from '../../model/text.js';

/**
 * The session designer: a session of m minutes is built from blocks at their natural length, then
 * shrunk or grown within each block's limits until it fits exactly — never stretched past what the
 * material holds, never squeezed below what still works. Pure; the planner calls it per session.
 */

interface DesignedBlock {
  kind: BlockKind;
  title: string;
  minutes: number;
  /** The blueprint's role for a block kind used more than once ("choose", "milestone", "clinic", …). */
  role?: string;
  workflow?: Workflow;
  /** An exercise's natural length (the role's `exercise.minutes`, default 25). */
  natural?: number;
}

interface Spec extends DesignedBlock {
  min: number;
  max: number;
  absorb: boolean;
  optional: boolean;
  pending: boolean;
  yields: boolean;
  extra: boolean;
}

const DEFAULT_EXERCISE_MINUTES = 25;

/** How far an exercise may be squeezed (with its cut list) and stretched (with its extension). */
const exerciseLimits = (natural: number): { min: number; max: number } => ({ min: Math.max(10, Math.ceil(natural * 0.7)), max: natural + 10 });

const naturalExercise = (w: Workflow | undefined): number => w?.exercise?.minutes ?? DEFAULT_EXERCISE_MINUTES;

export interface Names {
  sponsor: string;
  capstone: string;
}

/** Breaks a session of m minutes gets: none under `from`, then enough that no stretch runs past `every`. */
function breaksFor(blueprint: Blueprint, minutes: number): { count: number; minutes: number } {
  const brk = blueprint.break;
  if (minutes < brk.from) return { count: 0, minutes: 0 };
  return { count: Math.max(1, Math.ceil(minutes / brk.every) - 1), minutes: minutes >= brk.long_from ? brk.long_minutes : brk.minutes };
}

const inClinic = (which: BlueprintBlock['clinics'], index: number): boolean =>
  !which || (which === 'first' ? index === 0 : which === 'even' ? index % 2 === 0 : index % 2 === 1);

function specs(
  blueprint: Blueprint,
  arc: ArcName,
  taught: readonly Workflow[],
  names: Names,
  galleryPending: boolean,
  secondPass?: Workflow,
  clinicIndex = 0,
  used: ReadonlySet<string> = new Set(),
): Spec[] {
  const out: Spec[] = [];
  const list = blueprint.arcs[arc].blocks;
  for (let i = 0; i < list.length; i++) {
    const b = list[i]!;
    if (b.pending && !galleryPending) continue;
    if (!inClinic(b.clinics, clinicIndex) || (b.once && b.role && used.has(b.role))) continue;
    if (b.role === 'second-pass') {
      // A harder second pass on a workflow taught before, on its demo's material: never the same exercise twice.
      if (secondPass)
        out.push({ ...perWorkflow(b, secondPass, names), natural: undefined, minutes: b.natural ?? 25, min: b.min ?? 15, max: b.max ?? 40, role: b.role });
      continue;
    }
    if (b.each === 'taught') {
      // Consecutive per-workflow blocks run workflow by workflow: demo A, exercise A, demo B, exercise B.
      const group: BlueprintBlock[] = [];
      while (list[i]?.each === 'taught') group.push(list[i++]!);
      i--;
      for (const w of taught) for (const g of group) out.push(perWorkflow(g, w, names));
      continue;
    }
    const base = {
      kind: b.kind,
      role: b.role,
      absorb: Boolean(b.absorb),
      optional: Boolean(b.optional),
      pending: Boolean(b.pending),
      yields: Boolean(b.yields),
      extra: Boolean(b.extra),
    };
    const values = { sponsor: names.sponsor, capstone: names.capstone };
    out.push({ ...base, title: upperFirst(fill(b.title ?? b.kind, values)), minutes: b.natural ?? 5, min: b.min ?? 3, max: b.max ?? b.natural ?? 5 });
  }
  return out;
}

function perWorkflow(b: BlueprintBlock, w: Workflow, names: Names): Spec {
  const base = { kind: b.kind, role: b.role, absorb: false, optional: false, pending: false, yields: false, extra: Boolean(b.extra) };
  const title = upperFirst(
    fill(b.title ?? b.kind, { sponsor: names.sponsor, capstone: names.capstone, workflow: w.title, exercise: w.exercise?.title ?? w.title }),
  );
  if (b.kind === 'exercise') {
    const natural = naturalExercise(w);
    return { ...base, title, workflow: w, natural, minutes: natural, ...exerciseLimits(natural) };
  }
  return { ...base, title, workflow: w, minutes: b.natural ?? 10, min: b.min ?? 5, max: b.max ?? b.natural ?? 10 };
}

const order = (list: readonly BlockKind[], kind: BlockKind): number => {
  const i = list.indexOf(kind);
  return i < 0 ? list.length : i;
};

/**
 * Fit blocks to `budget` minutes exactly: shrink in the blueprint's shrink order (largest block of a
 * kind first), grow in its grow order, the absorbing block last. Steps of `grain` minutes, the last
 * step smaller when the budget is not a multiple. Returns false when even every minimum is too long.
 */
function fit(blocks: Spec[], budget: number, blueprint: Blueprint, grain: number): boolean {
  const sum = () => blocks.reduce((t, b) => t + b.minutes, 0);
  for (const b of blocks) b.minutes = Math.min(b.max, Math.max(b.min, b.minutes));
  const byOrder = (list: readonly BlockKind[]) => [...blocks].sort((a, b) => order(list, a.kind) - order(list, b.kind) || b.minutes - a.minutes);
  for (let guard = 0; guard < 10_000 && sum() > budget; guard++) {
    const step = Math.min(grain, sum() - budget);
    const donor = byOrder(blueprint.shrink).find((b) => b.minutes - step >= b.min);
    if (!donor) return false;
    donor.minutes -= step;
  }
  for (let guard = 0; guard < 10_000 && sum() < budget; guard++) {
    const step = Math.min(grain, budget - sum());
    const taker = byOrder(blueprint.grow).find((b) => b.minutes + step <= b.max) ?? blocks.find((b) => b.absorb) ?? blocks[blocks.length - 1]!;
    taker.minutes += step;
  }
  return sum() === budget;
}

/** DESIGN.md's hands-on promise (≥ half of every session): move time from talk to hands-on blocks. */
function keepHandsOn(blocks: Spec[], total: number, share: number): void {
  // Minute by minute: a short session cannot spare a five-minute step.
  const grain = 1;
  const handsOn = () => blocks.filter((b) => HANDS_ON.has(b.kind)).reduce((t, b) => t + b.minutes, 0);
  for (let guard = 0; guard < 1000 && handsOn() < share * total; guard++) {
    const donor = blocks.filter((b) => !HANDS_ON.has(b.kind) && b.minutes - grain >= b.min).sort((a, b) => b.minutes - a.minutes)[0];
    const taker = blocks.find((b) => HANDS_ON.has(b.kind) && b.minutes + grain <= b.max) ?? blocks.find((b) => b.absorb && HANDS_ON.has(b.kind));
    if (!donor || !taker) return;
    donor.minutes -= grain;
    taker.minutes += grain;
  }
}

/**
 * Breaks at the block boundaries nearest to equal shares of the session, so no stretch runs long.
 * A break never opens or closes a session.
 */
function placeBreaks(blocks: DesignedBlock[], count: number, minutes: number, title: string): DesignedBlock[] {
  if (!count || blocks.length < 2) return blocks;
  const total = blocks.reduce((t, b) => t + b.minutes, 0);
  // Candidate boundaries: after block i (never after the last, never between a demo and its exercise).
  const ends: { i: number; t: number }[] = [];
  let t = 0;
  blocks.slice(0, -1).forEach((b, i) => {
    t += b.minutes;
    if (b.kind !== 'demo') ends.push({ i, t });
  });
  // Few blocks and at most three breaks: try every choice, keep the one whose longest stretch is
  // shortest, then the one closest to equal shares.
  // Ties go to breaks that follow hands-on work (people stop mid-exercise badly), then to the later ones.
  let best: { pick: number[]; longest: number; spread: number; afterWork: number; late: number } | undefined;
  const choose = (from: number, pick: number[]): void => {
    if (pick.length === Math.min(count, ends.length)) {
      const cuts = [0, ...pick.map((k) => ends[k]!.t), total];
      const stretches = cuts.slice(1).map((c, j) => c - cuts[j]!);
      const longest = Math.max(...stretches);
      const share = total / stretches.length;
      const spread = stretches.reduce((acc, x) => acc + (x - share) ** 2, 0);
      const afterWork = pick.filter((k) => blocks[ends[k]!.i]!.kind === 'exercise').length;
      const late = pick.reduce((acc, k) => acc + ends[k]!.t, 0);
      const better =
        !best ||
        longest < best.longest ||
        (longest === best.longest &&
          (afterWork > best.afterWork || (afterWork === best.afterWork && (spread < best.spread || (spread === best.spread && late > best.late)))));
      if (better) best = { pick: [...pick], longest, spread, afterWork, late };
      return;
    }
    for (let k = from; k < ends.length; k++) choose(k + 1, [...pick, k]);
  };
  choose(0, []);
  const after = new Set(best!.pick.map((k) => ends[k]!.i));
  const out: DesignedBlock[] = [];
  blocks.forEach((b, i) => {
    out.push(b);
    if (after.has(i)) out.push({ kind: 'break', title, minutes });
  });
  return out;
}

export interface SessionDesign {
  blocks: DesignedBlock[];
  /** The failure gallery could not fit and moves to the next session. */
  galleryDeferred: boolean;
  fits: boolean;
}

/** Design one generated session. `taught` may be empty (a clinic, or the showcase). */
export function designSession(
  blueprint: Blueprint,
  arc: ArcName,
  taught: readonly Workflow[],
  total: number,
  names: Names,
  galleryPending = false,
  secondPass?: Workflow,
  clinicIndex = 0,
  used: ReadonlySet<string> = new Set(),
): SessionDesign {
  const brk = breaksFor(blueprint, total);
  // Block boundaries may not allow equal stretches: add a break while one runs past the limit.
  for (let extra = 0; ; extra++) {
    const d = designWith(
      { count: brk.count + extra, minutes: brk.minutes },
      blueprint,
      arc,
      taught,
      total,
      names,
      galleryPending,
      secondPass,
      clinicIndex,
      used,
    );
    if (!brk.count || longestStretch(d.blocks) <= blueprint.break.every || extra === 2) return d;
  }
}

function longestStretch(blocks: readonly DesignedBlock[]): number {
  let run = 0;
  let longest = 0;
  for (const b of blocks) longest = Math.max(longest, (run = b.kind === 'break' ? 0 : run + b.minutes));
  return longest;
}

function designWith(
  brk: { count: number; minutes: number },
  blueprint: Blueprint,
  arc: ArcName,
  taught: readonly Workflow[],
  total: number,
  names: Names,
  galleryPending: boolean,
  secondPass?: Workflow,
  clinicIndex = 0,
  used: ReadonlySet<string> = new Set(),
): SessionDesign {
  const budget = total - brk.count * brk.minutes;
  const grain = total % 5 === 0 && brk.minutes % 5 === 0 ? 5 : 1;
  const all = specs(blueprint, arc, taught, names, galleryPending, secondPass, clinicIndex, used);
  // An exercise keeps its natural length while anything else can give way: an extra block is dropped,
  // or the optional gallery moves on, before an exercise loses its debrief (time/squeezed).
  const tryFit = (keep: (b: Spec) => boolean, squeeze: boolean): Spec[] | undefined => {
    const blocks = all.filter(keep).map((b) => (squeeze || b.kind !== 'exercise' || !b.natural ? { ...b } : { ...b, min: Math.max(b.min, b.natural) }));
    return fit(blocks, budget, blueprint, grain) || (grain > 1 && fit(blocks, budget, blueprint, 1)) ? blocks : undefined;
  };
  // Everything; then without the block that yields to a pending gallery; then the optional and pending
  // blocks move on to the next session; last, squeeze what the author asked for (the rules say so).
  // Extras are kept from the first while they fit: drop them from the last one back.
  const extras = all.filter((b) => b.extra);
  let blocks: Spec[] | undefined;
  let galleryDeferred = false;
  for (const squeeze of [false, true]) {
    for (let keep = extras.length; keep >= 0 && !blocks; keep--) {
      const kept = new Set(extras.slice(0, keep));
      const withExtras = (b: Spec) => !b.extra || kept.has(b);
      blocks = tryFit(withExtras, squeeze) ?? (galleryPending ? tryFit((b) => withExtras(b) && !b.yields, squeeze) : undefined);
    }
    if (!blocks) {
      blocks = tryFit((b) => !b.optional && !b.pending && !b.extra, squeeze);
      galleryDeferred = Boolean(blocks) && all.some((b) => (b.optional || b.pending) && b.kind === 'failure-gallery');
    }
    if (blocks) break;
  }
  if (!blocks) galleryDeferred = all.some((b) => (b.optional || b.pending) && b.kind === 'failure-gallery');
  const fits = Boolean(blocks);
  if (!blocks) {
    // Squeeze the exercises first (time/squeezed names them); only then everything else.
    const core = all.filter((b) => !b.optional && !b.pending && !b.extra);
    blocks = core.map((b) => ({ ...b, min: b.kind === 'exercise' ? 5 : b.min }));
    if (!fit(blocks, budget, blueprint, 1)) {
      blocks = core.map((b) => ({ ...b, min: b.kind === 'exercise' ? 5 : Math.min(b.min, 2) }));
      fit(blocks, budget, blueprint, 1);
    }
  }
  keepHandsOn(blocks, total, blueprint.hands_on_share);
  const kept: DesignedBlock[] = blocks
    .filter((b) => b.minutes > 0)
    .map(({ kind, title, minutes, role, workflow, natural }) => ({
      kind,
      title,
      minutes,
      ...(role ? { role } : {}),
      ...(workflow ? { workflow } : {}),
      ...(natural ? { natural } : {}),
    }));
  return { blocks: placeBreaks(kept, brk.count, brk.minutes, blueprint.break.title), galleryDeferred, fits };
}

/** Whether `taught` fits a session of this arc with every block at its natural length (or at its minimum). */
export function fitsSession(blueprint: Blueprint, arc: ArcName, taught: readonly Workflow[], total: number, natural: boolean): boolean {
  const brk = breaksFor(blueprint, total);
  const budget = total - brk.count * brk.minutes;
  // The failure gallery counts too: a first session that fits its workflows only by dropping it is crammed.
  // Extras (the pulse, a clinic's second round) give way before a workflow does: they do not count.
  const blocks = specs(blueprint, arc, taught, { sponsor: '', capstone: '' }, false).filter((b) => !b.extra);
  const need = blocks.reduce((t, b) => t + (natural ? Math.min(b.max, Math.max(b.min, b.minutes)) : b.min), 0);
  return need <= budget;
}
