import { defineRule } from '../types.js';

/** Raised by `cocoon report` while it reads responses/*.csv. */
export default defineRule({
  meta: {
    id: 'report/unknown-column',
    severity: 'error',
    failureMode: 'input',
    description: 'A responses file has no header row, an unknown or repeated column, a missing column, or a cell past the last column.',
    hint: 'Start from the blank form in forms/ (same file name): keep its header row exactly; columns may be in any order.',
    explanation:
      "Survey tools export their own column names. cocoon reads only the forms' own headers so that a renamed or extra column (a name, an email, a free-text comment) is noticed rather than quietly read as something else.",
    example: 'participant,workflow,minutes,per_month,confidence',
    messages: {
      'no-header': 'The first row is data, not the header: expected {expected}',
      unknown: 'Unknown column `{column}`: expected {expected}',
      twice: 'Column `{column}` appears twice',
      missing: 'Missing column(s) {columns}: expected {expected}',
      'extra-cell': 'This row has more cells than the header: expected {expected}',
    },
  },
});
