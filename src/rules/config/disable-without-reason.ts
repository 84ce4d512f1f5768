import { defineRule } from '../types.js';

/** Reported where disable comments are read (app/rule-policy.ts); this module carries the words and the metadata. */
export default defineRule({
  meta: {
    id: 'config/disable-without-reason',
    severity: 'warning',
    failureMode: 'input',
    description: 'A `# cocoon-disable-next-line` comment gives no reason after ` -- `.',
    hint: 'Say why after two dashes: `# cocoon-disable-next-line {rules} -- <why this is fine here>`.',
    explanation:
      'A disable is a decision someone made about a programme. Without the reason the next consultant cannot tell a deliberate taster from a silenced problem. The rules stay disabled; the missing reason is the warning.',
    example: '# cocoon-disable-next-line time/no-break -- a 90-minute taster with a stand-up exercise',
    messages: { none: 'Disabling {rules} without a reason' },
  },
});
