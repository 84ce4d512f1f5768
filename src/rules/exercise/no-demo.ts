import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'exercise/no-demo',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'A workflow has no `demo:` (demo material and a pre-run fallback output).',
    hint: "Add `demo: { material, output }`: a synthetic document other than the exercise's, and the output of the demo prompt run on it beforehand. `cocoon draft <role-file>` writes the brief for it.",
    explanation:
      "Any workflow of a role can be taught, and each taught workflow opens with a live demo. Without demo material the facilitator invents a document in the room, usually the exercise's own, so participants repeat the demo instead of transferring the workflow; without a fallback output a slow or broken tool stops the session. The facilitator page says the demo is missing; this warning says it before the pack is printed.",
    example:
      "demo:\n  material: |\n    Northwind Components Ltd — cost centre CC-520 Facilities, April 2027\n    …the whole synthetic document…\n  output: |\n    …the demo prompt's output on it, run beforehand…",
    messages: { none: 'Workflow `{id}` has no demo material and fallback output' },
  },
  checkRole({ role, at }, ctx) {
    for (const [i, w] of role.workflows.entries()) if (!w.demo) ctx.report({ messageId: 'none', data: { id: w.id }, at: sub(at, 'workflows', i, 'id') });
  },
});
