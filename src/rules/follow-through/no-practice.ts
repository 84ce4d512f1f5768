import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/no-practice',
    severity: 'error',
    failureMode: 'follow-through',
    description: 'A session other than the last sets no practice assignment.',
    hint: 'Add `practice: <workflow-id>` to the session.',
    explanation:
      "The gap between sessions is where the learning happens: a practice assignment on the participant's own work, with evidence to bring back. A session that sets none leaves the skill to fade.",
    example: 'sessions:\n  - title: Foundations\n    practice: variance-commentary',
    messages: { none: 'Session {n} sets no practice assignment before the next session' },
  },
  checkProgramme(p, ctx) {
    for (const s of p.sessions.slice(0, -1))
      if (s.practiceIds.length === 0 && !s.practiceCapstone) ctx.report({ messageId: 'none', data: { n: s.number }, at: sessionAt(s) });
  },
});
