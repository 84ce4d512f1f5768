import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'time/no-break',
    severity: 'warning',
    failureMode: 'time',
    description: 'A session of 90 minutes or more has no break.',
    hint: 'Add `{ kind: break, minutes: 10 }` around the middle.',
    explanation:
      'After about an hour of hands-on work attention drops and people stop trying new things. A break also gives quieter people a moment to ask for help one to one.',
    example: '- { kind: break, minutes: 10 }',
    messages: { none: 'Session {n} runs {minutes} minutes with no break' },
  },
  checkProgramme(p, ctx) {
    for (const s of p.sessions)
      if (s.minutes >= 90 && !s.blocks.some((b) => b.kind === 'break'))
        ctx.report({ messageId: 'none', data: { n: s.number, minutes: s.minutes }, at: sessionAt(s, 'blocks') });
  },
});
