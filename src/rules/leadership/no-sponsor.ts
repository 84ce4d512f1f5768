import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'leadership/no-sponsor',
    severity: 'error',
    failureMode: 'leadership',
    description: 'A programme has no sponsor.',
    hint: 'Add `sponsor: { name: …, title: … }` — a senior leader of the function.',
    explanation:
      'People copy what their leaders do, not what they announce. A named sponsor opens the programme with their own AI use, comes to the showcase, and keeps asking about it afterwards.',
    example: 'sponsor: { name: Dana Lee, title: CFO }',
    messages: { none: 'Programme `{id}` has no sponsor' },
  },
  checkProgramme(p, ctx) {
    if (!p.sponsor) ctx.report({ messageId: 'none', data: { id: p.id }, at: programmeAt(p, 'sponsor') });
  },
});
