import { defineRule } from '../types.js';

/** Raised by `cocoon report` while it reads responses/*.csv. */
export default defineRule({
  meta: {
    id: 'report/bad-number',
    severity: 'error',
    failureMode: 'follow-through',
    description: 'A responses cell that must be a number or a code is empty, out of range, or not one.',
    hint: 'Minutes and uses are whole numbers, per_month a number (2 decimals at most), confidence 1–5, useful 1–5, recommend 0–10; blockers are codes from access,data-rules,time,manager,tool,none separated by `;`; corrected is yes or no.',
    explanation:
      'The report computes medians and hours reclaimed from these cells. A "45 min", an "=A1*2" pasted from a spreadsheet or a blank where a number is needed would make every number after it wrong, so the whole report stops until it is fixed.',
    example: 'participant,workflow,minutes,uses,blockers,corrected\np01,variance-commentary,20,3,time;data-rules,yes',
    messages: {
      range: '{what} `{value}` must be a number from {min} to {max}{decimals}',
      empty: '{what} is empty: {why}',
      code: '{what} `{value}` is not one of {allowed}',
    },
  },
});
