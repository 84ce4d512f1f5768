import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'workflow/no-ai-step',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'A workflow has no automate or augment step.',
    hint: 'Mark the steps where AI drafts or does the work with `ai: augment` or `ai: automate`.',
    explanation:
      'Marking each step automate / augment / human is how participants learn where AI fits and where judgement stays human. A workflow with only human steps teaches nothing about AI.',
    example: 'steps:\n  - { do: Draft an explanation per cost centre, ai: augment }\n  - { do: Tie every figure to the ledger, ai: human }',
    messages: { none: 'Workflow `{id}` has no automate or augment step' },
  },
  checkRole({ role, at }, ctx) {
    for (const [i, w] of role.workflows.entries())
      if (!w.steps.some((s) => s.ai !== 'human')) ctx.report({ messageId: 'none', data: { id: w.id }, at: sub(at, 'workflows', i, 'steps') });
  },
});
