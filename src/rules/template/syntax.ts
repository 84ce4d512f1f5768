import { defineRule } from '../types.js';

/** Reported by the template loader (pipeline/render/handlebars.ts) for templates in a project's templates_dir. */
export default defineRule({
  meta: {
    id: 'template/syntax',
    severity: 'error',
    failureMode: 'input',
    description: 'A template in templates_dir does not compile, prints a value without escaping it, or uses a field that does not exist.',
    hint: 'Fix the template, or delete it to use the built-in one.',
    explanation:
      'A project may replace any built-in template by putting a file of the same name in templates_dir. Templates are data: they may only call the known helpers, and every value goes through an escaping helper ({{md x}}, {{cell x}}, {{fence x}}), so a role text can never inject Markdown or HTML into a pack.',
    example: '{{#each session.objectives}}\n- {{md this}}\n{{/each}}',
    // Raised by the template compiler (app/templates-check.ts, a render): its own words, positioned at the template.
    messages: { compile: '{reason}' },
  },
});
