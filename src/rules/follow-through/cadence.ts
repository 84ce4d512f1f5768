import { comesRoundWithin } from '../../model/model.js';
import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/cadence',
    severity: 'warning',
    failureMode: 'follow-through',
    description:
      "A hand-written session sets practice on work that cannot come round before the next session, so participants practise the role's fallback instead.",
    hint: "Set practice on work that recurs within the gap if the real thing matters, or keep it knowingly: the handout sets the practice on the role's `practice.fallback`.",
    explanation:
      "Month-end commentary cannot be practised in a seven-day gap unless month-end falls in it. The handout then sets the role's `practice.fallback` (earlier work, redacted or re-keyed) and the share-back asks for that. Without a fallback, follow-through/practice-before-work reports it instead.",
    example: 'practice: supplier-queries      # daily work, for a weekly gap',
    messages: {
      cadence:
        'Session {n} sets practice on "{workflow}", which comes round once a {per}, but the next session is {gap} days later: its fallback is practised instead',
    },
  },
  checkProgramme(p, ctx) {
    p.sessions.forEach((s, i) => {
      const next = p.sessions[i + 1];
      if (!s.handwritten || !next) return;
      const gap = next.day - s.day;
      s.practice.forEach((w, k) => {
        const per = w.baseline?.per;
        // Without a fallback it is follow-through/practice-before-work's to report.
        if (per && !comesRoundWithin(per, gap) && w.practice?.fallback)
          ctx.report({
            messageId: 'cadence',
            data: { n: s.number, workflow: w.title, per, gap },
            at: s.practiceIds.length > 1 ? sub(s.at, 'practice', k) : sub(s.at, 'practice'),
          });
      });
    });
  },
});
