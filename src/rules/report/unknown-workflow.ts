import { defineRule } from '../types.js';

/** Raised by `cocoon report` (pipeline/report/report-data.ts) while it reads responses/*.csv; nothing to check in YAML. */
export default defineRule({
  meta: {
    id: 'report/unknown-workflow',
    severity: 'error',
    failureMode: 'follow-through',
    description: 'A responses row names a workflow (or skills question) the programme does not have.',
    hint: 'Use the workflow ids of forms/baseline.csv (or the question ids of forms/skills-pre.csv); copy the form rather than typing ids.',
    explanation:
      'A row for an unknown workflow cannot be compared with anything: it is usually a typo or a survey export mapped to the wrong column, and silently dropping it would make adoption look lower than it is.',
    example: 'participant,workflow,minutes,per_month,confidence\np01,variance-commentary,45,4,2',
    messages: {
      unknown: 'Workflow `{id}` is not in programme {programme} (its workflows: {known})',
      question: 'Question `{id}` is not in the skills check (q1–q{count})',
    },
  },
});
