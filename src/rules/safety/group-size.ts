import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'safety/group-size',
    severity: 'error',
    failureMode: 'safety',
    description: 'The group is too big to be safe: an error above 20, a warning above 12.',
    hint: 'Keep groups to 12 or fewer; split a larger cohort into several groups.',
    explanation:
      'People only try things they might get wrong in front of a small group they trust. Above 12, the quiet half of the room stops experimenting; above 20 it is a lecture.',
    example: 'group_size: 8',
    messages: { big: 'Group size {size} is above {limit}; people will not feel safe to fail in front of the room' },
  },
  checkProgramme(p, ctx) {
    if (p.groupSize > 20) ctx.report({ messageId: 'big', data: { size: p.groupSize, limit: 20 }, at: programmeAt(p, 'group_size'), severity: 'error' });
    else if (p.groupSize > 12) ctx.report({ messageId: 'big', data: { size: p.groupSize, limit: 12 }, at: programmeAt(p, 'group_size'), severity: 'warning' });
  },
});
