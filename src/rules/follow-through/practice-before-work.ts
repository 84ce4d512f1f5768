import { comesRoundWithin } from '../../model/model.js';
import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/practice-before-work',
    severity: 'warning',
    failureMode: 'follow-through',
    description: 'A session sets practice on work that does not come round before the practice is due, and the role gives no `practice.fallback`.',
    hint: "Add `practice.fallback:` to the workflow in the role (what to practise on instead, e.g. last month's file, redacted), set this session's practice on work that comes round in the gap, or space the sessions further apart.",
    explanation:
      "A monthly close practised in a weekly gap cannot be done on the real thing: either the practice is quietly skipped, or it moves past the next session while the share-back still asks for the evidence. Generated programmes set such practice on the last period's work, redacted or re-keyed, or on the role's fallback; a hand-written programme should say what people practise on.",
    example:
      "practice:\n  title: Use it on this month's close\n  task: Draft commentary for three cost centres with variance-draft.\n  fallback: Draft last month's commentary again on a re-keyed copy and compare it with what you sent.",
    messages: {
      early:
        'Session {n} sets practice on `{id}`, which comes round once a {per}, not within the {gap} days before it is due, and the role gives no `practice.fallback`',
    },
  },
  checkProgramme(p, ctx) {
    if (!p.handwritten) return;
    p.sessions.forEach((s, i) => {
      const next = p.sessions[i + 1];
      // After the last session the practice is due at the first check-in.
      const gap = next ? next.day - s.day : (p.checkIns[0]?.afterDays ?? 0);
      for (const w of s.practice)
        if (!comesRoundWithin(w.baseline?.per, gap) && !w.practice?.fallback)
          ctx.report({ messageId: 'early', data: { n: s.number, id: w.id, per: w.baseline!.per, gap }, at: sessionAt(s, 'practice') });
    });
  },
});
