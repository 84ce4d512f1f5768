import { sub } from '../../model/loc.js';
import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'time/overrun',
    severity: 'error',
    failureMode: 'time',
    description: "A session's blocks add up to more than its minutes, or a generated programme lists more workflows than its sessions can teach.",
    hint: 'Shorten blocks or lengthen the session so the agenda fits; for a generated programme, list fewer workflows or add sessions or minutes.',
    explanation:
      'An agenda that does not fit gets cut in the room, and what gets cut is always the end: the practice commitment and the reflection — the follow-through. For a generated programme the same happens when `workflows:` lists more than the sessions can hold: every workflow needs a demo and an exercise, and squeezing them would break the half-hands-on promise.',
    example: 'minutes: 90\nblocks: [{ kind: welcome, minutes: 10 }, …]   # blocks add up to 90 or less',
    messages: {
      over: 'Session {n} blocks add up to {sum} minutes, {over} more than its {minutes}',
      crowded:
        '{count} workflows do not fit in {sessions} sessions of {minutes} minutes; at most {fits} can each get a demo and an exercise without squeezing the exercises below 70 % of their natural length',
    },
  },
  checkProgramme(p, ctx) {
    // Only workflows the role has count: an unknown id is ref/unresolved's, not a second error here.
    if (p.workflowCapacity !== undefined && p.workflows.length > p.workflowCapacity)
      ctx.report({
        messageId: 'crowded',
        data: { count: p.workflows.length, sessions: p.sessions.length, minutes: p.schedule.minutes, fits: p.workflowCapacity },
        at: sub(p.at, 'workflows'),
      });
    for (const s of p.sessions) {
      const sum = s.blocks.reduce((t, b) => t + b.minutes, 0);
      if (sum > s.minutes)
        ctx.report({ messageId: 'over', data: { n: s.number, sum, over: sum - s.minutes, minutes: s.minutes }, at: sessionAt(s, 'minutes') });
    }
  },
});
