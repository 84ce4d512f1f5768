import type { Blueprint } from '../plan/blueprint.js';
import { fill } from '../plan/blueprint.js';
import { WITH_TOOL, type AiMode, type ExerciseFormat, type Person, type Prompt, type Role, type Workflow } from '../../model/model.js';
import { lowerFirst, type PlannedBlock, type PlannedProgramme, type PlannedSession, type PracticeAssignment, type When } from '../plan/plan.js';
import { listJoin, reflow, reflowPrompt, upperFirst } from '../../model/text.js';
import { deliveryWords, norms } from '../../model/delivery.js';
import { demoPromptOf, filledDemoPrompt } from './demo.js';
import { galleryCount, sentenceRound, shareBackPlan, showcasePlan } from '../plan/arithmetic.js';
import { describedBecause, readiness, workflowReadiness } from '../../model/readiness.js';
import { capstoneBreaksPolicy } from '../../model/policy.js';

/**
 * The view model: every string a template prints, computed once here so templates stay free of logic.
 * Every field is present (null when empty) because templates run in Handlebars strict mode.
 */

const AI_LABELS: Record<AiMode, string> = {
  automate: 'Automate: AI does it, you check',
  augment: 'Augment: AI drafts, you decide',
  human: 'Human: no AI',
};

const FORMAT_LABELS: Record<ExerciseFormat, string> = {
  'improve-weak': 'From weak prompt to strong',
  'fix-output': 'Fix a flawed output',
  'from-scratch': 'Write your own prompt',
  'map-workflow': 'Map your own workflow',
  'verify-output': 'Verify a plausible output',
  chain: 'Chain two prompts',
};

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

const per = (p: string): string => (p === 'task' ? 'per task' : `a ${p}`);

export interface PromptView {
  id: string;
  title: string;
  template: string;
  variables: { name: string; description: string; example: string }[];
  verify: string[];
  weak: string | null;
  weakWhy: string | null;
  workflowTitle: string;
  taught: boolean;
}

function promptView(prompt: Prompt, workflow: Workflow, taught: boolean): PromptView {
  return {
    id: prompt.id,
    title: prompt.title,
    // Printed and copied as the author meant it: hard-wrapped YAML lines run on (model/text.ts reflow).
    template: reflowPrompt(prompt.template),
    variables: Object.entries(prompt.variables ?? {}).map(([name, v]) => ({ name, description: v.description, example: v.example ?? '' })),
    verify: prompt.verify ?? [],
    weak: prompt.weak ?? null,
    weakWhy: prompt.weak_why ?? null,
    workflowTitle: workflow.title,
    taught,
  };
}

/** The demo prompt filled in: each `{{name}}` takes the demo's value, else the variable's example. */
function demoView(w: Workflow) {
  const demo = w.demo;
  if (!demo) return null;
  const prompt = demoPromptOf(w);
  const filled = prompt ? filledDemoPrompt(prompt, demo) : null;
  return {
    promptId: prompt?.id ?? null,
    promptTitle: prompt?.title ?? null,
    filled,
    /** The demo's whole document (a clinic's second pass hands it out as new material). */
    document: demo.material,
    // The material is printed on its own only when the filled-in prompt does not already carry it.
    material: filled?.includes(demo.material.trimEnd()) ? null : demo.material,
    output: reflow(demo.output),
    verify: prompt?.verify ?? [],
  };
}

function missingView(w: Workflow) {
  const r = workflowReadiness(w);
  const has = (piece: (typeof r.missing)[number]) => r.missing.includes(piece);
  return {
    any: r.missing.length > 0,
    exercise: has('exercise'),
    materials: has('materials'),
    brief: has('brief'),
    solution: has('solution'),
    demo: has('demo'),
    diagnosis: has('diagnosis'),
    undiagnosed: r.undiagnosed,
  };
}

