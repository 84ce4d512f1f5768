import { defineRule } from '../types.js';

/** Raised by `cocoon report` while it reads responses/*.csv. */
export default defineRule({
  meta: {
    id: 'report/duplicate-row',
    severity: 'error',
    failureMode: 'follow-through',
    description: 'Two rows of one responses file have the same participant (and workflow or question).',
    hint: 'Keep one row per participant and workflow (per participant in a pulse, per participant and question in a skills check); delete the other.',
    explanation:
      'A second row for the same person counts them twice: respondents, adoption and medians would all move. Which row is right is for a person to decide, not cocoon.',
    example: 'participant,useful,recommend\np01,4,8\np02,5,9',
    messages: { duplicate: 'Participant {participant}{what} already has a row (line {first})' },
  },
});
