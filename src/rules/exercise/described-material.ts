import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';
import { describedBecause } from '../../model/readiness.js';

export default defineRule({
  meta: {
    id: 'exercise/described-material',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'Exercise materials describe a document instead of being one.',
    hint: 'Write the document itself under `materials:` (the table, email, clause or log people work on), complete and synthetic.',
    explanation:
      'A trainer who opens the pack on Monday must run it on Tuesday. Materials such as "A synthetic three-page NDA with …" or "Prepare the other five lines in the same style" hand the trainer a day of writing, and each trainer writes a different exercise. The materials are printed for participants verbatim, so they must be the document itself.',
    example:
      'materials: |\n  Northwind Components Ltd — accruals reconciliation, March 2027\n  28/03 | JNL-8812 | Accrual – audit fee | 18,000\n  …every line people work on…',
    messages: { described: 'The materials of "{title}" describe a document instead of being one: {why}' },
  },
  checkRole({ role, at }, ctx) {
    for (const [wi, w] of role.workflows.entries()) {
      const materials = w.exercise?.materials;
      if (!materials) continue;
      const why = describedBecause(materials);
      if (why) ctx.report({ messageId: 'described', data: { title: w.exercise!.title, why }, at: sub(at, 'workflows', wi, 'exercise', 'materials') });
    }
  },
});
