import type { Blueprint } from '../core/blueprint.js';
import { fill } from '../core/blueprint.js';
import type { AiMode, ExerciseFormat, Person, Prompt, Workflow } from '../core/model.js';
import { lowerFirst, type PlannedBlock, type PlannedProgramme, type PlannedSession, type When } from '../core/plan.js';
import { listJoin } from '../core/text.js';

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
    template: prompt.template,
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
  const prompt = (w.prompts ?? []).find((p) => p.id === demo.prompt) ?? w.prompts?.[0];
  const filled = prompt
    ? prompt.template.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (raw, name: string) => (demo.values?.[name] ?? prompt.variables?.[name]?.example ?? raw).replace(/\n+$/, "")).trimEnd()
    : null;
  return {
    promptId: prompt?.id ?? null,
    promptTitle: prompt?.title ?? null,
    filled,
    // The material is printed on its own only when the filled-in prompt does not already carry it.
    material: filled?.includes(demo.material.trimEnd()) ? null : demo.material,
    output: demo.output,
    verify: prompt?.verify ?? [],
  };
}

export function workflowView(w: Workflow, taught = true) {
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
          solution: w.exercise.solution ?? null,
          hasKey: Boolean(w.exercise.brief || w.exercise.cut || w.exercise.extension || w.exercise.solution),
          debrief: (w.exercise.debrief ?? []).map((d) => (typeof d === 'string' ? { question: d, answer: null } : { question: d.question, answer: d.answer ?? null })),
        }
      : null,
    practice: w.practice ? { title: w.practice.title, task: w.practice.task, evidence: w.practice.evidence ?? [] } : null,
  };
}
export type WorkflowView = ReturnType<typeof workflowView>;

const person = (p: Person | undefined, extra: 'team' | 'title'): string | null =>
  !p ? null : p.tbd ? `to be named${p[extra] ? ` (${p[extra]})` : ''}` : p[extra] ? `${p.name} (${p[extra]})` : p.name;

function whenLabel(w: When, zone: string): string {
  return w.dateLabel ? `${w.dateLabel}, ${w.start}–${w.end} (${zone})` : `Week ${w.week} · ${w.start}–${w.end}`;
}

function blockView(b: PlannedBlock, taught: Set<string>) {
  return {
    kind: b.kind,
    start: b.start,
    end: b.end,
    minutes: b.minutes,
    title: b.title,
    handsOn: b.handsOn,
    partial: `block-${b.kind}`,
    workflow: b.workflow ? workflowView(b.workflow, taught.has(b.workflow.id)) : null,
    prompt: b.prompt && b.workflow ? promptView(b.prompt, b.workflow, true) : null,
    text: b.text ?? null,
    notes: b.notes ?? null,
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
  const sponsorLabel = p.sponsor && !p.sponsor.tbd ? person(p.sponsor, 'title')! : `the sponsor${p.sponsor?.title ? `, a ${p.sponsor.title}` : ''} (to be named)`;
  const sessionCount = p.sessions.length;
  const minutesSet = [...new Set(p.sessions.map((s) => s.minutes))];
  const sessionCountLabel = `${sessionCount} session${sessionCount === 1 ? '' : 's'}${minutesSet.length === 1 ? ` of ${minutesSet[0]} minutes` : ''}`;
  const scheduleLabel = p.schedule.start && first
    ? `${sessionCountLabel}, every ${p.schedule.every} days, starting ${first.dateLabel} at ${p.schedule.time} (${zone}).`
    : `${sessionCountLabel}, every ${p.schedule.every} days, at ${p.schedule.time}. No start date yet, so sessions are numbered by week.`;

  const programme = {
    id: p.id,
    title: p.title,
    org: p.org.name ?? null,
    role: { id: p.role.id, name: p.role.name, summary: p.role.summary ?? null, audience: p.role.audience ?? [], outcomes: p.role.outcomes ?? [] },
    ownerLabel: person(p.owner, 'team') ?? 'to be named',
    sponsorLabel,
    facilitatorsLabel: p.facilitators.length ? listJoin(p.facilitators.map((f) => person(f, 'team')!)) : 'to be named',
    tools: p.tools,
    dataPolicy: p.dataPolicy,
    groupSize: p.groupSize,
    sessionCountLabel,
    scheduleLabel,
    checkInsLabel,
    weeksLabel: `${NUMBER_WORDS[weeks] ?? weeks} week${weeks === 1 ? '' : 's'}`,
    capstone: p.capstone ? { title: p.capstone.title, deliverable: p.capstone.deliverable, success: p.capstone.success ?? [] } : null,
    leaderExamples: p.role.leader_examples ?? [],
    lastSessionNumber: last?.number ?? 1,
    lastSessionWhen: last?.dateLabel ?? null,
    checkIns: p.checkIns.map((c) => ({ whenShort: c.shortLabel ?? `${c.afterDays} days after the last session` })),
  };

  const sessions = p.sessions.map((s: PlannedSession, i) => {
    const next = p.sessions[i + 1];
    const handsOn = s.blocks.filter((b) => b.handsOn).reduce((t, b) => t + b.minutes, 0);
    const taughtTitles = s.taught.map((w) => lowerFirst(w.title));
    return {
      number: s.number,
      title: s.title,
      minutes: s.minutes,
      whenLabel: whenLabel(s, zone),
      shortWhen: s.shortLabel ?? `week ${s.week}`,
      facilitatorFile: `session-${s.number}.md`,
      participantFile: `session-${s.number}.md`,
      facilitatorLink: `facilitator/session-${s.number}.md`,
      participantLink: `participant/session-${s.number}.md`,
      participantFromFacilitator: `../participant/session-${s.number}.md`,
      isFirst: i === 0,
      isLast: i === p.sessions.length - 1,
      handsOnPercent: s.minutes ? Math.round((100 * handsOn) / s.minutes) : 0,
      objectives: s.objectives,
      blocks: s.blocks.map((b) => blockView(b, taughtIds)),
      taught: s.taught.map((w) => workflowView(w)),
      practice: s.practice.map((w) => workflowView(w)),
      shareBack: s.shareBack.map((w) => workflowView(w)),
      nextNumber: next?.number ?? null,
      nextWhenLabel: next ? whenLabel(next, zone) : null,
      capstoneMilestone: fill(blueprint.milestones[s.arc], { workflow: listJoin(taughtTitles) || 'what you learnt' }),
    };
  });

  const prompts = p.prompts.map((lp) => promptView(lp.prompt, lp.workflow, lp.taught));
  const leaderBlock = (s: PlannedSession | undefined) => s?.blocks.find((b) => b.kind === 'leader' || b.kind === 'showcase');
  return {
    programme,
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
    prompts,
    otherPrompts: prompts.some((x) => !x.taught),
    capstoneWorkflows: (p.capstone?.workflows ?? []).map((id) => p.role.workflows.find((w) => w.id === id)).filter((w): w is Workflow => Boolean(w)).map((w) => workflowView(w)),
    firstWhen: first ? whenLabel(first, zone) : '',
    lastWhen: last ? whenLabel(last, zone) : '',
    leaderFirstMinutes: first?.blocks.filter((b) => b.kind === 'leader').reduce((t, b) => t + b.minutes, 0) || leaderBlock(first)?.minutes || 0,
    leaderLastMinutes: last ? last.blocks.filter((b) => b.kind === 'leader' || b.kind === 'showcase').reduce((t, b) => t + b.minutes, 0) : 0,
  };
}
export type PackView = ReturnType<typeof buildView>;
