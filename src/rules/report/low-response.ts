import { defineRule } from '../types.js';

/** Raised by `cocoon report` while it reads responses/*.csv. */
export default defineRule({
  meta: {
    id: 'report/low-response',
    severity: 'warning',
    failureMode: 'follow-through',
    description: 'Fewer than half of the group answered a form.',
    hint: 'Chase the missing answers at the next check-in, or read the numbers as the view of a few, not of the group.',
    explanation:
      'Those who answer a follow-up are usually those for whom it worked. Below half of the group the numbers say more about who replied than about the programme.',
    example: 'participant,useful,recommend\np01,4,8\np02,5,9\np03,3,6\np04,4,7\np05,5,10',
    messages: { low: '{respondents} of {group} participants answered {what}' },
  },
});
