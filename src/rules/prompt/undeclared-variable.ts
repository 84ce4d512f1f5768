import { sub } from '../../model/loc.js';
import { eachPrompt, placeholders } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'prompt/undeclared-variable',
    severity: 'error',
    failureMode: 'prompt',
    description: 'A {{variable}} in a template is not declared under `variables`.',
    hint: 'Declare it under `variables:` with a description and a synthetic example.',
    explanation:
      'Participants fill in variables from the prompt library, which lists each with its description and example. An undeclared variable leaves them guessing what goes there.',
    example: 'variables:\n  period: { description: The month being closed, example: March 2027 }',
    messages: { undeclared: 'Prompt uses {{{name}}} but declares no such variable' },
  },
  checkRole({ role, at }, ctx) {
    for (const { prompt, at: pAt } of eachPrompt(role, at)) {
      const declared = new Set(Object.keys(prompt.variables ?? {}));
      const reported = new Set<string>();
      for (const { name, raw } of placeholders(prompt.template))
        if (!declared.has(name) && !reported.has(name)) {
          reported.add(name);
          ctx.report({ messageId: 'undeclared', data: { name }, at: { ...sub(pAt, 'template'), find: raw } });
        }
    }
  },
});
