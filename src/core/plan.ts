import { fill, type ArcName, type Blueprint, type BlueprintBlock } from './blueprint.js';
import {
  HANDS_ON,
  type AuthoredBlock,
  type BlockKind,
  type Capstone,
  type Format,
  type Org,
  type Person,
  type Programme,
  type Prompt,
  type Role,
  type Workflow,
} from './model.js';
import { addDays, addMinutes, moment } from './schedule.js';
import { sub, type Loc } from './source.js';

export interface PlannedBlock {
  kind: BlockKind;
  minutes: number;
  start: string;
  end: string;
  title: string;
  handsOn: boolean;
  workflowId?: string;
  workflow?: Workflow;
  promptId?: string;
  prompt?: Prompt;
  text?: string;
  notes?: string;
  at: Loc;
}

export interface When {
  /** Local date, YYYY-MM-DD, when the programme has a start date. */
  date?: string;
  dateLabel?: string;
  shortLabel?: string;
  /** Days after session 1. */
  day: number;
  week: number;
  start: string;
  end: string;
  startUtc?: string;
  endUtc?: string;
  offset?: string;
}

export interface PlannedSession extends When {
  number: number;
  title: string;
  minutes: number;
  arc: ArcName;
  blocks: PlannedBlock[];
  taught: Workflow[];
  practiceIds: string[];
  practice: Workflow[];
  shareBack: Workflow[];
  objectives: string[];
  handwritten: boolean;
  at: Loc;
}

export interface PlannedCheckIn extends When {
  number: number;
  afterDays: number;
  minutes: number;
}

export interface LibraryPrompt {
  workflow: Workflow;
  prompt: Prompt;
  taught: boolean;
}

export interface PlannedProgramme {
  id: string;
  title: string;
  role: Role;
  org: Org;
  tools: string[];
  dataPolicy: { allowed: string[]; forbidden: string[] };
  owner?: Person;
  sponsor?: Person;
  facilitators: Person[];
  groupSize: number;
  formats: Format[];
  schedule: { start?: string; time: string; timezone: string; every: number; minutes: number };
  workflowIds: string[];
  workflows: Workflow[];
  /** Generated programmes: how many workflows the sessions can teach (see workflowsThatFit). */
  workflowCapacity?: number;
  capstoneId?: string;
  capstone?: Capstone;
  sessions: PlannedSession[];
  checkIns: PlannedCheckIn[];
  prompts: LibraryPrompt[];
  handwritten: boolean;
  /** Where the programme and its role were written, for diagnostics. */
  at: Loc;
  roleAt: Loc;
}

export interface PlanInput {
  role: Role;
  roleAt: Loc;
  programme: Programme;
  at: Loc;
  org?: Org;
  blueprint: Blueprint;
  defaultFormats?: Format[];
}

export const DEFAULTS = { sessions: 4, minutes: 90, every: 7, time: '09:30', timezone: 'UTC', groupSize: 8 } as const;
export const NEUTRAL_TOOL = "your organisation's approved AI assistant";

/**
 * Choose the workflows to teach: explicit ids, else the capstone's workflows first, then file order.
 * One new workflow per session but the last, so n sessions teach n − 1.
 */
export function selectWorkflows(role: Role, programme: Programme, capstone: Capstone | undefined, sessions: number): string[] {
  if (programme.workflows?.length) return [...programme.workflows];
  const order: string[] = [];
  for (const id of capstone?.workflows ?? []) if (!order.includes(id) && role.workflows.some((w) => w.id === id)) order.push(id);
  for (const w of role.workflows) if (!order.includes(w.id)) order.push(w.id);
  return order.slice(0, Math.max(1, sessions - 1));
}

interface Slot {
  kind: BlockKind;
  weight: number;
  min: number;
  title: string;
  workflow?: Workflow;
  fixed?: number;
}

/**
 * Scale weights to whole minutes that sum exactly to `total`, in steps of `grain`, never below each
 * slot's minimum (largest-remainder rounding), then move time into hands-on blocks until they reach `share`.
 */
