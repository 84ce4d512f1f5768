import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'exercise/no-solution',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'An exercise has no answer key (`solution`).',
    hint: 'Add `solution:` with the answer key or a model output, and `brief:` with what is planted in the material.',
    explanation:
      'Without an answer key the facilitator has to work out in the room what the right output is, and two facilitators debrief the same exercise differently. The solution is facilitator-only: it is printed in the facilitator agenda and never on participant pages.',
    example: 'solution: |\n  Agency fees +13,500: campaign brought forward (holder\'s note).\n  Salaries −600: no cause given → "cause to confirm".',
    messages: { none: 'Exercise "{title}" has no answer key' },
  },
  checkRole({ role, at }, ctx) {
    for (const [wi, w] of role.workflows.entries())
      if (w.exercise && !w.exercise.solution)
        ctx.report({ messageId: 'none', data: { title: w.exercise.title }, at: sub(at, 'workflows', wi, 'exercise', 'title') });
  },
});
