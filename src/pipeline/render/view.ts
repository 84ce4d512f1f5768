import type { Blueprint } from '../plan/blueprint.js';
import { fill } from '../plan/blueprint.js';
import { WITH_TOOL, type AiMode, type ExerciseFormat, type Person, type Prompt, type Role, type Workflow } from '../../model/model.js';
import { type PlannedBlock, type PlannedProgramme, type PlannedSession, type PracticeAssignment, type When } from '../plan/plan.js';
import { reflow, reflowPrompt, upperFirst } from '../../model/text.js';
import { deliveryWords, norms } from '../../model/delivery.js';
import { demoPromptOf, filledDemoPrompt } from './demo.js';
import type { Messages } from './messages.js';
import { galleryCount, sentenceRound, shareBackPlan, showcasePlan } from '../plan/arithmetic.js';
import { describedBecause, readiness, workflowReadiness } from '../../model/readiness.js';
import { capstoneBreaksPolicy } from '../../model/policy.js';

/**
 * The view model: every string a template prints, computed once here so templates stay free of logic.
 * Every field is present (null when empty) because templates run in Handlebars strict mode.
 */

/** The catalogue keys of a step's AI mode and an exercise's format (`view.ai.augment`, `view.format.chain`). */
const aiKey = (mode: AiMode): string => `view.ai.${mode}`;
const formatKey = (format: ExerciseFormat): string => `view.format.${format}`;

/** The number 0–12 as a word ("two minutes each"), a figure above; the catalogue's `view.number`. */
const numberWord = (msg: Messages, n: number): string => msg.t('view.number', { n });

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

