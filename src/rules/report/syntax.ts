import { defineRule } from '../types.js';

/** Raised by `cocoon report` while it reads responses/*.csv. */
export default defineRule({
  meta: {
    id: 'report/syntax',
    severity: 'error',
    failureMode: 'input',
    description: 'A responses file cannot be read as CSV: too large, binary, not UTF-8, empty, a symlink, or a quote left open.',
    hint: 'Save the file as "CSV UTF-8" from the survey tool or spreadsheet, one header row and one row per answer.',
    explanation: 'A file cocoon cannot read whole is not read in part: a report from half a file would be wrong without saying so.',
    example: 'participant,useful,recommend\np01,4,8',
    messages: { unreadable: '{reason}' },
  },
});
