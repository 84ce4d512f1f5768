import { fill, type ArcName, type Blueprint } from './blueprint.js';
import { designSession, fitsSession } from './design.js';
import {
  BLOCK_KIND_INFO,
  HANDS_ON,
  type AuthoredBlock,
  type BlockKind,
  type Capstone,
  type Delivery,
  type Format,
  type Org,
  type Person,
  type Programme,
  type Prompt,
  type Role,
  type PracticeMode,
  type Workflow,
  practiceMode,
} from '../../model/model.js';
import { upperFirst } from '../../model/text.js';
import { defaultCapstoneId } from '../../model/people.js';
import { addDays, addMinutes, clockAfter, moment } from './schedule.js';
import { DEFAULT_TIMEZONE } from '../../model/timezones.js';
import { sub, type Loc } from '../../model/loc.js';

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
  /** Generated blocks: which use of the kind this is (blueprint `role`: choose, milestone, clinic, …). */
  role?: string;
  /** Exercises: their natural length, so the agenda can say when a session squeezes or stretches them. */
  natural?: number;
  /** Failure galleries: every weak prompt the block can show, first the one it leads with. */
  gallery?: { workflow: Workflow; prompt: Prompt }[];
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
  /** The start time falls in a summer-time gap (does not exist) or overlap (happens twice). */
  dst?: { kind: 'gap' | 'repeated'; from: string; to: string };
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
  /** What each practice asks for, worded from the workflow's period and the gap (blueprint `practice`). */
  assignments: PracticeAssignment[];
  /** A clinic session's practice is the next piece of the capstone, not a workflow. */
  practiceCapstone: boolean;
  shareBack: Workflow[];
  /** The assignments the share-back asks about: the previous session's. */
  shareBackAssignments: PracticeAssignment[];
  objectives: string[];
  handwritten: boolean;
  /** The programme's facilitator-only note for this session (`notes: { <n>: … }`), and where it is written. */
  note?: { text: string; at: Loc };
  at: Loc;
}

export interface PracticeAssignment {
  workflow: Workflow;
  mode: PracticeMode;
  /** The sentence that opens the assignment: what it is set on, and why. */
  lead: string;
  /** How the share-back, the reminders and the check-ins name what was asked ("last month's close, redacted or re-keyed"). */
  asked: string;
  /** The task itself: the role's `practice.task`, or its `practice.fallback` when the work does not come round. */
  task?: string;
}

/** Practice from the workflow's period: on this period's work when it comes round in the gap, else the fallback, else last period's. */
function assignment(w: Workflow, gap: number, blueprint: Blueprint): PracticeAssignment {
  const mode = practiceMode(w, gap);
  const per = w.baseline?.per;
  const values = {
    work: inSentence(blueprint, w.title),
    per: blueprint.practice.periods[per ?? 'task'],
    gap: String(gap),
    fallback: w.practice?.fallback ?? '',
  };
  const on = fill(blueprint.practice.on[per ?? 'task'], values);
  const task = mode === 'fallback' ? w.practice?.fallback : w.practice?.task;
  return {
    workflow: w,
    mode,
    lead: upperFirst(fill(blueprint.practice.lead[mode], { ...values, on })),
    asked: fill(blueprint.practice.asked[mode], { ...values, on }),
    ...(task ? { task } : {}),
  };
}

interface PlannedCheckIn extends When {
  number: number;
  afterDays: number;
  minutes: number;
}

