import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'workflow/uncovered',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'A selected workflow is never demonstrated or exercised.',
    hint: 'Add a demo or exercise block for it, or drop it from `workflows`.',
    explanation:
      'A workflow listed for the programme but never shown or practised is a promise the programme does not keep; participants will not adopt what they never tried.',
    example: '- { kind: exercise, minutes: 25, workflow: forecast-scenarios }',
    messages: { uncovered: 'Workflow `{id}` is selected but never demonstrated or exercised' },
  },
  checkProgramme(p, ctx) {
    const covered = new Set(p.sessions.flatMap((s) => s.blocks.filter((b) => b.kind === 'demo' || b.kind === 'exercise').map((b) => b.workflowId)));
    for (const [i, id] of p.workflowIds.entries())
      if (!covered.has(id) && p.role.workflows.some((w) => w.id === id)) ctx.report({ messageId: 'uncovered', data: { id }, at: sub(p.at, 'workflows', i) });
  },
});
