import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';

/** The block kinds in which a workflow's risks are taught: the same definition `cocoon evidence` records. */
const TEACHING: ReadonlySet<string> = new Set(['demo', 'exercise', 'failure-gallery']);

export default defineRule({
  meta: {
    id: 'evidence/untaught-risk',
    severity: 'warning',
    failureMode: 'data',
    description: 'A selected workflow has risks, and no demo, exercise or failure-gallery block teaches that workflow.',
    hint: 'Add a demo or exercise block for the workflow, or drop it from `workflows`; `cocoon evidence` lists it as a gap until then.',
    explanation:
      'The AI-literacy record (EU AI Act Art. 4) must show where each risk of the AI uses in scope is taught. A workflow the programme selects but never teaches leaves its risks untaught: people will meet them at work first.',
    example: '- { kind: exercise, minutes: 25, workflow: supplier-review }',
    messages: { untaught: 'Workflow `{id}` has {count} risks that no taught block covers, e.g. "{risk}"' },
  },
  checkProgramme(p, ctx) {
    const taught = new Set(
      p.sessions.flatMap((s) =>
        s.blocks
          .filter((b) => TEACHING.has(b.kind))
          .flatMap((b) => (b.kind === 'failure-gallery' ? (b.gallery ?? []).map((g) => g.workflow.id) : [b.workflowId])),
      ),
    );
    for (const [i, id] of p.workflowIds.entries()) {
      const w = p.role.workflows.find((x) => x.id === id);
      const risks = w?.risks ?? [];
      if (!w || !risks.length || taught.has(id)) continue;
      const risk = risks[0]!.length > 60 ? `${risks[0]!.slice(0, 59)}…` : risks[0]!;
      ctx.report({
        messageId: 'untaught',
        data: { id, count: risks.length, risk },
        at: p.handwritten || p.workflowIds.length ? sub(p.at, 'workflows', i) : p.at,
      });
    }
  },
});
