import { sub } from '../../pipeline/load/source.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'ref/unresolved',
    severity: 'error',
    failureMode: 'input',
    description: 'An id (role, workflow, prompt, capstone) points nowhere.',
    hint: 'Use an id defined in the role, or define it.',
    explanation: 'Programmes and capstones refer to workflows, prompts and capstones by id. A typo would silently drop a workflow from the programme, so every reference must resolve.',
    example: 'capstone: close-pack      # an id from the role\'s capstones',
    messages: {
      role: 'Role `{id}` does not exist{suggest}',
      workflow: 'Workflow `{id}` is not in role `{role}`{suggest}',
      prompt: 'Prompt `{id}` is not in role `{role}`{suggest}',
      capstone: 'Capstone `{id}` is not in role `{role}`{suggest}',
    },
  },
  checkRole({ role, at }, ctx) {
    const ids = new Set(role.workflows.map((w) => w.id));
    for (const [wi, w] of role.workflows.entries()) {
      const own = (w.prompts ?? []).map((p) => p.id);
      if (w.demo?.prompt && !own.includes(w.demo.prompt))
        ctx.report({ messageId: 'prompt', data: { id: w.demo.prompt, role: role.id, suggest: own.length ? ` (this workflow's prompts: ${own.join(', ')})` : '' }, at: sub(at, 'workflows', wi, 'demo', 'prompt') });
    }
    for (const [ci, c] of (role.capstones ?? []).entries())
      for (const [i, id] of (c.workflows ?? []).entries())
        if (!ids.has(id)) ctx.report({ messageId: 'workflow', data: { id, role: role.id, suggest: '' }, at: sub(at, 'capstones', ci, 'workflows', i) });
  },
  checkProgramme(p, ctx) {
    const role = p.role.id;
    const workflows = new Set(p.role.workflows.map((w) => w.id));
    const prompts = new Set(p.role.workflows.flatMap((w) => (w.prompts ?? []).map((x) => x.id)));
    for (const [i, id] of p.workflowIds.entries())
      if (!workflows.has(id)) ctx.report({ messageId: 'workflow', data: { id, role, suggest: '' }, at: sub(p.at, 'workflows', i) });
    if (p.capstoneId && !p.capstone) ctx.report({ messageId: 'capstone', data: { id: p.capstoneId, role, suggest: '' }, at: sub(p.at, 'capstone') });
    for (const s of p.sessions) {
      for (const b of s.blocks) {
        if (b.workflowId && !workflows.has(b.workflowId)) ctx.report({ messageId: 'workflow', data: { id: b.workflowId, role, suggest: '' }, at: sub(b.at, 'workflow') });
        if (b.promptId && !prompts.has(b.promptId)) ctx.report({ messageId: 'prompt', data: { id: b.promptId, role, suggest: '' }, at: sub(b.at, 'prompt') });
      }
      for (const [i, id] of s.practiceIds.entries())
        if (!workflows.has(id)) ctx.report({ messageId: 'workflow', data: { id, role, suggest: '' }, at: s.handwritten ? sub(s.at, 'practice', i) : s.at });
    }
  },
});
