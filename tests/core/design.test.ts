import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentenceRound, shareBackPlan, showcasePlan } from '../../src/pipeline/plan/arithmetic.js';
import { lintProgramme } from '../../src/pipeline/lint/lint.js';
import type { Role } from '../../src/model/model.js';
import { loadBlueprint, loadRole } from '../../src/app/stages.js';
import { planProgramme, type PlannedProgramme } from '../../src/pipeline/plan/plan.js';
import { virtualSource } from '../../src/model/loc.js';
import { buildView } from '../../src/pipeline/render/view.js';
import { loadMessages } from '../../src/pipeline/render/messages.js';

const en = await loadMessages('en');
import { FIXTURES, ROOT, BUILT_IN_ROLES } from '../helpers.js';

/**
 * The session designer's promises, checked on every built-in role at the shapes a designer would
 * question (2 × 45 up to 8 × 240) and three group sizes, and on random roles and shapes:
 * the agenda adds up, no stretch runs past 90 minutes, no exercise is taught twice, every per-person
 * activity fits its block, milestones name only the capstone's workflows, the printed hands-on share
 * is the hands-on blocks' share, and a shape that cannot carry a capstone says so.
 */

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_130) });
const blueprint = loadBlueprint();
const SHAPES: [number, number][] = [
  [2, 45],
  [3, 120],
  [4, 90],
  [6, 60],
  [8, 45],
  [8, 240],
];
const GROUPS = [4, 8, 12];
const WITH_TOOL = new Set(['exercise', 'failure-gallery', 'project']);

function plan(role: Role, sessions: number, minutes: number, group: number, extra: Record<string, unknown> = {}): PlannedProgramme {
  return planProgramme({
    role,
    roleAt: { source: virtualSource('role.yaml'), path: [] },
    programme: {
      id: 'p',
      role: role.id,
      group_size: group,
      sponsor: { name: 'Dana Lee', title: 'Director' },
      owner: { name: 'Sam Ortiz', team: 'Operations' },
      schedule: { sessions, minutes },
      ...extra,
    },
    at: { source: virtualSource('p.yaml'), path: [] },
    blueprint,
  });
}

function checkInvariants(p: PlannedProgramme, where: string): void {
  const view = buildView(p, blueprint, en);
  const exercised = new Map<string, number>();
  const capstone = new Set(p.capstone?.workflows ?? []);
  p.sessions.forEach((s, i) => {
    const at = `${where} session ${s.number}`;
    expect(
      s.blocks.reduce((t, b) => t + b.minutes, 0),
      `${at}: blocks add up`,
    ).toBe(s.minutes);
    let run = 0;
    for (const b of s.blocks) {
      run = b.kind === 'break' ? 0 : run + b.minutes;
      expect(run, `${at}: no stretch past 90 minutes`).toBeLessThanOrEqual(90);
      expect(b.minutes, `${at}: ${b.title}`).toBeGreaterThan(0);
      if (b.kind === 'exercise' && b.workflow && b.role !== 'second-pass') {
        expect(exercised.has(b.workflow.id), `${at}: ${b.workflow.id} exercised twice`).toBe(false);
        exercised.set(b.workflow.id, s.number);
      }
      if (b.kind === 'share-back') expect(shareBackPlan(b.minutes, p.groupSize).used, `${at}: share-back fits`).toBeLessThanOrEqual(b.minutes);
      if (b.kind === 'showcase') expect(showcasePlan(b.minutes, p.groupSize).used, `${at}: showcase fits`).toBeLessThanOrEqual(b.minutes);
    }
    const v = view.sessions[i]!;
    const handsOn = s.blocks.filter((b) => WITH_TOOL.has(b.kind)).reduce((t, b) => t + b.minutes, 0);
    expect(v.handsOnMinutes, `${at}: printed hands-on minutes`).toBe(handsOn);
    expect(v.handsOnPercent, `${at}: printed hands-on share`).toBe(Math.round((100 * handsOn) / s.minutes));
    // Milestones apply only the capstone's own workflows; others are offered as optional.
    for (const w of s.taught)
      if (!capstone.has(w.id) && v.capstoneMilestone.toLowerCase().includes(w.title.toLowerCase()))
        expect(v.capstoneMilestone, `${at}: milestone`).toMatch(/Optional, if it helps your capstone/);
  });
  // The capstone is chosen in session 1.
  expect(
    p.sessions[0]!.blocks.some((b) => b.role === 'choose'),
    `${where}: capstone chosen in session 1`,
  ).toBe(true);
}

