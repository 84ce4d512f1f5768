import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDS_ON } from '../../src/model/model.js';
import { loadBlueprint, loadRole } from '../../src/app/stages.js';
import { lintProgramme } from '../../src/pipeline/lint/lint.js';
import { assignWorkflows, planProgramme, selectWorkflows } from '../../src/pipeline/plan/plan.js';
import { virtualSource } from '../../src/model/loc.js';
import { FIXTURES } from '../helpers.js';

const loaded = loadRole(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), { cwd: FIXTURES });
const role = loaded.role!;
const plan = (schedule: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  planProgramme({
    role,
    roleAt: loaded.at!,
    programme: { id: 'p', role: role.id, schedule, ...extra },
    at: { source: virtualSource('test'), path: [] },
    blueprint: loadBlueprint(),
  });

describe('planner arithmetic', () => {
  it('loads the fixture role cleanly', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('for every length 45–240 and 2–8 sessions: blocks sum exactly, hands-on ≥ 50 %, a break from 90 minutes', () => {
    for (let sessions = 2; sessions <= 8; sessions++)
      for (let minutes = 45; minutes <= 240; minutes++) {
        const p = plan({ sessions, minutes });
        expect(p.sessions).toHaveLength(sessions);
        for (const s of p.sessions) {
          const sum = s.blocks.reduce((t, b) => t + b.minutes, 0);
          expect(sum, `${sessions}×${minutes} session ${s.number}`).toBe(minutes);
          const handsOn = s.blocks.filter((b) => HANDS_ON.has(b.kind)).reduce((t, b) => t + b.minutes, 0);
          expect(handsOn / minutes, `${sessions}×${minutes} session ${s.number}`).toBeGreaterThanOrEqual(0.5);
          expect(s.blocks.some((b) => b.kind === 'break')).toBe(minutes >= 90);
          // No stretch of more than 90 minutes without a break.
          let run = 0;
          for (const b of s.blocks)
            expect((run = b.kind === 'break' ? 0 : run + b.minutes), `${sessions}×${minutes} session ${s.number}`).toBeLessThanOrEqual(90);
          for (const b of s.blocks) expect(b.minutes).toBeGreaterThanOrEqual(1);
        }
      }
    // 1 379 programmes, each session fitted first with every exercise at its natural length: about 20 s on one idle core.
  }, 120_000);

  it('clock times chain from the start time without gaps', () => {
    const p = plan({ sessions: 3, minutes: 120, time: '14:00' });
    for (const s of p.sessions) {
      expect(s.blocks[0]!.start).toBe('14:00');
      for (let i = 1; i < s.blocks.length; i++) expect(s.blocks[i]!.start).toBe(s.blocks[i - 1]!.end);
      expect(s.blocks.at(-1)!.end).toBe('16:00');
    }
  });

  it('session 1 has welcome, norms, a leader moment, a demo, an exercise, a failure gallery and a commitment; the last has a showcase and a leader', () => {
    const p = plan({ sessions: 4, minutes: 90 });
    expect(p.sessions[0]!.blocks.map((b) => b.kind)).toEqual([
      'welcome',
      'norms',
      'leader',
      'demo',
      'exercise',
      'break',
      'failure-gallery',
      'project',
      'commit',
      'reflect',
    ]);
    // The exit pulse closes every session; the last closes with the skills check (after) too.
    expect(p.sessions.map((s) => s.blocks.at(-1)!.role)).toEqual(['pulse', 'pulse', 'pulse', 'skills-post']);
    expect(p.sessions.map((s) => s.blocks.at(-1)!.minutes)).toEqual([2, 2, 2, 5]);
    // Session 1 ends with each person choosing their capstone and timing their own baseline.
    expect(p.sessions[0]!.blocks.find((b) => b.kind === 'project')!.role).toBe('choose');
    expect(p.sessions[1]!.blocks.map((b) => b.kind)).toEqual(['share-back', 'demo', 'exercise', 'break', 'project', 'reflect', 'commit', 'reflect']);
    expect(p.sessions[3]!.blocks.map((b) => b.kind)).toEqual(['share-back', 'project', 'break', 'showcase', 'leader', 'reflect', 'commit', 'reflect']);
  });

  it('keeps wall-clock times across a DST change and moves the UTC instant', () => {
    const london = plan({ sessions: 2, start: '2027-03-23', time: '09:30', timezone: 'Europe/London' });
    expect(london.sessions.map((s) => s.startUtc)).toEqual(['2027-03-23T09:30:00Z', '2027-03-30T08:30:00Z']);
    const ny = plan({ sessions: 2, start: '2027-10-31', every: 7, time: '09:30', timezone: 'America/New_York' });
    // New York leaves daylight time on 7 November 2027.
    expect(ny.sessions.map((s) => s.startUtc)).toEqual(['2027-10-31T13:30:00Z', '2027-11-07T14:30:00Z']);
  });

  it('puts check-ins 14 and 28 days after the last session', () => {
    const p = plan({ sessions: 4, start: '2027-01-12', every: 7 });
    expect(p.sessions.at(-1)!.date).toBe('2027-02-02');
    expect(p.checkIns.map((c) => [c.afterDays, c.date])).toEqual([
      [14, '2027-02-16'],
      [28, '2027-03-02'],
    ]);
  });

  it('selects the capstone workflows first, then the essential ones, then file order; never teaches a workflow twice', () => {
    expect(selectWorkflows(role, { id: 'p', role: 'procurement' }, role.capstones![0])).toEqual(['rfq-drafting', 'bid-comparison', 'supplier-review']);
    const essential = { ...role, workflows: role.workflows.map((w) => (w.id === 'supplier-review' ? { ...w, essential: true } : w)) };
    expect(selectWorkflows(essential, { id: 'p', role: 'procurement' }, role.capstones![0])).toEqual(['rfq-drafting', 'bid-comparison', 'supplier-review']);
    expect(selectWorkflows(essential, { id: 'p', role: 'procurement' }, undefined)).toEqual(['supplier-review', 'rfq-drafting', 'bid-comparison']);
    const ws = role.workflows;
    const ids = (perSession: { id: string }[][]) => perSession.map((s) => s.map((w) => w.id));
    // Four sessions of 90 minutes: one workflow a session, the last is the showcase.
    expect(ids(assignWorkflows(loadBlueprint(), ws, 4, 90, false))).toEqual([['rfq-drafting'], ['supplier-review'], ['bid-comparison'], []]);
    // Six sessions: three workflows, then a capstone clinic, then the showcase — nothing taught twice.
    expect(ids(assignWorkflows(loadBlueprint(), ws, 6, 90, false))).toEqual([['rfq-drafting'], ['supplier-review'], ['bid-comparison'], [], [], []]);
    // Two sessions of 240 minutes teach all three in session 1 instead of one workflow in eight hours.
    expect(ids(assignWorkflows(loadBlueprint(), ws, 2, 240, false))).toEqual([['rfq-drafting', 'supplier-review', 'bid-comparison'], []]);
  });

  it('an explicit list that cannot fit is reported by time/overrun as an error, never crammed', () => {
    const p = plan({ sessions: 2, minutes: 90 }, { workflows: ['rfq-drafting', 'supplier-review', 'bid-comparison'] });
    expect(p.workflowCapacity).toBeLessThan(3);
    // Session 1 holds two of them with the failure gallery kept; the last session is the showcase.
    expect(p.workflowCapacity).toBe(2);
    expect(
      lintProgramme(p)
        .filter((d) => d.rule === 'time/overrun')
        .map((d) => d.severity),
    ).toEqual(['error']);
    const roomy = plan({ sessions: 4, minutes: 90 }, { workflows: ['rfq-drafting', 'supplier-review', 'bid-comparison'] });
    expect(lintProgramme(roomy).filter((d) => d.rule === 'time/overrun')).toEqual([]);
  });

  it('every selected workflow is demonstrated, exercised and practised', () => {
    for (let sessions = 2; sessions <= 8; sessions++) {
      const p = plan({ sessions });
      for (const id of p.workflowIds) {
        const blocks = p.sessions.flatMap((s) => s.blocks).filter((b) => b.workflowId === id);
        expect(blocks.some((b) => b.kind === 'demo')).toBe(true);
        expect(blocks.some((b) => b.kind === 'exercise')).toBe(true);
        expect(p.sessions.some((s) => s.practiceIds.includes(id))).toBe(true);
      }
    }
  });
});

describe('dates in a plan', () => {
  it('labels are fixed English, whatever ICU the machine has; the instant and offset follow the zone', async () => {
    const { moment } = await import('../../src/pipeline/plan/schedule.js');
    // September is "Sept" in newer ICU data: a pack must not change with the Node version that built it.
    expect(moment('2027-09-07', '09:30', 'Europe/London')).toEqual({
      dateLabel: 'Tuesday 7 September 2027',
      shortLabel: 'Tue 7 Sep 2027',
      startUtc: '2027-09-07T08:30:00Z',
      offset: 'UTC+1',
    });
    expect(moment('2027-03-27', '09:30', 'Europe/London')).toMatchObject({
      dateLabel: 'Saturday 27 March 2027',
      startUtc: '2027-03-27T09:30:00Z',
      offset: 'UTC',
    });
    expect(moment('2027-03-29', '09:30', 'Europe/London')).toMatchObject({ shortLabel: 'Mon 29 Mar 2027', startUtc: '2027-03-29T08:30:00Z', offset: 'UTC+1' });
    expect(moment('2027-01-04', '10:00', 'Asia/Kolkata')).toMatchObject({ startUtc: '2027-01-04T04:30:00Z', offset: 'UTC+5:30' });
  });
});