/** The pack's "Ready to run?": the taught workflows whose exercise runs from the page, and what the others lack. */
function readinessView(workflows: readonly Workflow[]) {
  const r = readiness(workflows);
  return {
    ready: r.ready,
    total: r.total,
    all: r.ready === r.total,
    none: r.ready === 0,
    workflows: r.workflows.filter((w) => w.missing.length).map((w) => ({ title: w.title, missing: w.missing, undiagnosed: w.undiagnosed })),
  };
}

function workflowView(w: Workflow, taught = true) {
  return {
    id: w.id,
    title: w.title,
    pain: w.pain ?? null,
    baselineLabel: w.baseline ? `${w.baseline.minutes} minutes ${per(w.baseline.per)}` : null,
    targetLabel: w.baseline && w.target_minutes !== undefined ? `${w.target_minutes} minutes ${per(w.baseline.per)}` : null,
    steps: w.steps.map((s, i) => ({ number: i + 1, do: s.do, ai: s.ai, aiLabel: AI_LABELS[s.ai] })),
    risks: w.risks ?? [],
    checks: w.checks ?? [],
    prompts: (w.prompts ?? []).map((p) => promptView(p, w, taught)),
    demo: demoView(w),
    /** What the role still lacks for this workflow (model/readiness.ts workflowReadiness): the facilitator page says so at the block. */
    missing: missingView(w),
    exercise: w.exercise
      ? {
          title: w.exercise.title,
          minutesLabel: w.exercise.minutes ? `${w.exercise.minutes} minutes` : null,
          formatLabel: w.exercise.format ? FORMAT_LABELS[w.exercise.format] : null,
          materials: w.exercise.materials ?? null,
          steps: w.exercise.steps ?? [],
          brief: w.exercise.brief ?? null,
          cut: w.exercise.cut ?? null,
          extension: w.exercise.extension ?? null,
          solution: w.exercise.solution ? reflow(w.exercise.solution) : null,
          hasKey: Boolean(w.exercise.brief || w.exercise.cut || w.exercise.extension || w.exercise.solution),
          /** Materials that describe a document: printed as they are, with a note that the document is still to write. */
          described: w.exercise.materials ? Boolean(describedBecause(w.exercise.materials)) : false,
          debrief: (w.exercise.debrief ?? []).map((d) =>
            typeof d === 'string' ? { question: d, answer: null } : { question: d.question, answer: d.answer ?? null },
          ),
        }
      : null,
    practice: w.practice
      ? {
          title: w.practice.title,
          task: w.practice.task,
          evidence: w.practice.evidence ?? [],
          variants: (w.practice.variants ?? []).map((v) => ({ audience: upperFirst(v.audience), task: v.task })),
        }
      : null,
    /** Work that recurs monthly or quarterly cannot be practised in a weekly gap: it waits for its next occurrence. */
    period: w.baseline?.per ?? null,
  };
}

const person = (p: Person | undefined, extra: 'team' | 'title'): string | null =>
  !p ? null : p.tbd ? `to be named${p[extra] ? ` (${p[extra]})` : ''}` : p[extra] ? `${p.name} (${p[extra]})` : p.name;

function whenLabel(w: When, zone: string): string {
  return w.dateLabel ? `${w.dateLabel}, ${w.start}–${w.end} (${zone})` : `Week ${w.week} · ${w.start}–${w.end}`;
}

const NUMBER = (n: number): string => NUMBER_WORDS[n] ?? String(n);