describe('session design on every built-in role and the shapes that stress it', () => {
  for (const id of BUILT_IN_ROLES) {
    it(id, () => {
      const loaded = loadRole(join(ROOT, 'roles', `${id}.yaml`), { cwd: ROOT });
      const role = loaded.role!;
      for (const [sessions, minutes] of SHAPES)
        for (const group of GROUPS) {
          const p = plan(role, sessions, minutes, group);
          checkInvariants(p, `${id} ${sessions}×${minutes} group ${group}`);
          const rules = lintProgramme(p);
          expect(
            rules.filter((d) => d.severity === 'error'),
            `${id} ${sessions}×${minutes}`,
          ).toEqual([]);
          // Two sessions of 45 minutes a week apart is a lunch-and-learn, not a programme with a capstone.
          if (sessions * minutes < 150)
            expect(
              rules.map((d) => d.rule),
              `${id} ${sessions}×${minutes}`,
            ).toContain('project/too-short');
        }
    });
  }

  it("finance at the default shape: monthly practice is set on the role's fallback, due at the next session, and the share-back asks for it", () => {
    const role = loadRole(join(ROOT, 'roles', 'finance.yaml'), { cwd: ROOT }).role!;
    const p = plan(role, 4, 90, 8, { schedule: { sessions: 4, minutes: 90, start: '2027-03-09', timezone: 'Europe/London' } });
    const view = buildView(p, blueprint, en);
    const monthly = view.sessions.flatMap((s) => s.practice).filter((w) => w.period === 'month');
    expect(monthly.length).toBeGreaterThan(0);
    for (const w of monthly) {
      expect(w.due).toMatch(/^Due at the next session, /);
      expect(w.assignment.mode).toBe('fallback');
      expect(w.assignment.lead).toMatch(/comes round once a month, not within the 7 days before the next session/);
      expect(w.assignment.task).toMatch(/last month's/);
    }
    // The next session's share-back asks for what the practice asked, not for this month's close.
    const second = view.sessions[1]!;
    expect(second.shareBack.map((w) => w.assignment.asked)).toEqual([
      'the stand-in in the handout (the real month-end variance commentary comes round once a month)',
    ]);
    expect(lintProgramme(p).filter((d) => d.rule.startsWith('data/') || d.rule.startsWith('follow-through/'))).toEqual([]);
  });

  it("practice from the period: this month's work in a 28-day gap; last period's, redacted or re-keyed, without a fallback", () => {
    const role = loadRole(join(ROOT, 'roles', 'finance.yaml'), { cwd: ROOT }).role!;
    const monthly = plan(role, 4, 90, 8, { schedule: { sessions: 4, minutes: 90, every: 28 } });
    const a = monthly.sessions[0]!.assignments[0]!;
    expect([a.mode, a.asked]).toEqual(['this', "this month's month-end variance commentary"]);
    expect(a.task).toBe(a.workflow.practice!.task);
    const bare: typeof role = { ...role, workflows: role.workflows.map((w) => ({ ...w, practice: w.practice && { ...w.practice, fallback: undefined } })) };
    const weekly = plan(bare, 4, 90, 8, { schedule: { sessions: 4, minutes: 90 } });
    const b = weekly.sessions[0]!.assignments[0]!;
    expect(b.mode).toBe('last');
    expect(b.lead).toMatch(/^On last month's month-end variance commentary, redacted or re-keyed: it comes round once a month/);
    expect(b.asked).toBe("last month's month-end variance commentary, redacted or re-keyed");
  });
});

describe('session design on random roles, shapes and groups', () => {
  const fixture = loadRole(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), { cwd: FIXTURES }).role!;
  const roleArb = fc.integer({ min: 1, max: 8 }).map((n): Role => {
    const workflows = Array.from({ length: n }, (_, i) => {
      const w = fixture.workflows[i % fixture.workflows.length]!;
      const minutes = [15, 20, 25, 30, 40][i % 5]!;
      return {
        ...w,
        id: `${w.id}-${i}`,
        title: `${w.title} ${i}`,
        exercise: { ...w.exercise!, minutes },
        prompts: (w.prompts ?? []).map((p) => ({ ...p, id: `${p.id}-${i}` })),
        ...(w.demo ? { demo: { ...w.demo, prompt: `${w.demo.prompt}-${i}` } } : {}),
      };
    });
    return { ...fixture, workflows, capstones: [{ ...fixture.capstones![0]!, workflows: [workflows[0]!.id] }] };
  });
  it('hold for 2–8 sessions × 45–240 minutes × groups 4–20', () => {
    fc.assert(
      fc.property(
        roleArb,
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 45, max: 240 }),
        fc.integer({ min: 4, max: 20 }),
        (role, sessions, minutes, group) => {
          checkInvariants(plan(role, sessions, minutes, group), `${role.workflows.length} workflows ${sessions}×${minutes} group ${group}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('per-person arithmetic never promises more than the block holds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 120 }), fc.integer({ min: 1, max: 30 }), (minutes, group) => {
        const share = shareBackPlan(minutes, group);
        expect(share.used).toBeLessThanOrEqual(Math.max(minutes, 3));
        expect(share.speakers).toBeLessThanOrEqual(group);
        const show = showcasePlan(minutes, group);
        expect(show.used).toBeLessThanOrEqual(minutes);
        expect(show.presenters).toBeLessThanOrEqual(group);
        if (show.mode === 'everyone') expect(show.presenters).toBe(group);
        const round = sentenceRound(minutes, group, 2);
        if (minutes >= 3) expect(2 + Math.ceil(round.voices / 2)).toBeLessThanOrEqual(minutes);
        expect(round.voices).toBeLessThanOrEqual(group);
      }),
      { numRuns: 500 },
    );
  });
});

describe('long sessions are designed, not stretched', () => {
  for (const id of BUILT_IN_ROLES)
    it(`${id} 8×240: clinics vary, your own workflow is mapped once, no block past its blueprint maximum by more than the absorbing one`, () => {
      const role = loadRole(join(ROOT, 'roles', `${id}.yaml`), { cwd: ROOT }).role!;
      const p = plan(role, 8, 240, 8, { schedule: { sessions: 8, minutes: 240 } });
      const agenda = (s: PlannedProgramme['sessions'][number]) => s.blocks.map((b) => `${b.kind}/${b.role ?? ''}`).join(' ');
      const clinics = p.sessions.filter((s) => s.arc === 'clinic');
      for (let i = 1; i < clinics.length; i++) expect(agenda(clinics[i]!), `${id}: clinic ${i + 1} repeats the one before`).not.toBe(agenda(clinics[i - 1]!));
      // The second pass runs on a different workflow's material each time.
      const passes = clinics.map((s) => s.blocks.find((b) => b.role === 'second-pass')?.workflowId).filter(Boolean);
      expect(new Set(passes).size, id).toBe(passes.length);
      expect(p.sessions.filter((s) => s.blocks.some((b) => b.role === 'transfer')).length, id).toBeLessThanOrEqual(1);
      for (const s of p.sessions)
        for (const b of s.blocks)
          if (b.kind === 'exercise' && b.natural) expect(b.minutes, `${id} session ${s.number}: ${b.title}`).toBeLessThanOrEqual(b.natural + 10);
    });
});
