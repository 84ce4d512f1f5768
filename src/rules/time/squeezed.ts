import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'time/squeezed',
    severity: 'warning',
    failureMode: 'time',
    description: "An exercise block is shorter than the exercise's natural length.",
    hint: 'Give the exercise its `minutes`, teach fewer workflows per session, or make sure the exercise has a `cut:` that says what to drop.',
    explanation:
      "An exercise squeezed below its natural length loses its debrief first, and the debrief is where people learn what to check. When a session must squeeze, the facilitator needs to know what to cut; the agenda prints the exercise's `cut`, and this warning says where it happens.",
    example: 'exercise: { title: …, minutes: 25, cut: Skip step 4 and take it into the debrief }',
    messages: { squeezed: 'Session {n}: "{title}" gets {minutes} of its natural {natural} minutes' },
  },
  checkProgramme(p, ctx) {
    for (const s of p.sessions)
      for (const b of s.blocks) {
        const natural = b.natural ?? (b.kind === 'exercise' && !b.role ? b.workflow?.exercise?.minutes : undefined);
        if (b.kind === 'exercise' && natural && b.minutes < natural)
          ctx.report({
            messageId: 'squeezed',
            data: { n: s.number, title: b.workflow?.exercise?.title ?? b.title, minutes: b.minutes, natural },
            at: s.handwritten ? { ...b.at, path: [...b.at.path, 'minutes'] } : sessionAt(s),
          });
      }
  },
});