function shareBackText(minutes: number, group: number, online = false): string {
  const plan = shareBackPlan(minutes, group);
  if (online) {
    if (plan.mode === 'round')
      return `In turn on the call, ${NUMBER(plan.each)} minutes each (${group} people, ${group * plan.each} minutes), cameras on for the speaker; then two minutes to name the pattern.`;
    if (plan.mode === 'pairs')
      return `${minutes} minutes is too short for ${group} people to speak in turn: breakout rooms of two first (${plan.pairMinutes} minutes, half each way), then ${NUMBER(plan.speakers)} ${plan.speakers === 1 ? 'person tells' : 'people tell'} everyone, two minutes each — pick whoever had to correct something.`;
    return `Chat waterfall: each person types their minutes and one correction and sends on the count of three; read ${NUMBER(plan.speakers)} aloud and keep the rest from the chat.`;
  }
  if (plan.mode === 'round')
    return `Round the room, ${NUMBER(plan.each)} minutes each (${group} people, ${group * plan.each} minutes), then two minutes to name the pattern.`;
  if (plan.mode === 'pairs')
    return `${minutes} minutes is too short for ${group} people to speak in turn: in pairs first (${plan.pairMinutes} minutes, half each way), then ${NUMBER(plan.speakers)} ${plan.speakers === 1 ? 'person tells' : 'people tell'} the room, two minutes each — pick whoever had to correct something.`;
  return `Each person writes their minutes and one correction on a card; read ${NUMBER(plan.speakers)} aloud and collect the rest.`;
}

function showcaseText(minutes: number, group: number, sponsor: string, online = false): string {
  const plan = showcasePlan(minutes, group);
  if (online && plan.mode !== 'everyone') {
    const some = plan.presenters
      ? `${NUMBER(plan.presenters)} ${plan.presenters === 1 ? 'person presents' : 'people present'}, sharing their screen, three minutes each plus one question from ${sponsor}; `
      : '';
    return `${minutes} minutes does not hold ${group} presentations. ${some}everyone else posts their one-page showcase sheet in the shared folder for a ${plan.walk}-minute gallery walk, and ${sponsor} reads each sheet and leaves one written comment on it. Agree who presents in the session before.`;
  }
  if (plan.mode === 'everyone')
    return `Everyone presents: ${NUMBER(plan.show)} minutes each, then one question from ${sponsor} (${group} people × ${plan.show + 1} minutes, plus three to open and close). Keep time with a visible timer.`;
  const some = plan.presenters
    ? `${NUMBER(plan.presenters)} ${plan.presenters === 1 ? 'person presents' : 'people present'} to the room, three minutes each plus one question from ${sponsor}; `
    : '';
  const rest = `${some}everyone else pins`;
  return `${minutes} minutes does not hold ${group} presentations. ${upperFirst(rest)} their one-page showcase sheet to the wall for a ${plan.walk}-minute gallery walk, and ${sponsor} reads each sheet and leaves one written question on it. Agree who presents in the session before.`;
}

function roundText(kind: 'welcome' | 'reflect', minutes: number, group: number): string {
  const setup = kind === 'welcome' ? Math.min(3, Math.max(1, minutes - Math.ceil(group / 2))) : 2;
  const r = sentenceRound(minutes, group, setup);
  if (kind === 'welcome')
    return r.everyone
      ? 'Ask each person for one line — about twenty seconds each: their role and the task that eats most of their week.'
      : `${minutes} minutes does not hold a line from all ${group}: ask ${NUMBER(r.voices)} people for their role and the task that eats most of their week, and everyone writes theirs on the first page of the handout.`;
  return r.everyone
    ? 'Two minutes alone, then one sentence each to the group: what changed in how you work, what did not, and what you will stop doing.'
    : `Two minutes alone to write it down — what changed in how you work, what did not, what you will stop doing — then ${NUMBER(r.voices)} ${r.voices === 1 ? 'volunteer says theirs' : 'volunteers say theirs'} to the group.`;
}

function exerciseTiming(minutes: number, natural: number | undefined, hasCut: boolean, hasExtension: boolean): string | null {
  if (!natural) return null;
  if (minutes < natural)
    return `Squeezed to ${minutes} of its natural ${natural} minutes: ${hasCut ? 'use the cut in the facilitator box below' : 'drop the last step and take it into the debrief'}.`;
  if (minutes > natural)
    return `${minutes} minutes, ${minutes - natural} more than its natural ${natural}: ${hasExtension ? 'give pairs who finish early the extension in the facilitator box below' : 'give pairs who finish early a second piece of material'}.`;
  return `Runs at its natural length, ${natural} minutes.`;
}

