import { sub } from '../../model/loc.js';
import { eachPrompt, placeholders } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'prompt/unused-variable',
    severity: 'warning',
    failureMode: 'prompt',
    description: 'A declared variable is not used in the template.',
    hint: 'Use it in the template as {{name}}, or remove the declaration.',
    explanation: 'A declared but unused variable asks the participant to prepare something the prompt never uses — usually a sign the template lost a line.',
    example: 'template: For {{period}}, …\nvariables:\n  period: { description: The month, example: March 2027 }',
    messages: { unused: 'Variable `{name}` is declared but the template never uses it' },
  },
  checkRole({ role, at }, ctx) {
    for (const { prompt, at: pAt } of eachPrompt(role, at)) {
      const used = new Set(placeholders(prompt.template).map((p) => p.name));
      for (const name of Object.keys(prompt.variables ?? {}))
        if (!used.has(name)) ctx.report({ messageId: 'unused', data: { name }, at: { ...sub(pAt, 'variables', name), key: true } });
    }
  },
});
