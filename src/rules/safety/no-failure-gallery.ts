import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'safety/no-failure-gallery',
    severity: 'warning',
    failureMode: 'safety',
    description: 'No failure-gallery block in the programme.',
    hint: 'Add `{ kind: failure-gallery, minutes: 10, prompt: <prompt-id> }` to an early session.',
    explanation:
      'A failure gallery shows weak prompts and bad outputs side by side with better ones. Seeing failure made normal — and useful — is what lets people share their own.',
    example: '- { kind: failure-gallery, minutes: 10, prompt: variance-draft }',
    messages: { none: 'The programme has no failure gallery' },
  },
  checkProgramme(p, ctx) {
    if (!p.sessions.some((s) => s.blocks.some((b) => b.kind === 'failure-gallery')))
      ctx.report({ messageId: 'none', at: programmeAt(p, p.handwritten ? 'sessions' : 'schedule') });
  },
});