function blockView(b: PlannedBlock, taught: Set<string>, group: number, sponsor: string, online = false) {
  const gallery = b.gallery ?? [];
  return {
    kind: b.kind,
    start: b.start,
    end: b.end,
    minutes: b.minutes,
    title: b.title,
    handsOn: WITH_TOOL.has(b.kind),
    partial: `block-${b.kind}`,
    role: b.role ?? null,
    workflow: b.workflow ? workflowView(b.workflow, taught.has(b.workflow.id)) : null,
    prompt: b.prompt && b.workflow ? promptView(b.prompt, b.workflow, true) : null,
    text: b.text ?? null,
    notes: b.notes ?? null,
    shareText: b.kind === 'share-back' ? shareBackText(b.minutes, group, online) : null,
    roundText: b.kind === 'welcome' || b.kind === 'reflect' ? roundText(b.kind, b.minutes, group) : null,
    showcaseText: b.kind === 'showcase' ? showcaseText(b.minutes, group, sponsor, online) : null,
    timing: b.kind === 'exercise' ? exerciseTiming(b.minutes, b.natural, Boolean(b.workflow?.exercise?.cut), Boolean(b.workflow?.exercise?.extension)) : null,
    gallery: gallery.slice(0, galleryCount(b.minutes, gallery.length)).map((g) => promptView(g.prompt, g.workflow, true)),
  };
}

/** Success tests that need the weeks after the showcase ("sent on time", "fewer calls"): checked at the last check-in. */
const LATER = /\b(on time|sent|approved|signed|adopted|re-?used|fewer|after|weeks?|months?|quarters?|renewals?|released|published|go-live|live)\b/i;

function uniqueBy<T>(list: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(key(x)) && Boolean(seen.add(key(x))));
}

/** Practice is always due at the next session: what it is set on (blueprint `practice`) makes sure it can be done by then. */
function practiceDue(nextWhen: string | null, checkIn: string): string {
  return nextWhen ? `Due at the next session, ${nextWhen}.` : `Due at ${checkIn}.`;
}

function assignmentView(a: PracticeAssignment) {
  return { mode: a.mode, lead: a.lead, asked: a.asked, task: a.task ?? null, isFallback: a.mode === 'fallback' };
}

const STOP: ReadonlySet<string> = new Set([
  'about',
  'after',
  'their',
  'there',
  'these',
  'those',
  'which',
  'while',
  'where',
  'every',
  'first',
  'other',
  'under',
  'within',
  'without',
  'before',
  'minutes',
  'hours',
  'draft',
  'write',
  'month',
  'weekly',
  'monthly',
]);
const stems = (text: string): Set<string> => new Set((text.toLowerCase().match(/[a-z]{5,}/g) ?? []).filter((w) => !STOP.has(w)).map((w) => w.slice(0, 6)));

/**
 * The role's outcomes that belong to the workflows this programme teaches: an outcome is kept when it
 * shares more words with a taught workflow than with any other. Outcomes that match no workflow at all
 * are about the role as a whole and are kept.
 */
function outcomesFor(role: Role, taught: readonly Workflow[]): string[] {
  const taughtIds = new Set(taught.map((w) => w.id));
  const words = role.workflows.map((w) => ({
    taught: taughtIds.has(w.id),
    stems: stems(`${w.title} ${w.pain ?? ''} ${(w.prompts ?? []).map((p) => p.title).join(' ')}`),
  }));
  return (role.outcomes ?? []).filter((o) => {
    const own = stems(o);
    const score = (ws: Set<string>) => [...own].filter((x) => ws.has(x)).length;
    const best = (t: boolean) => Math.max(0, ...words.filter((w) => w.taught === t).map((w) => score(w.stems)));
    const inTaught = best(true);
    const inOther = best(false);
    return inTaught >= inOther;
  });
}