interface LibraryPrompt {
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
  delivery: Delivery;
  location?: string;
  sponsorEvents: boolean;
  /** What the programme costs beyond participants' time (report: cost and return). */
  costs?: { facilitator_hours?: number; other?: number };
  /** The `cocoon report` command that works for this pack, as its pages print it (set by app/, which knows where the pack is). */
  reportCommand?: string;
  schedule: { start?: string; time: string; timezone: string; every: number; minutes: number };
  workflowIds: string[];
  workflows: Workflow[];
  /** Generated programmes: how many workflows the sessions can teach, exercises squeezed no further than their limit (time/overrun reports a list longer than this). */
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

export const DEFAULTS = { sessions: 4, minutes: 90, every: 7, time: '09:30', timezone: DEFAULT_TIMEZONE, groupSize: 8 } as const;
export const NEUTRAL_TOOL = "your organisation's approved AI assistant";

/**
 * The default order of workflows to teach: the capstone's first, then those the role marks essential,
 * then file order. Explicit ids are taught as listed.
 */
export function selectWorkflows(role: Role, programme: Programme, capstone: Capstone | undefined): string[] {
  if (programme.workflows?.length) return [...programme.workflows];
  const order: string[] = [];
  const add = (id: string) => {
    if (!order.includes(id) && role.workflows.some((w) => w.id === id)) order.push(id);
  };
  for (const id of capstone?.workflows ?? []) add(id);
  for (const w of role.workflows) if (w.essential) add(w.id);
  for (const w of role.workflows) add(w.id);
  return order;
}

/**
 * Which workflows each generated session teaches. Sessions 1..n−1 take workflows in order, as many as
 * fit at their natural length (up to what the session length calls for), at least one if it fits at
 * all; a workflow is never taught twice. Teaching sessions left over become capstone clinics. An
 * explicit list is placed whole if it can be, squeezing exercises when it must; what still does not
 * fit is left out and reported by time/overrun.
 */
export function assignWorkflows(blueprint: Blueprint, order: readonly Workflow[], count: number, minutes: number, explicit: boolean): Workflow[][] {
  const teaching = count === 1 ? 1 : count - 1;
  const out: Workflow[][] = Array.from({ length: count }, () => []);
  const queue = [...order];
  for (let i = 0; i < teaching && queue.length; i++) {
    const arc = arcFor(i + 1, count, true);
    // Spread what is left over the sessions left, up to three a session: long sessions teach more
    // workflows instead of stretching one; more sessions than workflows end in capstone clinics.
    const want = explicit ? 3 : Math.max(minutes >= 180 ? 2 : 1, Math.min(3, Math.ceil(queue.length / (teaching - i))));
    while (queue.length && out[i]!.length < want && fitsSession(blueprint, arc, [...out[i]!, queue[0]!], minutes, true)) out[i]!.push(queue.shift()!);
    // Every teaching session teaches something while workflows remain, squeezed if it must be
    // (time/squeezed says so): a first session without a demo and an exercise is no session.
    if (!out[i]!.length && (!explicit || fitsSession(blueprint, arc, [queue[0]!], minutes, false))) out[i]!.push(queue.shift()!);
  }
  if (explicit)
    for (let i = 0; i < teaching && queue.length; i++) {
      const arc = arcFor(i + 1, count, true);
      while (queue.length && fitsSession(blueprint, arc, [...out[i]!, queue[0]!], minutes, false)) out[i]!.push(queue.shift()!);
    }
  return out;
}

function arcFor(n: number, count: number, teaching = false): ArcName {
  return n === 1 ? 'first' : n === count && !teaching ? 'last' : 'middle';
}

/** "A", "A and B", "A and two more": a session title that stays a title. */
function workflowLabel(taught: readonly Workflow[]): string {
  if (taught.length <= 2) return taught.map((w) => w.title).join(' and ');
  return `${taught[0]!.title} and ${['zero', 'one', 'two', 'three', 'four'][taught.length - 1] ?? taught.length - 1} more`;
}

function when(day: number, start: string, minutes: number, schedule: PlannedProgramme['schedule']): When {
  const end = addMinutes(start, minutes);
  const base: When = { day, week: Math.floor(day / 7) + 1, start, end };
  if (!schedule.start) return base;
  const date = addDays(schedule.start, day);
  const { dateLabel, shortLabel, startUtc, offset, dst } = moment(date, start, schedule.timezone);
  const endUtc = new Date(Date.parse(startUtc) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
  // A dated session's clock comes from its instant in the zone, as the calendar's does (a session
  // across a summer-time change ends an hour earlier or later on the wall clock than it would otherwise).
  const zoned = { start: clockAfter(startUtc, '0', schedule.timezone), end: clockAfter(startUtc, String(minutes), schedule.timezone) };
  return { ...base, ...zoned, date, dateLabel, shortLabel, startUtc, endUtc, offset, ...(dst ? { dst } : {}) };
}

/** Block clock times: wall-clock minutes, or through the zone when the session has an instant. */
function withClock(blocks: Omit<PlannedBlock, 'start' | 'end'>[], start: string, at?: { startUtc?: string; zone: string }): PlannedBlock[] {
  let t = start;
  let elapsed = 0;
  return blocks.map((b) => {
    elapsed += b.minutes;
    const end = at?.startUtc ? clockAfter(at.startUtc, String(elapsed), at.zone) : addMinutes(t, b.minutes);
    const block = { ...b, start: t, end };
    t = block.end;
    return block;
  });
}

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
  const handwritten = Boolean(programme.sessions?.length);
  const count = handwritten ? programme.sessions!.length : (sched.sessions ?? DEFAULTS.sessions);
  const explicit = Boolean(programme.workflows?.length);
  const selection = (c: Capstone | undefined) => {
    const order = selectWorkflows(role, programme, c);
    const ordered = order.map((id) => byId.get(id)).filter((w): w is Workflow => Boolean(w));
    return { order, perSession: handwritten ? [] : assignWorkflows(blueprint, ordered, count, schedule.minutes, explicit) };
  };
  const teaches = (c: Capstone, perSession: Workflow[][]): boolean =>
    (c.workflows ?? []).every((id) => !byId.has(id) || perSession.some((ws) => ws.some((w) => w.id === id)));
  let capstoneId = programme.capstone ?? defaultCapstoneId(role);
  let capstone = role.capstones?.find((c) => c.id === capstoneId);
  let { order, perSession } = selection(capstone);
  // Not chosen by the author: the first capstone the sessions can teach, so the default never needs a
  // workflow the programme leaves out (project/untaught-capstone). None fits: the first, and the rule says so.
  if (!programme.capstone && !handwritten && capstone && !teaches(capstone, perSession))
    for (const c of role.capstones ?? []) {
      const other = selection(c);
      if (c === capstone || !teaches(c, other.perSession)) continue;
      ({ order, perSession } = other);
      capstone = c;
      capstoneId = c.id;
      break;
    }
  const placed = perSession.flat();
  // Generated: what the sessions teach (an explicit list stays whole, so time/overrun can name what did not fit).
  const workflowIds = explicit ? order : handwritten ? order.slice(0, Math.max(1, count - 1)) : placed.map((w) => w.id);
  const workflows = workflowIds.map((id) => byId.get(id)).filter((w): w is Workflow => Boolean(w));
  const names = {
    sponsor: programme.sponsor && !programme.sponsor.tbd ? programme.sponsor.name : blueprint.names.sponsor,
    capstone: capstone?.title ?? blueprint.names.capstone,
  };
  const promptById = new Map(role.workflows.flatMap((w) => (w.prompts ?? []).map((p) => [p.id, p] as const)));

  const sessions: PlannedSession[] = [];
  let previousPractice: Workflow[] = [];
  if (handwritten) {
    programme.sessions!.forEach((s, idx) => {
      const number = idx + 1;
      const arc = arcFor(number, count);
      const sAt = sub(input.at, 'sessions', idx);
      const minutes = s.minutes ?? sched.minutes ?? s.blocks.reduce((t, b) => t + b.minutes, 0);
      const day = idx * schedule.every;
      const clock = when(day, schedule.time, minutes, schedule);
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
                : BLOCK_KIND_INFO[b.kind].title);
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
        clock.start,
        { startUtc: clock.startUtc, zone: schedule.timezone },
      );
      const practiceIds = s.practice === undefined ? [] : Array.isArray(s.practice) ? s.practice : [s.practice];
      const practice = practiceIds.map((id) => byId.get(id)).filter((w): w is Workflow => Boolean(w));
      const taught = uniqueWorkflows(blocks.filter((b) => b.kind === 'demo' || b.kind === 'exercise').map((b) => b.workflow));
      sessions.push({
        ...clock,
        number,
        title: s.title ?? `Session ${number}`,
        minutes,
        arc,
        blocks,
        taught,
        practiceIds,
        practice,
        assignments: practice.map((w) => assignment(w, schedule.every, blueprint)),
        practiceCapstone: false,
        shareBack: blocks.some((b) => b.kind === 'share-back') ? previousPractice : [],
        shareBackAssignments: blocks.some((b) => b.kind === 'share-back') ? previousPractice.map((w) => assignment(w, schedule.every, blueprint)) : [],
        objectives: objectives(blueprint, arc, taught, names),
        handwritten: true,
        ...sessionNote(programme, input.at, number),
        at: sAt,
      });
      previousPractice = practice;
    });
  } else {
    const sAt = sub(input.at, 'schedule');
    let galleryPending = false;
    for (let idx = 0; idx < count; idx++) {
      const number = idx + 1;
      const taught = perSession[idx] ?? [];
      const arc: ArcName = number === 1 ? 'first' : number === count ? 'last' : taught.length ? 'middle' : 'clinic';
      const withDemo = sessions.flatMap((x) => x.taught).filter((w) => w.demo);
      const clinics = sessions.filter((x) => x.arc === 'clinic').length;
      const secondPass = arc === 'clinic' ? withDemo[clinics % Math.max(1, withDemo.length)] : undefined;
      const used = new Set(sessions.flatMap((x) => x.blocks.flatMap((b) => (b.role && b.minutes > 0 ? [b.role] : []))));
      const design = designSession(blueprint, arc, taught, schedule.minutes, names, galleryPending, secondPass, clinics, used);
      galleryPending = design.galleryDeferred || (galleryPending && !design.blocks.some((b) => b.kind === 'failure-gallery'));
      const seen = sessions.flatMap((x) => x.taught);
      const gallery = galleryPrompts(taught.length ? taught : seen.length ? seen : workflows);
      const clock = when(idx * schedule.every, schedule.time, schedule.minutes, schedule);
      const blocks = withClock(
        design.blocks.map((b) => ({
          kind: b.kind,
          minutes: b.minutes,
          title: b.title,
          handsOn: HANDS_ON.has(b.kind),
          ...(b.role ? { role: b.role } : {}),
          ...(b.natural ? { natural: b.natural } : {}),
          workflowId: b.workflow?.id,
          workflow: b.workflow ?? (b.kind === 'failure-gallery' ? gallery[0]?.workflow : undefined),
          promptId: b.kind === 'failure-gallery' ? gallery[0]?.prompt.id : undefined,
          prompt: b.kind === 'failure-gallery' ? gallery[0]?.prompt : undefined,
          ...(b.kind === 'failure-gallery' ? { gallery } : {}),
          at: sAt,
        })),
        clock.start,
        { startUtc: clock.startUtc, zone: schedule.timezone },
      );
      const practice = arc === 'first' || arc === 'middle' ? taught : [];
      sessions.push({
        ...clock,
        number,
        title: fill(blueprint.arcs[arc].title, { workflow: workflowLabel(taught) || 'Getting started' }),
        minutes: schedule.minutes,
        arc,
        blocks,
        taught,
        practiceIds: practice.map((w) => w.id),
        practice,
        assignments: practice.map((w) => assignment(w, schedule.every, blueprint)),
        practiceCapstone: arc === 'clinic',
        shareBack: arc === 'first' ? [] : previousPractice,
        shareBackAssignments: arc === 'first' ? [] : previousPractice.map((w) => assignment(w, schedule.every, blueprint)),
        objectives: objectives(blueprint, arc, taught, names),
        handwritten: false,
        ...sessionNote(programme, input.at, number),
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
  const allPrompts = orderedWorkflows.flatMap((w) => (w.prompts ?? []).map((prompt) => ({ workflow: w, prompt, taught: taughtIds.has(w.id) })));
  // The library lists what the programme teaches; `prompt_library: all` adds the rest of the role's prompts.
  const prompts = programme.prompt_library === 'all' ? allPrompts : allPrompts.filter((p) => p.taught);

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
    delivery: programme.delivery ?? 'room',
    ...(programme.location ? { location: programme.location } : {}),
    sponsorEvents: programme.sponsor_events ?? false,
    ...(programme.costs ? { costs: { ...programme.costs } } : {}),
    schedule,
    workflowIds,
    workflows,
    workflowCapacity: handwritten ? undefined : placed.length,
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

function sessionNote(programme: Programme, at: Loc, number: number): { note?: { text: string; at: Loc } } {
  const text = programme.notes?.[String(number)];
  return text ? { note: { text, at: sub(at, 'notes', String(number)) } } : {};
}

/** "Month-end close" → "month-end close", but "RFQ drafting" keeps its acronym. */
function lowerFirst(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

/** A role's title inside one of the blueprint's sentences: lowered in English and French, as written in German (nouns keep capitals). */
const inSentence = (blueprint: Blueprint, title: string): string => (blueprint.names.titles === 'keep' ? title : lowerFirst(title));

/** Weak prompts to show in a failure gallery: each taught workflow's prompts that have one. */
function galleryPrompts(workflows: readonly Workflow[]): { workflow: Workflow; prompt: Prompt }[] {
  return workflows.flatMap((w) => (w.prompts ?? []).filter((p) => p.weak).map((prompt) => ({ workflow: w, prompt })));
}

function uniqueWorkflows(list: (Workflow | undefined)[]): Workflow[] {
  const out: Workflow[] = [];
  for (const w of list) if (w && !out.includes(w)) out.push(w);
  return out;
}

function objectives(blueprint: Blueprint, arc: ArcName, taught: Workflow[], names: { sponsor: string; capstone: string }): string[] {
  const workflow = taught.map((w) => inSentence(blueprint, w.title)).join(blueprint.names.and);
  return blueprint.objectives[arc]
    .filter((o) => workflow || !o.includes('{workflow}'))
    .map((o) => fill(o, { workflow, sponsor: names.sponsor, capstone: names.capstone }));
}
