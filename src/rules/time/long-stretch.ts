import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

/** Ninety minutes is about as long as adults keep doing hands-on work well; after it, errors go unchecked. */
const LIMIT = 90;

export default defineRule({
  meta: {
    id: 'time/long-stretch',
    severity: 'warning',
    failureMode: 'time',
    description: 'A session runs more than 90 minutes without a break.',
    hint: 'Add `{ kind: break, minutes: 10 }` so no stretch is longer than 90 minutes (two breaks in a 240-minute session).',
    explanation:
      'Attention and the care people take over checking outputs both drop after about ninety minutes of hands-on work. One break in a four-hour session leaves a stretch of two hours or more either side of it.',
    example: '- { kind: break, minutes: 15 }      # every 90 minutes at most',
    messages: { long: 'Session {n} runs {minutes} minutes without a break, from {start} to {end}' },
  },
  checkProgramme(p, ctx) {
    for (const s of p.sessions) {
      let from = 0;
      let run = 0;
      s.blocks.forEach((b, i) => {
        if (b.kind === 'break') {
          from = i + 1;
          run = 0;
          return;
        }
        run += b.minutes;
        const next = s.blocks[i + 1];
        if (run > LIMIT && (!next || next.kind === 'break'))
          ctx.report({
            messageId: 'long',
            data: { n: s.number, minutes: run, start: s.blocks[from]!.start, end: b.end },
            at: s.handwritten ? { ...s.blocks[from]!.at } : sessionAt(s),
          });
      });
    }
  },
});