function workflowView(msg: Messages, w: Workflow, taught = true) {
  return {
    id: w.id,
    title: w.title,
    pain: w.pain ?? null,
    baselineLabel: w.baseline ? msg.t('view.minutesPer', { minutes: w.baseline.minutes, per: w.baseline.per }) : null,
    targetLabel: w.baseline && w.target_minutes !== undefined ? msg.t('view.minutesPer', { minutes: w.target_minutes, per: w.baseline.per }) : null,
    steps: w.steps.map((s, i) => ({ number: i + 1, do: s.do, ai: s.ai, aiLabel: msg.t(aiKey(s.ai)), aiWord: msg.t(`view.aiWord.${s.ai}`) })),
    risks: w.risks ?? [],
    checks: w.checks ?? [],
    prompts: (w.prompts ?? []).map((p) => promptView(p, w, taught)),
    demo: demoView(w),
    /** What the role still lacks for this workflow (model/readiness.ts workflowReadiness): the facilitator page says so at the block. */
    missing: missingView(w),
    exercise: w.exercise
      ? {
          title: w.exercise.title,
          minutesLabel: w.exercise.minutes ? msg.t('view.minutes', { minutes: w.exercise.minutes }) : null,
          formatLabel: w.exercise.format ? msg.t(formatKey(w.exercise.format)) : null,
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

const person = (msg: Messages, p: Person | undefined, extra: 'team' | 'title'): string | null =>
  !p
    ? null
    : p.tbd
      ? p[extra]
        ? msg.t('view.toBeNamedAs', { what: p[extra] })
        : msg.t('view.toBeNamed')
      : p[extra]
        ? msg.t('view.personAs', { name: p.name, what: p[extra] })
        : p.name;

/** A session's or check-in's day and times in the pack's language: the agendas', the handouts' and the decks' one wording. */
export function whenLabel(msg: Messages, w: When, zone: string): string {
  const date = msg.longOf(w);
  return date
    ? msg.t('view.whenDated', { date, start: msg.time(w.start), end: msg.time(w.end), zone })
    : msg.t('view.whenWeek', { week: w.week, start: msg.time(w.start), end: msg.time(w.end) });
}

function shareBackText(msg: Messages, minutes: number, group: number, online = false): string {
  const plan = shareBackPlan(minutes, group);
  const n = (x: number) => numberWord(msg, x);
  const kind = plan.mode === 'round' ? 'round' : plan.mode === 'pairs' ? 'pairs' : online ? 'waterfall' : 'cards';
  const key = online ? { round: 'onlineRound', pairs: 'onlinePairs', waterfall: 'onlineWaterfall', cards: 'cards' }[kind] : kind;
  return msg.t(`view.shareBack.${key}`, {
    minutes,
    group,
    each: plan.mode === 'round' ? n(plan.each) : 0,
    eachCount: plan.mode === 'round' ? plan.each : 0,
    total: plan.mode === 'round' ? group * plan.each : 0,
    pair: plan.mode === 'pairs' ? plan.pairMinutes : 0,
    speakers: plan.mode === 'round' ? 0 : n(plan.speakers),
    count: plan.mode === 'round' ? 0 : plan.speakers,
  });
}

function showcaseText(msg: Messages, minutes: number, group: number, sponsor: string, online = false): string {
  const plan = showcasePlan(minutes, group);
  const n = (x: number) => numberWord(msg, x);
  if (online && plan.mode !== 'everyone') {
    const some = plan.presenters ? msg.t('view.showcase.onlineSome', { presenters: n(plan.presenters), count: plan.presenters, sponsor }) : '';
    return msg.t('view.showcase.online', { minutes, group, some, walk: plan.walk, sponsor });
  }
  if (plan.mode === 'everyone') return msg.t('view.showcase.everyone', { show: n(plan.show), showCount: plan.show, sponsor, group, slot: plan.show + 1 });
  const some = plan.presenters
    ? upperFirst(msg.t('view.showcase.roomSome', { presenters: n(plan.presenters), count: plan.presenters, sponsor }))
    : msg.t('view.showcase.roomNone');
  return msg.t('view.showcase.room', { minutes, group, some, walk: plan.walk, sponsor });
}

function roundText(msg: Messages, kind: 'welcome' | 'reflect', minutes: number, group: number): string {
  const setup = kind === 'welcome' ? Math.min(3, Math.max(1, minutes - Math.ceil(group / 2))) : 2;
  const r = sentenceRound(minutes, group, setup);
  if (r.everyone) return msg.t(kind === 'welcome' ? 'view.round.welcomeAll' : 'view.round.reflectAll');
  return msg.t(kind === 'welcome' ? 'view.round.welcomeSome' : 'view.round.reflectSome', {
    minutes,
    group,
    voices: numberWord(msg, r.voices),
    count: r.voices,
  });
}

function exerciseTiming(msg: Messages, minutes: number, natural: number | undefined, hasCut: boolean, hasExtension: boolean): string | null {
  if (!natural) return null;
  if (minutes < natural) return msg.t(hasCut ? 'view.timing.squeezedCut' : 'view.timing.squeezed', { minutes, natural });
  if (minutes > natural) return msg.t(hasExtension ? 'view.timing.longerExtension' : 'view.timing.longer', { minutes, natural, more: minutes - natural });
  return msg.t('view.timing.natural', { natural });
}

function blockView(msg: Messages, b: PlannedBlock, taught: Set<string>, group: number, sponsor: string, online = false) {
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
    workflow: b.workflow ? workflowView(msg, b.workflow, taught.has(b.workflow.id)) : null,
    prompt: b.prompt && b.workflow ? promptView(b.prompt, b.workflow, true) : null,
    text: b.text ?? null,
    notes: b.notes ?? null,
    shareText: b.kind === 'share-back' ? shareBackText(msg, b.minutes, group, online) : null,
    roundText: b.kind === 'welcome' || b.kind === 'reflect' ? roundText(msg, b.kind, b.minutes, group) : null,
    showcaseText: b.kind === 'showcase' ? showcaseText(msg, b.minutes, group, sponsor, online) : null,
    timing:
      b.kind === 'exercise' ? exerciseTiming(msg, b.minutes, b.natural, Boolean(b.workflow?.exercise?.cut), Boolean(b.workflow?.exercise?.extension)) : null,
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
function practiceDue(msg: Messages, nextWhen: string | null, checkIn: string): string {
  return nextWhen ? msg.t('view.due.next', { when: nextWhen }) : msg.t('view.due.checkIn', { checkIn });
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
function capstoneMenu(msg: Messages, p: PlannedProgramme, taughtIds: ReadonlySet<string>) {
  const titles = (ids: readonly string[]) =>
    msg.list(
      ids
        .map((id) => p.role.workflows.find((w) => w.id === id)?.title)
        .filter((t): t is string => Boolean(t))
        .map(msg.inSentence),
    );
  const all = (p.role.capstones ?? [])
    .filter((c) => c.id === p.capstone?.id || !capstoneBreaksPolicy(c, p.role, p.dataPolicy.forbidden))
    .map((c) => ({
      title: c.title,
      deliverable: c.deliverable,
      audience: c.audience?.length ? msg.list(c.audience) : null,
      isDefault: c.id === p.capstone?.id,
      workflows: titles(c.workflows ?? []),
      needs: titles((c.workflows ?? []).filter((id) => !taughtIds.has(id))),
    }));
  return {
    capstoneMenu: [...all.filter((c) => c.isDefault), ...all.filter((c) => !c.isDefault && !c.needs)],
    capstoneUntaught: all.filter((c) => !c.isDefault && c.needs),
  };
}

export function buildView(p: PlannedProgramme, blueprint: Blueprint, msg: Messages) {
  const t = msg.t;
  const zone = p.schedule.timezone;
  const taughtIds = new Set(p.sessions.flatMap((s) => s.taught.map((w) => w.id)));
  const last = p.sessions[p.sessions.length - 1];
  const first = p.sessions[0];
  const checkInDays = p.checkIns.map((c) => String(c.afterDays));
  const checkInDates = p.checkIns.map((c) => msg.shortOf(c)).filter((d): d is string => Boolean(d));
  const checkInsLabel = p.checkIns.length
    ? checkInDates.length
      ? t('view.checkInsDated', { days: msg.list(checkInDays), dates: msg.list(checkInDates) })
      : t('view.checkInsLabel', { days: msg.list(checkInDays) })
    : t('view.noneplanned');
  const daysAfterLast = (c: { afterDays: number }) => t('view.daysAfterLast', { days: c.afterDays });
  const weeks = last ? Math.ceil((last.day + 1) / 7) : 1;
  const sponsorLabel =
    p.sponsor && !p.sponsor.tbd
      ? person(msg, p.sponsor, 'title')!
      : p.sponsor?.title
        ? t('view.sponsorUnnamedAs', { title: p.sponsor.title })
        : t('view.sponsorUnnamed');
  const sponsorShort = p.sponsor && !p.sponsor.tbd ? p.sponsor.name : t('view.theSponsor');
  const firstCheckIn = p.checkIns[0];
  const checkInShort = firstCheckIn
    ? t('view.checkInShort', { n: 1, when: msg.shortOf(firstCheckIn) ?? daysAfterLast(firstCheckIn) })
    : t('view.theNextSession');
  const capstoneIds = new Set(p.capstone?.workflows ?? []);
  const milestone = (s: PlannedSession): string => {
    if (s.arc !== 'middle') return blueprint.milestones[s.arc];
    const own = s.taught.filter((w) => capstoneIds.has(w.id)).map((w) => msg.inSentence(w.title));
    const other = s.taught.filter((w) => !capstoneIds.has(w.id)).map((w) => msg.inSentence(w.title));
    const optional = other.length ? fill(blueprint.milestones.optional, { workflow: msg.list(other) }) : '';
    return own.length
      ? [fill(blueprint.milestones.middle, { workflow: msg.list(own) }), optional].filter(Boolean).join(' ')
      : [blueprint.milestones.none, optional].filter(Boolean).join(' ');
  };
  const sessionCount = p.sessions.length;
  const minutesSet = [...new Set(p.sessions.map((s) => s.minutes))];
  const sessionCountLabel =
    minutesSet.length === 1 ? t('view.sessionCountOf', { n: sessionCount, minutes: minutesSet[0]! }) : t('view.sessionCount', { n: sessionCount });
  const scheduleLabel =
    p.schedule.start && first
      ? t('view.scheduleDated', { sessions: sessionCountLabel, every: p.schedule.every, date: msg.longOf(first) ?? '', time: msg.time(p.schedule.time), zone })
      : t('view.scheduleUndated', { sessions: sessionCountLabel, every: p.schedule.every, time: msg.time(p.schedule.time) });

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
    ownerLabel: person(msg, p.owner, 'team') ?? t('view.toBeNamed'),
    sponsorLabel,
    sponsorLabelStart: upperFirst(sponsorLabel),
    sponsorShort,
    facilitatorsLabel: p.facilitators.length ? msg.list(p.facilitators.map((f) => person(msg, f, 'team')!)) : t('view.toBeNamed'),
    tools: p.tools,
    /** The approved tools as one phrase: "A or B". */
    toolsOr: p.tools.join(t('view.or')),
    dataPolicy: p.dataPolicy,
    /** `--format prompts`: the pack carries the prompt library as test files (prompts/…), and the prompt page links them. */
    promptExports: p.formats.includes('prompts'),
    groupSize: p.groupSize,
    sessionCountLabel,
    scheduleLabel,
    checkInsLabel,
    reportCommand: p.reportCommand ?? `cocoon report --programme ${p.id}`,
    weeksLabel: t('view.weeks', { n: weeks, word: numberWord(msg, weeks) }),
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
    ...capstoneMenu(msg, p, taughtIds),
    lastCheckInShort: p.checkIns.length
      ? t('view.checkInShort', { n: p.checkIns.length, when: msg.shortOf(p.checkIns.at(-1)!) ?? daysAfterLast(p.checkIns.at(-1)!) })
      : t('view.theLastSession'),
    leaderExamples: p.role.leader_examples ?? [],
    lastSessionNumber: last?.number ?? 1,
    lastSessionWhen: (last && msg.longOf(last)) ?? null,
    checkIns: p.checkIns.map((c) => ({ whenShort: msg.shortOf(c) ?? daysAfterLast(c) })),
  };

  const sessions = p.sessions.map((s: PlannedSession, i) => {
    const next = p.sessions[i + 1];
    const handsOn = s.blocks.filter((b) => WITH_TOOL.has(b.kind)).reduce((t, b) => t + b.minutes, 0);
    return {
      number: s.number,
      title: s.title,
      minutes: s.minutes,
      whenLabel: whenLabel(msg, s, zone),
      start: s.start,
      shortWhen: msg.shortOf(s) ?? t('view.weekShort', { week: s.week }),
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
      blocks: s.blocks.map((b) => blockView(msg, b, taughtIds, p.groupSize, sponsorShort, p.delivery !== 'room')),
      taught: s.taught.map((w) => workflowView(msg, w)),
      practice: s.assignments.map((a) => ({
        ...workflowView(msg, a.workflow),
        assignment: assignmentView(a),
        due: practiceDue(msg, next ? whenLabel(msg, next, zone) : null, checkInShort),
      })),
      practiceCapstone: s.practiceCapstone,
      shareBack: s.shareBackAssignments.map((a) => ({ ...workflowView(msg, a.workflow), assignment: assignmentView(a) })),
      nextNumber: next?.number ?? null,
      nextWhenLabel: next ? whenLabel(msg, next, zone) : null,
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
    delivery: deliveryWords(p.delivery, p.location, t),
    norms: norms(p.delivery, t),
    location: p.location ?? null,
    // The header names the role unless the title already does ("AI for Finance · Finance" reads twice).
    headerRole: p.title.toLowerCase().includes(p.role.name.toLowerCase()) ? '' : p.role.name,
    sessions,
    checkIns: p.checkIns.map((c) => ({
      number: c.number,
      afterDays: c.afterDays,
      minutes: c.minutes,
      whenLabel: msg.longOf(c)
        ? t('view.whenDated', { date: msg.longOf(c)!, start: msg.time(c.start), end: msg.time(c.end), zone })
        : t('view.daysAfterSession', { days: c.afterDays, n: last?.number ?? 1 }),
    })),
    workflows: p.workflows.map((w) => workflowView(msg, w)),
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
    practisedOnCopiesLabel: msg.list(
      uniqueBy(
        p.sessions.flatMap((s) => s.assignments).filter((a) => a.mode !== 'this'),
        (a) => a.workflow.id,
      ).map((a) => msg.inSentence(a.workflow.title)),
    ),
    prompts,
    otherPrompts: prompts.some((x) => !x.taught),
    capstoneWorkflows: (p.capstone?.workflows ?? [])
      .map((id) => p.role.workflows.find((w) => w.id === id))
      .filter((w): w is Workflow => Boolean(w))
      .map((w) => workflowView(msg, w)),
    firstWhen: first ? whenLabel(msg, first, zone) : '',
    lastWhen: last ? whenLabel(msg, last, zone) : '',
    leaderFirstMinutes: first?.blocks.filter((b) => b.kind === 'leader').reduce((t, b) => t + b.minutes, 0) || leaderBlock(first)?.minutes || 0,
    leaderLastMinutes: last ? last.blocks.filter((b) => b.kind === 'leader' || b.kind === 'showcase').reduce((t, b) => t + b.minutes, 0) : 0,
  };
}
export type PackView = ReturnType<typeof buildView>;
