import { sub } from '../../model/loc.js';
import { defineRule } from '../types.js';
import { sumMismatches, unsupportedFigures } from './lib.js';

export default defineRule({
  meta: {
    id: 'exercise/sum-mismatch',
    severity: 'warning',
    failureMode: 'workflow',
    description: "A table's stated total does not add up, or an answer key quotes a figure the material lacks.",
    hint: 'Add the rows up again and correct the total, or the figure in the answer key: every figure in the answer key must follow from the material, with the sums shown.',
    explanation:
      'Exercise material is synthetic, so nobody checks its arithmetic but the participants, in the room. A total that does not add up teaches the wrong lesson (the trap was meant to be somewhere else), and an answer key that quotes a figure the material does not hold sends the facilitator looking for it in front of the group. Drafts written with an AI assistant get this wrong most often. The rule sums each table column with a stated Total, Subtotal, Sum or Net row (rounding at the shown precision is allowed), and looks for each figure of the answer key in the material, or one step of arithmetic from it.',
    example: 'materials: |\n  Line | Budget | Actual\n  Freight | 22,500 | 19,900\n  Utilities | 5,100 | 7,640\n  Total | 27,600 | 27,540',
    messages: {
      total: 'In the {field} of "{title}", "{label}" says {stated} but the rows above add up to {computed}',
      figure: 'The answer key of "{title}" quotes {figure}, which is not in the material and does not follow from it',
    },
  },
  checkRole({ role, at }, ctx) {
    for (const [wi, w] of role.workflows.entries()) {
      const ex = w.exercise;
      if (!ex) continue;
      const exAt = sub(at, 'workflows', wi, 'exercise');
      for (const field of ['materials', 'solution'] as const) {
        const text = ex[field];
        if (!text) continue;
        for (const m of sumMismatches(text))
          ctx.report({
            messageId: 'total',
            data: { field: field === 'solution' ? 'answer key' : 'materials', title: ex.title, label: m.label, stated: m.stated, computed: m.computed },
            at: { ...sub(exAt, field), find: m.line },
          });
      }
      if (!ex.solution || !ex.materials) continue;
      // The material a key may draw on: the document, the steps, and the workflow's prompts and their examples.
      const source = [
        ex.materials,
        ...(ex.steps ?? []),
        ...(w.prompts ?? []).flatMap((p) => [p.template, ...Object.values(p.variables ?? {}).map((v) => v.example ?? '')]),
      ].join('\n');
      for (const figure of unsupportedFigures(ex.solution, source))
        ctx.report({ messageId: 'figure', data: { title: ex.title, figure }, at: { ...sub(exAt, 'solution'), find: figure } });
    }
  },
});
