import { sub } from '../../model/loc.js';
import { eachPrompt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'prompt/no-diagnosis',
    severity: 'warning',
    failureMode: 'prompt',
    description: 'A prompt has a `weak:` version but no `weak_why:` diagnosis of it.',
    hint: 'Add `weak_why:` saying what the weak prompt leaves out and what the assistant then gets wrong in this work. `cocoon draft <role-file>` writes the brief for it.',
    explanation:
      'The failure gallery shows each weak prompt beside the library prompt. Without a diagnosis the facilitator has to explain in the room why it fails, and the prompt library can only ask participants to compare. One specific sentence per weak prompt is what people remember.',
    example:
      'weak: Explain my variances.\nweak_why: It gives no figures and no holder\'s notes, so the assistant invents plausible causes ("timing", "one-off").',
    messages: { none: 'Prompt `{id}` has a weak version but no diagnosis of it (`weak_why`)' },
  },
  checkRole({ role, at }, ctx) {
    for (const { prompt, at: pAt } of eachPrompt(role, at))
      if (prompt.weak && !prompt.weak_why) ctx.report({ messageId: 'none', data: { id: prompt.id }, at: sub(pAt, 'weak') });
  },
});
