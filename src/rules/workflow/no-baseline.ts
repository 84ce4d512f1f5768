import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'workflow/no-baseline',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'A workflow has no baseline minutes.',
    hint: 'Add `baseline: { minutes: 480, per: month }` and `target_minutes`.',
    explanation: 'Without a baseline nobody can tell whether the programme changed anything. The check-ins ask for minutes now against the baseline.',
    example: 'baseline: { minutes: 480, per: month }\ntarget_minutes: 180',
    messages: { none: 'Workflow `{id}` has no baseline minutes to measure against' },
  },
  checkRole({ role, at }, ctx) {
    for (const [i, w] of role.workflows.entries()) if (!w.baseline) ctx.report({ messageId: 'none', data: { id: w.id }, at: sub(at, 'workflows', i, 'id') });
  },
});