/**
 * The capstone menu: the capstones whose workflows the programme teaches (the chosen one first, taught
 * or not: project/untaught-capstone warns about it). The others are listed apart with the workflow they
 * need. A capstone that breaks the data policy is on neither list (`capstoneBreaksPolicy`).
 */
function capstoneMenu(p: PlannedProgramme, taughtIds: ReadonlySet<string>) {
  const titles = (ids: readonly string[]) =>
    listJoin(
      ids
        .map((id) => p.role.workflows.find((w) => w.id === id)?.title)
        .filter((t): t is string => Boolean(t))
        .map(lowerFirst),
    );
  const all = (p.role.capstones ?? [])
    .filter((c) => c.id === p.capstone?.id || !capstoneBreaksPolicy(c, p.role, p.dataPolicy.forbidden))
    .map((c) => ({
      title: c.title,
      deliverable: c.deliverable,
      audience: c.audience?.length ? listJoin(c.audience) : null,
      isDefault: c.id === p.capstone?.id,
      workflows: titles(c.workflows ?? []),
      needs: titles((c.workflows ?? []).filter((id) => !taughtIds.has(id))),
    }));
  return {
    capstoneMenu: [...all.filter((c) => c.isDefault), ...all.filter((c) => !c.isDefault && !c.needs)],
    capstoneUntaught: all.filter((c) => !c.isDefault && c.needs),
  };
}

