import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'generic/too-few-workflows',
    severity: 'warning',
    failureMode: 'generic',
    description: 'A role has fewer than 3 workflows.',
    hint: 'Add workflows from the real weekly and monthly work of the role.',
    explanation:
      'Generic training fails because people cannot see their own work in it. A role with one or two workflows ends up padded with general "what is AI" content; three or more real workflows give every session something people will do on Monday.',
    example: 'workflows:\n  - id: variance-commentary\n  - id: forecast-scenarios\n  - id: reconciliation-notes',
    messages: { few: 'Role `{role}` has {count} workflow(s); a non-generic programme needs at least 3' },
  },
  checkRole({ role, at }, ctx) {
    if (role.workflows.length < 3) ctx.report({ messageId: 'few', data: { role: role.id, count: role.workflows.length }, at: sub(at, 'workflows') });
  },
});
