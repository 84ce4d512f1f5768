import { sub } from '../../model/loc.js';
import { eachPrompt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'prompt/no-verify',
    severity: 'warning',
    failureMode: 'prompt',
    description: 'A prompt has no verify list.',
    hint: 'Add `verify: [...]`: what a person checks in the output before using it.',
    explanation:
      'Every AI output in a real workflow gets checked by someone accountable for it. The verify list teaches what to check — figures, names, invented causes — so people trust the workflow for the right reasons.',
    example: 'verify: [Figures match the table, No cause is invented]',
    messages: { none: 'Prompt `{id}` has no verify list' },
  },
  checkRole({ role, at }, ctx) {
    for (const { prompt, at: pAt } of eachPrompt(role, at))
      if (!prompt.verify?.length) ctx.report({ messageId: 'none', data: { id: prompt.id }, at: sub(pAt, 'id') });
  },
});