export function buildView(p: PlannedProgramme, blueprint: Blueprint) {
  const zone = p.schedule.timezone;
  const taughtIds = new Set(p.sessions.flatMap((s) => s.taught.map((w) => w.id)));
  const last = p.sessions[p.sessions.length - 1];
  const first = p.sessions[0];
  const checkInDays = p.checkIns.map((c) => String(c.afterDays));
  const checkInDates = p.checkIns.filter((c) => c.shortLabel).map((c) => c.shortLabel!);
  const checkInsLabel = p.checkIns.length
    ? `${listJoin(checkInDays)} days after the last session${checkInDates.length ? ` (${listJoin(checkInDates)})` : ''}`
    : 'none planned';
  const weeks = last ? Math.ceil((last.day + 1) / 7) : 1;
  const sponsorLabel =
    p.sponsor && !p.sponsor.tbd ? person(p.sponsor, 'title')! : `the sponsor${p.sponsor?.title ? `, a ${p.sponsor.title}` : ''} (to be named)`;
  const sponsorShort = p.sponsor && !p.sponsor.tbd ? p.sponsor.name : 'the sponsor';
  const firstCheckIn = p.checkIns[0];
  const checkInShort = firstCheckIn ? `check-in 1 (${firstCheckIn.shortLabel ?? `${firstCheckIn.afterDays} days after the last session`})` : 'the next session';
  const capstoneIds = new Set(p.capstone?.workflows ?? []);
  const milestone = (s: PlannedSession): string => {
    if (s.arc !== 'middle') return blueprint.milestones[s.arc];
    const own = s.taught.filter((w) => capstoneIds.has(w.id)).map((w) => lowerFirst(w.title));
    const other = s.taught.filter((w) => !capstoneIds.has(w.id)).map((w) => lowerFirst(w.title));
    const optional = other.length ? fill(blueprint.milestones.optional, { workflow: listJoin(other) }) : '';
    return own.length
      ? [fill(blueprint.milestones.middle, { workflow: listJoin(own) }), optional].filter(Boolean).join(' ')
      : [blueprint.milestones.none, optional].filter(Boolean).join(' ');
  };
  const sessionCount = p.sessions.length;
  const minutesSet = [...new Set(p.sessions.map((s) => s.minutes))];
  const sessionCountLabel = `${sessionCount} session${sessionCount === 1 ? '' : 's'}${minutesSet.length === 1 ? ` of ${minutesSet[0]} minutes` : ''}`;
  const scheduleLabel =
    p.schedule.start && first
      ? `${sessionCountLabel}, every ${p.schedule.every} days, starting ${first.dateLabel} at ${p.schedule.time} (${zone}).`
      : `${sessionCountLabel}, every ${p.schedule.every} days, at ${p.schedule.time}. No start date yet, so sessions are numbered by week.`;

  const programme = {
    id: p.id,
    title: p.title,
    org: p.org.name ?? null,
    role: {
      id: p.role.id,
      name: p.role.name,
      summary: p.role.summary ?? null,
      audience: p.role.audience ?? [],
      outcomes: outcomesFor(
        p.role,
        p.sessions.flatMap((s) => s.taught),
      ),
    },
    ownerLabel: person(p.owner, 'team') ?? 'to be named',
    sponsorLabel,
    sponsorLabelStart: upperFirst(sponsorLabel),
    sponsorShort,
    facilitatorsLabel: p.facilitators.length ? listJoin(p.facilitators.map((f) => person(f, 'team')!)) : 'to be named',
    tools: p.tools,
    dataPolicy: p.dataPolicy,
    /** `--format prompts`: the pack carries the prompt library as test files (prompts/…), and the prompt page links them. */
    promptExports: p.formats.includes('prompts'),
    groupSize: p.groupSize,
    sessionCountLabel,
    scheduleLabel,
    checkInsLabel,
    reportCommand: p.reportCommand ?? `cocoon report --programme ${p.id}`,
    weeksLabel: `${NUMBER_WORDS[weeks] ?? weeks} week${weeks === 1 ? '' : 's'}`,
    capstone: p.capstone
      ? {
          title: p.capstone.title,
          deliverable: p.capstone.deliverable,
          success: p.capstone.success ?? [],
          // What can be seen at the showcase, and what needs the weeks after it (the +28-day check-in).
          successNow: (p.capstone.success ?? []).filter((x) => !LATER.test(x)),
          successLater: (p.capstone.success ?? []).filter((x) => LATER.test(x)),
        }
      : null,
    ...capstoneMenu(p, taughtIds),
    lastCheckInShort: p.checkIns.length
      ? `check-in ${p.checkIns.length} (${p.checkIns.at(-1)!.shortLabel ?? `${p.checkIns.at(-1)!.afterDays} days after the last session`})`
      : 'the last session',
    leaderExamples: p.role.leader_examples ?? [],
    lastSessionNumber: last?.number ?? 1,
    lastSessionWhen: last?.dateLabel ?? null,
    checkIns: p.checkIns.map((c) => ({ whenShort: c.shortLabel ?? `${c.afterDays} days after the last session` })),
  };

  const sessions = p.sessions.map((s: PlannedSession, i) => {
    const next = p.sessions[i + 1];
    const handsOn = s.blocks.filter((b) => WITH_TOOL.has(b.kind)).reduce((t, b) => t + b.minutes, 0);
    return {
      number: s.number,
      title: s.title,
      minutes: s.minutes,
      whenLabel: whenLabel(s, zone),
      start: s.start,
      shortWhen: s.shortLabel ?? `week ${s.week}`,
      facilitatorFile: `session-${s.number}.md`,
      participantFile: `session-${s.number}.md`,
      facilitatorLink: `facilitator/session-${s.number}.md`,
      participantLink: `participant/session-${s.number}.md`,
      participantFromFacilitator: `../participant/session-${s.number}.md`,
      isFirst: i === 0,
      isLast: i === p.sessions.length - 1,
      handsOnPercent: s.minutes ? Math.round((100 * handsOn) / s.minutes) : 0,
      handsOnMinutes: handsOn,
      objectives: s.objectives,
      blocks: s.blocks.map((b) => blockView(b, taughtIds, p.groupSize, sponsorShort, p.delivery !== 'room')),
      taught: s.taught.map((w) => workflowView(w)),
      practice: s.assignments.map((a) => ({
        ...workflowView(a.workflow),
        assignment: assignmentView(a),
        due: practiceDue(next ? whenLabel(next, zone) : null, checkInShort),
      })),
      practiceCapstone: s.practiceCapstone,
      shareBack: s.shareBackAssignments.map((a) => ({ ...workflowView(a.workflow), assignment: assignmentView(a) })),
      nextNumber: next?.number ?? null,
      nextWhenLabel: next ? whenLabel(next, zone) : null,
      capstoneMilestone: milestone(s),
      // Facilitator-only (`notes:` of the programme): only facilitator templates may show it.
      facilitatorNote: s.note?.text ?? null,
    };
  });

  const prompts = p.prompts.map((lp) => promptView(lp.prompt, lp.workflow, lp.taught));
  const leaderBlock = (s: PlannedSession | undefined) => s?.blocks.find((b) => b.kind === 'leader' || b.kind === 'showcase');
  return {
    programme,
    promptIds: p.role.workflows.flatMap((w) => (w.prompts ?? []).map((x) => x.id)),
    delivery: deliveryWords(p.delivery, p.location),
    norms: norms(p.delivery),
    location: p.location ?? null,
    // The header names the role unless the title already does ("AI for Finance · Finance" reads twice).
    headerRole: p.title.toLowerCase().includes(p.role.name.toLowerCase()) ? '' : p.role.name,
    sessions,
    checkIns: p.checkIns.map((c) => ({
      number: c.number,
      afterDays: c.afterDays,
      minutes: c.minutes,
      whenLabel: c.dateLabel ? `${c.dateLabel}, ${c.start}–${c.end} (${zone})` : `${c.afterDays} days after session ${last?.number ?? 1}`,
    })),
    workflows: p.workflows.map((w) => workflowView(w)),
    // The exercises the pack holds: each workflow a session teaches, once.
    readiness: readinessView(p.workflows.filter((w) => taughtIds.has(w.id))),
    /** The command that writes the drafting briefs for what the role lacks, as a trainer types it in the project. */
    draftCommand: `cocoon draft roles/${p.role.id}.yaml`,
    /** Some taught workflow lacks an answer key, a demo: the pages that would promise one say less. */
    lacks: {
      solution: p.workflows.some((w) => taughtIds.has(w.id) && !w.exercise?.solution),
      demo: p.workflows.some((w) => taughtIds.has(w.id) && !w.demo),
    },
    // Practice set on earlier work (the fallback or last period's copy): the last check-in asks whether the real work has come round.
    practisedOnCopiesLabel: listJoin(
      uniqueBy(
        p.sessions.flatMap((s) => s.assignments).filter((a) => a.mode !== 'this'),
        (a) => a.workflow.id,
      ).map((a) => lowerFirst(a.workflow.title)),
    ),
    prompts,
    otherPrompts: prompts.some((x) => !x.taught),
    capstoneWorkflows: (p.capstone?.workflows ?? [])
      .map((id) => p.role.workflows.find((w) => w.id === id))
      .filter((w): w is Workflow => Boolean(w))
      .map((w) => workflowView(w)),
    firstWhen: first ? whenLabel(first, zone) : '',
    lastWhen: last ? whenLabel(last, zone) : '',
    leaderFirstMinutes: first?.blocks.filter((b) => b.kind === 'leader').reduce((t, b) => t + b.minutes, 0) || leaderBlock(first)?.minutes || 0,
    leaderLastMinutes: last ? last.blocks.filter((b) => b.kind === 'leader' || b.kind === 'showcase').reduce((t, b) => t + b.minutes, 0) : 0,
  };
}
export type PackView = ReturnType<typeof buildView>;
