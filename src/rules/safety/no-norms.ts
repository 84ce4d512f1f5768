import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'safety/no-norms',
    severity: 'error',
    failureMode: 'safety',
    description: 'Session 1 has no norms block.',
    hint: 'Add `{ kind: norms, minutes: 10 }` near the start of session 1.',
    explanation:
      'Group norms — we share drafts not finished work, weak outputs are data, what is said here stays here — make it safe to try and fail. Agreed in session 1, they hold for the whole programme.',
    example: '- { kind: norms, minutes: 10 }',
    messages: { none: 'Session 1 has no norms block, so nobody has agreed it is safe to get things wrong' },
  },
  checkProgramme(p, ctx) {
    const first = p.sessions[0];
    if (first && !first.blocks.some((b) => b.kind === 'norms')) ctx.report({ messageId: 'none', at: sessionAt(first, 'blocks') });
  },
});
