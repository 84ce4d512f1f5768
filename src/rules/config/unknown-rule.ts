import { defineRule } from '../types.js';

/**
 * Reported where rule settings are read (app/rule-policy.ts): a `rules:` key in cocoon.yaml, or an id in
 * a `# cocoon-disable-next-line` comment. This module carries the words and the metadata.
 */
export default defineRule({
  meta: {
    id: 'config/unknown-rule',
    severity: 'error',
    failureMode: 'input',
    description:
      '`rules:` names a rule that does not exist or cannot be changed, or a `cocoon-disable-next-line` comment names none or one that does not exist.',
    hint: 'Write the id as `cocoon rules` lists it, e.g. `time/no-break`.',
    hints: {
      fixed: 'Fix the file instead: cocoon stops at this rule because nothing after it could be read reliably.',
      none: 'Name the rule after it: `# cocoon-disable-next-line time/no-break -- <why>`.',
    },
    explanation:
      'A setting for a misspelt rule changes nothing, so the diagnostic it meant to silence stays and nobody knows why. The input rules (yaml/syntax, schema, ref/unresolved, ref/duplicate-id, project/duplicate-out, template/syntax, report/syntax) cannot be set in `rules:`: past their errors cocoon has nothing well-formed to plan. A disable comment may name them, and then silences only their warnings (a value in curly quotes), never an error.',
    example: 'rules:\n  time/hands-on-ratio: off\n  follow-through/gap: error',
    messages: {
      unknown: 'No rule `{id}`{suggest}',
      fixed: 'Rule `{id}` cannot be turned off or changed',
      none: '`cocoon-disable-next-line` names no rule',
    },
  },
});
