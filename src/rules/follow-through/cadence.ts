import { comesRoundWithin } from '../../model/model.js';
import { sub } from '../../pipeline/load/source.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/cadence',
    severity: 'warning',
    failureMode: 'follow-through',
    description: 'A hand-written session sets practice on work that cannot come round before the next session.',
    hint: 'Set practice on work that recurs within the gap, or keep it and expect the evidence at the first check-in (the handout says "at your next month-end").',
    explanation:
      'Month-end commentary cannot be practised in a seven-day gap unless month-end falls in it. The handout points such practice at the next occurrence and the first check-in, but the next share-back will have plans, not evidence; choose it knowingly.',
    example: 'practice: supplier-queries      # daily work, for a weekly gap',
    messages: { cadence: 'Session {n} sets practice on "{workflow}", which comes round once a {per}, but the next session is {gap} days later' },
  },
  checkProgramme(p, ctx) {
    p.sessions.forEach((s, i) => {
      const next = p.sessions[i + 1];
      if (!s.handwritten || !next) return;
      const gap = next.day - s.day;
      s.practice.forEach((w, k) => {
        const per = w.baseline?.per;
        if (per && !comesRoundWithin(per, gap))
          ctx.report({
            messageId: 'cadence',
            data: { n: s.number, workflow: w.title, per, gap },
            at: s.practiceIds.length > 1 ? sub(s.at, 'practice', k) : sub(s.at, 'practice'),
          });
      });
    });
  },
});
