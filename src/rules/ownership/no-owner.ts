import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'ownership/no-owner',
    severity: 'warning',
    failureMode: 'ownership',
    description: 'A programme has no business owner.',
    hint: 'Add `owner: { name: …, team: … }` — someone in the business, not IT.',
    explanation:
      'When nobody in the business owns the programme, it defaults to IT, and becomes a tool rollout. A business owner owns the outcomes: minutes saved, capstones shipped.',
    example: 'owner: { name: Priya Shah, team: Finance Operations }',
    messages: { none: 'Programme `{id}` has no business owner' },
  },
  checkProgramme(p, ctx) {
    if (!p.owner) ctx.report({ messageId: 'none', data: { id: p.id }, at: programmeAt(p, 'owner') });
  },
});
