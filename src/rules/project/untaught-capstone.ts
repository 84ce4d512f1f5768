import { listJoin } from '../../model/text.js';
import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'project/untaught-capstone',
    severity: 'warning',
    failureMode: 'project',
    description: 'The chosen capstone needs a workflow the programme does not teach.',
    hint: 'Choose a capstone whose workflows the programme teaches (the capstone brief lists them), or add the missing workflow to `workflows:` or to a session.',
    explanation:
      "The capstone is where the programme's workflows come together on real work. A capstone that needs a workflow nobody demonstrated or practised sends people to learn it alone, in the one piece of work they show the sponsor. The generated menu offers only capstones the programme teaches and lists the others apart, with the workflow each needs.",
    example: 'capstone: close-pack        # its workflows: [variance-commentary], taught in session 1',
    messages: { untaught: 'The capstone `{id}` needs {workflows}, which this programme does not teach' },
  },
  checkProgramme(p, ctx) {
    const c = p.capstone;
    if (!c) return;
    const taught = new Set(p.sessions.flatMap((s) => s.taught.map((w) => w.id)));
    const missing = (c.workflows ?? []).filter((id) => !taught.has(id) && p.role.workflows.some((w) => w.id === id));
    if (missing.length)
      ctx.report({ messageId: 'untaught', data: { id: c.id, workflows: listJoin(missing.map((id) => `\`${id}\``)) }, at: programmeAt(p, 'capstone') });
  },
});
