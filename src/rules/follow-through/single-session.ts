import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/single-session',
    severity: 'error',
    failureMode: 'follow-through',
    description: 'A programme has fewer than 2 sessions.',
    hint: 'Plan at least two sessions with practice in between (`schedule.sessions: 4`).',
    explanation:
      'Skills from a one-off workshop fade within about two weeks. The method is learn → apply → reflect: people try the workflow on real work between sessions and bring back what happened.',
    example: 'schedule: { sessions: 4, every: 7 }',
    messages: { single: 'Programme has {count} session(s); follow-through needs at least 2' },
  },
  checkProgramme(p, ctx) {
    if (p.sessions.length < 2)
      ctx.report({
        messageId: 'single',
        data: { count: p.sessions.length },
        at: p.handwritten ? programmeAt(p, 'sessions') : programmeAt(p, 'schedule', 'sessions'),
      });
  },
});
