import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'time/hands-on-ratio',
    severity: 'warning',
    failureMode: 'time',
    description: 'Hands-on blocks take less than 40 % of a session.',
    hint: 'Turn talk into exercises, failure galleries, share-backs or capstone work.',
    explanation:
      'People learn a workflow by doing it on material that looks like theirs. Hands-on kinds are exercise, failure-gallery, share-back, project and showcase; the generated arc gives them at least half of every session.',
    example: '- { kind: exercise, minutes: 30, workflow: variance-commentary }',
    messages: { low: 'Session {n} is {percent} % hands-on; aim for at least 40 %' },
  },
  checkProgramme(p, ctx) {
    for (const s of p.sessions) {
      const handsOn = s.blocks.filter((b) => b.handsOn).reduce((t, b) => t + b.minutes, 0);
      if (s.minutes > 0 && handsOn / s.minutes < 0.4)
        ctx.report({ messageId: 'low', data: { n: s.number, percent: Math.round((100 * handsOn) / s.minutes) }, at: sessionAt(s, 'blocks') });
    }
  },
});
