import { defineRule } from './types.js';

/** Reported by pipeline/validate/validate.ts from the JSON Schemas in schema/; this module carries the metadata. */
export default defineRule({
  meta: {
    id: 'schema',
    severity: 'error',
    failureMode: 'input',
    description: 'A value breaks the JSON Schema: wrong type, unknown key, missing key, bad id.',
    hint: 'Compare the file with `cocoon schema role|programme|config`.',
    explanation:
      'The file formats are fixed so that a file written to the spec always works. Unknown keys are errors rather than ignored, because a misspelt key (`sponser:`) silently dropping a sponsor is worse than a failed build. Ids use lowercase letters, digits and hyphens, and a role id must equal its file name.',
    example: 'sponsor: { name: Dana Lee, title: CFO }',
    messages: {},
  },
});
