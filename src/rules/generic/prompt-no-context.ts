import { sub } from '../../model/loc.js';
import { eachPrompt, placeholders } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'generic/prompt-no-context',
    severity: 'warning',
    failureMode: 'generic',
    description: 'A prompt template has no variable.',
    hint: 'Add {{variables}} for the context the participant must supply (the data, the audience, the period).',
    explanation:
      "A prompt with no variables is the same for everyone, so it carries no context about the participant's own work, and the output is generic. Variables make people bring their real material.",
    example: 'template: |\n  For cost centre {{cost_centre}}, explain the variances in {{variance_table}}.',
    messages: { none: "Prompt `{id}` has no {{variables}}, so it carries no context from the participant's work" },
  },
  checkRole({ role, at }, ctx) {
    for (const { prompt, at: pAt } of eachPrompt(role, at))
      if (placeholders(prompt.template).length === 0) ctx.report({ messageId: 'none', data: { id: prompt.id }, at: sub(pAt, 'template') });
  },
});
