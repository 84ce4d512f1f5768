import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'project/no-capstone',
    severity: 'error',
    failureMode: 'project',
    description: 'No capstone is chosen, or the role has none.',
    hint: 'Add a capstone to the role: a real deliverable the participant needs anyway.',
    explanation:
      "A capstone is a real piece of work — next month's commentary pack, a live proposal — finished with AI during the programme and shown to the sponsor. It turns practice into a result the business can see.",
    example:
      'capstones:\n  - id: close-pack\n    title: Your next month-end commentary pack\n    deliverable: The commentary for your own cost centres, drafted with AI and checked by you.',
    messages: { none: 'Role `{role}` has no capstone for the programme to build towards' },
  },
  checkRole({ role, at }, ctx) {
    if (!role.capstones?.length) ctx.report({ messageId: 'none', data: { role: role.id }, at: sub(at, 'capstones') });
  },
});
