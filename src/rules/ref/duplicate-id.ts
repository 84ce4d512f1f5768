import { sub, type Loc } from '../../model/loc.js';
import { defineRule, type RuleContext } from '../types.js';

function duplicates(items: { id: string; at: Loc }[], kind: string, ctx: RuleContext): void {
  const first = new Map<string, Loc>();
  for (const item of items) {
    if (first.has(item.id)) ctx.report({ messageId: 'duplicate', data: { kind, id: item.id }, at: item.at });
    else first.set(item.id, item.at);
  }
}

export default defineRule({
  meta: {
    id: 'ref/duplicate-id',
    severity: 'error',
    failureMode: 'input',
    description: 'Two things of one kind share an id.',
    hint: 'Give each workflow, prompt, capstone and programme its own id.',
    explanation:
      'References are by id, so two workflows (or prompts, capstones, programmes) with one id make every reference ambiguous, and the pack would silently show only one of them.',
    example: 'workflows:\n  - id: variance-commentary\n  - id: forecast-scenarios',
    messages: { duplicate: 'Another {kind} already has the id `{id}`' },
  },
  checkRole({ role, at }, ctx) {
    duplicates(
      role.workflows.map((w, i) => ({ id: w.id, at: sub(at, 'workflows', i, 'id') })),
      'workflow',
      ctx,
    );
    duplicates(
      role.workflows.flatMap((w, wi) => (w.prompts ?? []).map((p, pi) => ({ id: p.id, at: sub(at, 'workflows', wi, 'prompts', pi, 'id') }))),
      'prompt',
      ctx,
    );
    duplicates(
      (role.capstones ?? []).map((c, i) => ({ id: c.id, at: sub(at, 'capstones', i, 'id') })),
      'capstone',
      ctx,
    );
  },
});
