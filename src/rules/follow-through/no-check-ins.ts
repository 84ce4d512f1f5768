import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/no-check-ins',
    severity: 'error',
    failureMode: 'follow-through',
    description: 'No check-in within 14 days after the last session.',
    hint: 'Add `check_ins: [{ after_days: 14 }, { after_days: 28 }]`.',
    explanation:
      'Without a check-in, the programme ends at the last session and so does the habit. A check-in at +14 days catches people before the skill fades; +28 days confirms it stuck.',
    example: 'check_ins: [{ after_days: 14 }, { after_days: 28 }]',
    messages: { none: 'No check-in within 14 days after the last session' },
  },
  checkProgramme(p, ctx) {
    if (!p.checkIns.some((c) => c.afterDays <= 14)) ctx.report({ messageId: 'none', at: programmeAt(p, 'check_ins') });
  },
});