export function scaleMinutes(slots: readonly Slot[], total: number, share: number): number[] {
  const grain = total % 5 === 0 && total >= 60 ? 5 : 1;
  const fixed = slots.reduce((s, b) => s + (b.fixed ?? 0), 0);
  const free = total - fixed;
  const flexible = slots.map((b, i) => ({ i, b })).filter(({ b }) => b.fixed === undefined);
  const weightSum = flexible.reduce((s, { b }) => s + b.weight, 0);
  const minutes = slots.map((b) => b.fixed ?? 0);
  const units = Math.floor(free / grain);
  const remainders: { i: number; r: number }[] = [];
  let used = 0;
  for (const { i, b } of flexible) {
    const exact = (free * b.weight) / weightSum / grain;
    const floor = Math.max(Math.ceil(b.min / grain), Math.floor(exact));
    minutes[i] = floor * grain;
    used += floor;
    // Measured against what the block already got, so a block lifted to its minimum is not topped up first.
    remainders.push({ i, r: exact - floor });
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  let k = 0;
  while (used < units && remainders.length) {
    minutes[remainders[k % remainders.length]!.i]! += grain;
    used++;
    k++;
  }
  // Minimums can overshoot: take back from the largest flexible blocks that are above their minimum.
  while (used > units) {
    const candidates = flexible.filter(({ i, b }) => minutes[i]! - grain >= b.min).sort((a, b) => minutes[b.i]! - minutes[a.i]! || a.i - b.i);
    if (!candidates.length) break;
    minutes[candidates[0]!.i]! -= grain;
    used--;
  }
  // Whatever `grain` could not place (total not a multiple of it) goes to the largest hands-on block.
  const leftover = free - used * grain;
  const handsOnIdx = flexible.filter(({ b }) => HANDS_ON.has(b.kind)).map(({ i }) => i);
  const largest = (idx: number[]): number | undefined => [...idx].sort((a, b) => minutes[b]! - minutes[a]! || a - b)[0];
  const target = largest(handsOnIdx) ?? flexible[0]?.i;
  if (target !== undefined) minutes[target]! += leftover;
  const handsOn = (): number => handsOnIdx.reduce((s, i) => s + minutes[i]!, 0);
  for (let guard = 0; guard < 1000 && handsOn() < share * total; guard++) {
    const donor = flexible
      .filter(({ i, b }) => !HANDS_ON.has(b.kind) && minutes[i]! - grain >= b.min)
      .sort((a, b) => minutes[b.i]! - minutes[a.i]! || a.i - b.i)[0];
    const receiver = largest(handsOnIdx);
    if (!donor || receiver === undefined) break;
    minutes[donor.i]! -= grain;
    minutes[receiver]! += grain;
  }
  return minutes;
}

/** Whether a generated session of this arc can teach `k` workflows: scaled as the planner would, every block at its minimum, hands-on share kept. */
function sessionFits(blueprint: Blueprint, arc: ArcName, k: number, total: number): boolean {
  return remembered(fitting, blueprint, `${arc}|${k}|${total}`, () => sessionFitsUncached(blueprint, arc, k, total));
}

const fitting = new WeakMap<Blueprint, Map<string, boolean>>();

/** Planning answers depend only on the blueprint and a few numbers, and a build asks the same ones per programme. */
function remembered<V>(cache: WeakMap<Blueprint, Map<string, V>>, blueprint: Blueprint, key: string, compute: () => V): V {
  let known = cache.get(blueprint);
  if (!known) cache.set(blueprint, (known = new Map()));
  let value = known.get(key);
  if (value === undefined) known.set(key, (value = compute()));
  return value;
}

function sessionFitsUncached(blueprint: Blueprint, arc: ArcName, k: number, total: number): boolean {
  const dummies = Array.from({ length: k }, (_, i) => ({ id: `w${i}`, title: '' }) as Workflow);
  const slots = buildSlots(blueprint, arc, dummies, total, { sponsor: '', capstone: '' });
  const minutes = scaleMinutes(slots, total, blueprint.hands_on_share);
  const handsOn = slots.reduce((t, b, i) => t + (HANDS_ON.has(b.kind) ? minutes[i]! : 0), 0);
  return (
    minutes.reduce((t, m) => t + m, 0) === total &&
    slots.every((b, i) => minutes[i]! >= (b.fixed ?? b.min)) &&
    handsOn >= total * blueprint.hands_on_share
  );
}

/**
 * How many workflows n generated sessions of m minutes can teach, each with a demo and an exercise,
 * every block at its minimum and at least the hands-on share of each session. Used to refuse a
 * `workflows:` list that would squeeze the agenda instead of quietly breaking the arc's promises.
 */
export function workflowsThatFit(blueprint: Blueprint, sessions: number, minutes: number): number {
  return remembered(capacities, blueprint, `${sessions}×${minutes}`, () => countWorkflowsThatFit(blueprint, sessions, minutes));
}

const capacities = new WeakMap<Blueprint, Map<string, number>>();

function countWorkflowsThatFit(blueprint: Blueprint, sessions: number, minutes: number): number {
  let fits = 0;
  for (let k = 1; k <= 64; k++) {
    const perSession = assignWorkflows(Array.from({ length: k }, (_, i) => `w${i}`), sessions);
    const ok = perSession.every((ids, idx) => ids.length === 0 || sessionFits(blueprint, arcFor(idx + 1, sessions), ids.length, minutes));
    if (!ok) break;
    fits = k;
  }
  return fits;
}

function arcFor(n: number, count: number): ArcName {
  return n === 1 ? 'first' : n === count ? 'last' : 'middle';
}

/** Which workflows each session teaches: spread in order over sessions 1..n-1, revisiting when there are fewer. */
export function assignWorkflows(workflowIds: readonly string[], sessions: number): string[][] {
  const teaching = Math.max(1, sessions - 1);
  const out: string[][] = Array.from({ length: sessions }, () => []);
  if (!workflowIds.length) return out;
  const count = Math.max(teaching, workflowIds.length);
  for (let k = 0; k < count; k++) out[k % teaching]!.push(workflowIds[k % workflowIds.length]!);
  return out.map((ids) => [...new Set(ids)]);
}

function when(day: number, start: string, minutes: number, schedule: PlannedProgramme['schedule']): When {
  const end = addMinutes(start, minutes);
  const base: When = { day, week: Math.floor(day / 7) + 1, start, end };
  if (!schedule.start) return base;
  const date = addDays(schedule.start, day);
  const { dateLabel, shortLabel, startUtc, offset } = moment(date, start, schedule.timezone);
  const endUtc = new Date(Date.parse(startUtc) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
  return { ...base, date, dateLabel, shortLabel, startUtc, endUtc, offset };
}

function withClock(blocks: Omit<PlannedBlock, 'start' | 'end'>[], start: string): PlannedBlock[] {
  let t = start;
  return blocks.map((b) => {
    const block = { ...b, start: t, end: addMinutes(t, b.minutes) };
    t = block.end;
    return block;
  });
}

const KIND_TITLES: Record<BlockKind, string> = {
  welcome: 'Welcome',
  norms: 'Group norms',
  leader: 'Leader moment',
  concept: 'Concept',
  demo: 'Live demo',
  exercise: 'Hands-on exercise',
  'failure-gallery': 'Failure gallery',
  'share-back': 'Share-back',
  project: 'Capstone work',
  reflect: 'Reflect',
  commit: 'Commit',
  break: 'Break',
  showcase: 'Capstone showcase',
};

/** Resolve a programme against its role: generated or hand-written sessions, clock times, dates, check-ins. Pure. */
export function planProgramme(input: PlanInput): PlannedProgramme {
  const { role, programme, blueprint } = input;
  const org = input.org ?? {};
  const sched = programme.schedule ?? {};
  const schedule = {
    start: sched.start,
    time: sched.time ?? DEFAULTS.time,
    timezone: sched.timezone ?? org.timezone ?? DEFAULTS.timezone,
    every: sched.every ?? DEFAULTS.every,
    minutes: sched.minutes ?? DEFAULTS.minutes,
  };
  const byId = new Map(role.workflows.map((w) => [w.id, w]));
  const capstoneId = programme.capstone ?? role.capstones?.[0]?.id;
  const capstone = role.capstones?.find((c) => c.id === capstoneId);
  const handwritten = Boolean(programme.sessions?.length);
  const count = handwritten ? programme.sessions!.length : (sched.sessions ?? DEFAULTS.sessions);
  const workflowIds = selectWorkflows(role, programme, capstone, count);
  const workflows = workflowIds.map((id) => byId.get(id)).filter((w): w is Workflow => Boolean(w));
  const names = { sponsor: programme.sponsor && !programme.sponsor.tbd ? programme.sponsor.name : 'The sponsor', capstone: capstone?.title ?? 'your capstone' };
  const promptById = new Map(role.workflows.flatMap((w) => (w.prompts ?? []).map((p) => [p.id, p] as const)));

  const sessions: PlannedSession[] = [];
  let previousPractice: Workflow[] = [];
  if (handwritten) {
    programme.sessions!.forEach((s, idx) => {
      const number = idx + 1;
      const arc = arcFor(number, count);
      const sAt = sub(input.at, 'sessions', idx);
      const minutes = s.minutes ?? sched.minutes ?? s.blocks.reduce((t, b) => t + b.minutes, 0);
      const blocks = withClock(
        s.blocks.map((b: AuthoredBlock, bi) => {
          const workflow = b.workflow ? byId.get(b.workflow) : undefined;
          const prompt = b.prompt ? promptById.get(b.prompt) : undefined;
          const title =
            b.title ??
            (b.kind === 'demo' && workflow
              ? `Live demo: ${workflow.title}`
              : b.kind === 'exercise' && workflow
                ? `Exercise: ${workflow.exercise?.title ?? workflow.title}`
                : KIND_TITLES[b.kind]);
          return {
            kind: b.kind,
            minutes: b.minutes,
            title: fill(title, { sponsor: names.sponsor, capstone: names.capstone }),
            handsOn: HANDS_ON.has(b.kind),
            workflowId: b.workflow,
            workflow,
            promptId: b.prompt,
            prompt,
            text: b.text,
            notes: b.notes,
            at: sub(sAt, 'blocks', bi),
          };
        }),
        schedule.time,
      );
      const practiceIds = s.practice === undefined ? [] : Array.isArray(s.practice) ? s.practice : [s.practice];
      const practice = practiceIds.map((id) => byId.get(id)).filter((w): w is Workflow => Boolean(w));
      const taught = uniqueWorkflows(blocks.filter((b) => b.kind === 'demo' || b.kind === 'exercise').map((b) => b.workflow));
      const day = idx * schedule.every;
      sessions.push({
        ...when(day, schedule.time, minutes, schedule),
        number,
        title: s.title ?? `Session ${number}`,
        minutes,
        arc,
        blocks,
        taught,
        practiceIds,
        practice,
        shareBack: blocks.some((b) => b.kind === 'share-back') ? previousPractice : [],
        objectives: objectives(blueprint, arc, taught, names),
        handwritten: true,
        at: sAt,
      });
      previousPractice = practice;
    });
  } else {
    const perSession = assignWorkflows(workflowIds, count);
    const sAt = sub(input.at, 'schedule');
    for (let idx = 0; idx < count; idx++) {
      const number = idx + 1;
      const arc = arcFor(number, count);
      const taught = (perSession[idx] ?? []).map((id) => byId.get(id)).filter((w): w is Workflow => Boolean(w));
      const slots = buildSlots(blueprint, arc, taught, schedule.minutes, names);
      const minutes = scaleMinutes(slots, schedule.minutes, blueprint.hands_on_share);
      const galleryPrompt = (taught[0] ?? workflows[0])?.prompts?.[0];
      const blocks = withClock(
        slots.map((slot, i) => ({
          kind: slot.kind,
          minutes: minutes[i]!,
          title: slot.title,
          handsOn: HANDS_ON.has(slot.kind),
          workflowId: slot.workflow?.id,
          workflow: slot.workflow ?? (slot.kind === 'failure-gallery' ? taught[0] : undefined),
          promptId: slot.kind === 'failure-gallery' ? galleryPrompt?.id : undefined,
          prompt: slot.kind === 'failure-gallery' ? galleryPrompt : undefined,
          at: sAt,
        })),
        schedule.time,
      );
      const practice = arc === 'last' ? [] : taught;
      sessions.push({
        ...when(idx * schedule.every, schedule.time, schedule.minutes, schedule),
        number,
        title: fill(blueprint.arcs[arc].title, { workflow: taught.map((w) => w.title).join(' and ') || 'Getting started' }),
        minutes: schedule.minutes,
        arc,
        blocks,
        taught,
        practiceIds: practice.map((w) => w.id),
        practice,
        shareBack: arc === 'first' ? [] : previousPractice,
        objectives: objectives(blueprint, arc, taught, names),
        handwritten: false,
        at: sAt,
      });
      previousPractice = practice;
    }
  }

  const last = sessions[sessions.length - 1];
  // Hand-written programmes are rendered as written: no check-ins unless they list them.
  const checkInSpec = programme.check_ins ?? (handwritten ? [] : blueprint.check_ins);
  const checkIns: PlannedCheckIn[] = last
    ? checkInSpec.map((c, i) => ({
        ...when(last.day + c.after_days, schedule.time, c.minutes ?? 30, schedule),
        number: i + 1,
        afterDays: c.after_days,
        minutes: c.minutes ?? 30,
      }))
    : [];

  const taughtIds = new Set(sessions.flatMap((s) => s.taught.map((w) => w.id)));
  const orderedWorkflows = [...workflows, ...role.workflows.filter((w) => !workflowIds.includes(w.id))];
  const prompts = orderedWorkflows.flatMap((w) => (w.prompts ?? []).map((prompt) => ({ workflow: w, prompt, taught: taughtIds.has(w.id) })));

  return {
    id: programme.id,
    title: programme.title ?? `AI for ${role.name}`,
    role,
    org,
    tools: org.tools?.length ? [...org.tools] : [NEUTRAL_TOOL],
    dataPolicy: {
      allowed: [...(role.data_policy?.allowed ?? []), ...(org.data_policy?.allowed ?? [])],
      forbidden: [...(role.data_policy?.forbidden ?? []), ...(org.data_policy?.forbidden ?? [])],
    },
    owner: programme.owner,
    sponsor: programme.sponsor,
    facilitators: programme.facilitators ?? [],
    groupSize: programme.group_size ?? DEFAULTS.groupSize,
    formats: programme.formats ?? input.defaultFormats ?? (schedule.start ? ['md', 'html', 'ics'] : ['md', 'html']),
    schedule,
    workflowIds,
    workflows,
    workflowCapacity: handwritten ? undefined : workflowsThatFit(blueprint, count, schedule.minutes),
    capstoneId,
    capstone,
    sessions,
    checkIns,
    prompts,
    handwritten,
    at: input.at,
    roleAt: input.roleAt,
  };
}

/** "Month-end close" → "month-end close", but "RFQ drafting" keeps its acronym. */
export function lowerFirst(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

function uniqueWorkflows(list: (Workflow | undefined)[]): Workflow[] {
  const out: Workflow[] = [];
  for (const w of list) if (w && !out.includes(w)) out.push(w);
  return out;
}

function objectives(blueprint: Blueprint, arc: ArcName, taught: Workflow[], names: { sponsor: string; capstone: string }): string[] {
  const workflow = taught.map((w) => lowerFirst(w.title)).join(' and ');
  return blueprint.objectives[arc]
    .filter((o) => workflow || !o.includes('{workflow}'))
    .map((o) => fill(o, { workflow, sponsor: names.sponsor, capstone: names.capstone }));
}

function buildSlots(blueprint: Blueprint, arc: ArcName, taught: Workflow[], total: number, names: { sponsor: string; capstone: string }): Slot[] {
  const slots: Slot[] = [];
  const brk = blueprint.break;
  for (const b of blueprint.arcs[arc].blocks as BlueprintBlock[]) {
    if (b.kind === 'break') {
      if (total >= brk.from) slots.push({ kind: 'break', weight: 0, min: 0, title: brk.title, fixed: total >= brk.long_from ? brk.long_minutes : brk.minutes });
      continue;
    }
    const weight = b.weight ?? 1;
    const min = b.min ?? 5;
    const values = { sponsor: names.sponsor, capstone: names.capstone };
    if (b.each === 'taught') {
      for (const w of taught)
        slots.push({ kind: b.kind, weight: weight / taught.length, min, workflow: w, title: fill(b.title ?? b.kind, { ...values, workflow: w.title, exercise: w.exercise?.title ?? w.title }) });
    } else slots.push({ kind: b.kind, weight, min, title: fill(b.title ?? b.kind, values) });
  }
  return slots;
}

