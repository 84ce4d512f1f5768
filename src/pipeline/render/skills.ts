import type { PlannedProgramme } from '../plan/plan.js';
import { plainMessages, type Messages } from './messages.js';

/**
 * The pre and post skills check, derived from the role: its questions, options and right answers. Its own
 * module, because the forms print it and the report and the evidence record score against it.
 */

export interface SkillsQuestion {
  id: string;
  kind: 'human-step' | 'data-policy' | 'verify' | 'plausible-wrong' | 'risk';
  stem: string;
  /** Options in the printed order; `correct` is the index of the right one. */
  options: string[];
  correct: number;
  /** Why, for the facilitator. */
  why: string;
  /** The workflow the question is about (the evidence record's "how it is checked"); none for general ones. */
  workflow?: string;
}

export const OPTION_LETTERS = ['a', 'b', 'c', 'd'];

/** Put the right answer at a position that moves with the question number, so it is not always (a). */
function place(right: string, wrong: string[], n: number): { options: string[]; correct: number } {
  const options = wrong.slice(0, 3);
  const correct = n % (options.length + 1);
  options.splice(correct, 0, right);
  return { options, correct };
}

/**
 * 6–10 questions from the role data: which step stays human, which data may not be pasted, what to
 * verify in an output, and what to do with a plausible-but-wrong output. Pure: the report scores
 * answers against the same questions it recomputes from the programme.
 */
export function skillsQuestions(p: PlannedProgramme, t: Messages['t'] = plainMessages().t): SkillsQuestion[] {
  const drafts: Omit<SkillsQuestion, 'id' | 'options' | 'correct'>[] = [];
  const picks: { right: string; wrong: string[] }[] = [];
  // Each wrong option at most twice in one check: a novice cannot learn the check's tells.
  const used = new Map<string, number>();
  const add = (q: Omit<SkillsQuestion, 'id' | 'options' | 'correct'>, right: string, pool: readonly string[], exclude: readonly string[] = []) => {
    if (drafts.length >= 10) return;
    const seen = new Set([right, ...exclude].map((x) => x.toLowerCase()));
    const wrong: string[] = [];
    // The least-used candidates first, in the role's own order.
    const candidates = pool.map((x, i) => ({ x, i })).sort((a, b) => (used.get(a.x) ?? 0) - (used.get(b.x) ?? 0) || a.i - b.i);
    for (const { x } of candidates) {
      if (wrong.length >= 3 || (used.get(x) ?? 0) >= 2 || seen.has(x.toLowerCase())) continue;
      seen.add(x.toLowerCase());
      wrong.push(x);
    }
    if (wrong.length < 2) return;
    for (const w of wrong) used.set(w, (used.get(w) ?? 0) + 1);
    drafts.push(q);
    picks.push({ right, wrong });
  };
  const tool = p.tools[0] ?? t('forms.anyTool');
  const forbidden = p.dataPolicy.forbidden;
  const allowed = p.dataPolicy.allowed;
  if (forbidden.length && allowed.length >= 2)
    add({ kind: 'data-policy', stem: t('forms.q.mayNot', { tool }), why: t('forms.q.mayNotWhy', { forbidden: forbidden[0]! }) }, forbidden[0]!, allowed);
  // What people learn per workflow is its checks, its prompts' verify lists and its risks; a wrong option
  // is one of those from another workflow of the role: plausible, and wrong only to someone who learnt this one.
  const all = [...p.workflows, ...p.role.workflows.filter((w) => !p.workflows.some((x) => x.id === w.id))];
  const checksOf = (w: (typeof all)[number]) => [...(w.checks ?? []), ...(w.prompts ?? []).flatMap((x) => x.verify ?? [])];
  for (const w of p.workflows) {
    const others = all.filter((o) => o.id !== w.id);
    const otherChecks = others.flatMap(checksOf);
    const human = w.steps.filter((s) => s.ai === 'human');
    const ai = w.steps.filter((s) => s.ai !== 'human');
    if (human.length && ai.length >= 2)
      add(
        {
          kind: 'human-step',
          workflow: w.id,
          stem: t('forms.q.human', { workflow: w.title }),
          why: t('forms.q.humanWhy', { step: human[0]!.do }),
        },
        human[0]!.do,
        ai.map((s) => s.do),
      );
    const prompt = (w.prompts ?? []).find((x) => x.verify?.length);
    if (prompt)
      add(
        {
          kind: 'verify',
          workflow: w.id,
          stem: t('forms.q.verify', { prompt: prompt.title }),
          why: t('forms.q.verifyWhy', { check: prompt.verify![0]! }),
        },
        prompt.verify![0]!,
        otherChecks,
        checksOf(w),
      );
    const check = w.checks?.[0];
    const risk = w.risks?.[0];
    if (check && risk)
      add(
        {
          kind: 'plausible-wrong',
          workflow: w.id,
          stem: t('forms.q.fluent', { workflow: w.title }),
          why: t('forms.q.fluentWhy', { risk, check }),
        },
        check,
        [...otherChecks].reverse(),
        checksOf(w),
      );
    const otherRisks = others.flatMap((o) => o.risks ?? []);
    if (risk && drafts.length < 10)
      add(
        {
          kind: 'risk',
          stem: t('forms.q.risk', { workflow: w.title }),
          why: t('forms.q.riskWhy', { risk }),
        },
        risk,
        otherRisks,
        w.risks ?? [],
      );
  }
  // A second data-policy question when the workflows gave too few.
  if (drafts.length < 6 && forbidden.length >= 2 && allowed.length >= 1)
    add(
      {
        kind: 'data-policy',
        stem: t('forms.q.may', { tool }),
        why: t('forms.q.mayWhy', { allowed: allowed[0]! }),
      },
      allowed[0]!,
      forbidden,
    );
  // Role-independent questions when the role gives fewer than six.
  const generic: [Omit<SkillsQuestion, 'id' | 'options' | 'correct'>, string, string[]][] = [
    [
      {
        kind: 'plausible-wrong',
        stem: t('forms.q.invented'),
        why: t('forms.q.inventedWhy'),
      },
      t('forms.q.inventedRight'),
      [t('forms.q.inventedWrong1'), t('forms.q.inventedWrong2'), t('forms.q.inventedWrong3')],
    ],
    [
      { kind: 'verify', stem: t('forms.q.accountable'), why: t('forms.q.accountableWhy') },
      t('forms.q.accountableRight'),
      [t('forms.q.accountableWrong1'), t('forms.q.accountableWrong2'), t('forms.q.accountableWrong3')],
    ],
    [
      {
        kind: 'data-policy',
        stem: t('forms.q.unsure', { tool }),
        why: t('forms.q.unsureWhy'),
      },
      t('forms.q.unsureRight'),
      [t('forms.q.unsureWrong1'), t('forms.q.unsureWrong2'), t('forms.q.unsureWrong3')],
    ],
  ];
  for (const [q, right, wrong] of generic) if (drafts.length < 6) add(q, right, wrong);
  return drafts.map((d, i) => ({ ...d, id: `q${i + 1}`, ...place(picks[i]!.right, picks[i]!.wrong, i) }));
}
