import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/gap',
    severity: 'warning',
    failureMode: 'follow-through',
    description: 'Sessions are fewer than 3 or more than 14 days apart.',
    hint: 'Space sessions 7 days apart (3–14).',
    explanation: 'Fewer than 3 days leaves no time to practise on real work; more than 14 lets the skill fade before the next session.',
    example: 'schedule: { every: 7 }',
    messages: { gap: 'Sessions are {days} days apart; keep them 3–14 days apart' },
  },
  checkProgramme(p, ctx) {
    const days = p.schedule.every;
    if (p.sessions.length > 1 && (days < 3 || days > 14)) ctx.report({ messageId: 'gap', data: { days }, at: programmeAt(p, 'schedule', 'every') });
  },
});
