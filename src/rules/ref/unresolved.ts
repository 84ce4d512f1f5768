import { sub } from '../../model/loc.js';
import { didYouMean } from '../../model/text.js';
import { defineRule, type Report } from '../types.js';

/** The data of a report about an unknown id: the closest known id, if any, and the list of known ones (also used where the pipeline finds an unknown role). */
export function suggestion(id: string, known: Iterable<string>): { suggest: string; known: string } {
  const list = [...known];
  const guess = didYouMean(id, list);
  return { suggest: guess ? `; did you mean \`${guess}\`?` : '', known: list.length ? list.join(', ') : 'none' };
}

export default defineRule({
  meta: {
    id: 'ref/unresolved',
    severity: 'error',
    failureMode: 'input',
    description: 'An id (role, workflow, prompt, capstone) points nowhere.',
    hint: 'Use an id the role defines.',
    hints: {
      role: 'Roles here: {known}. To write a new one: `cocoon new role {id}` (creates roles/{id}.yaml), or `cocoon new role {id} --from <role>` to start from a built-in role.',
      workflow: 'Workflows of `{role}`: {known}.',
      prompt: 'Prompts of `{role}`: {known}.',
      capstone: 'Capstones of `{role}`: {known}. Or leave `capstone:` out to use the first.',
    },
    explanation:
      'Programmes and capstones refer to workflows, prompts and capstones by id. A typo would silently drop a workflow from the programme, so every reference must resolve.',
    example: "capstone: close-pack      # an id from the role's capstones",
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
        ctx.report({
          messageId: 'prompt',
          data: { id: w.demo.prompt, role: role.id, ...suggestion(w.demo.prompt, own) },
          at: sub(at, 'workflows', wi, 'demo', 'prompt'),
        });
    }
    for (const [ci, c] of (role.capstones ?? []).entries())
      for (const [i, id] of (c.workflows ?? []).entries())
        if (!ids.has(id))
          ctx.report({ messageId: 'workflow', data: { id, role: role.id, ...suggestion(id, ids) }, at: sub(at, 'capstones', ci, 'workflows', i) });
  },
  checkProgramme(p, ctx) {
    const role = p.role.id;
    const workflows = new Set(p.role.workflows.map((w) => w.id));
    const prompts = new Set(p.role.workflows.flatMap((w) => (w.prompts ?? []).map((x) => x.id)));
    const capstones = (p.role.capstones ?? []).map((c) => c.id);
    const report = (messageId: string, id: string, known: Iterable<string>, at: Report['at']) =>
      ctx.report({ messageId, data: { id, role, ...suggestion(id, known) }, at });
    for (const [i, id] of p.workflowIds.entries()) if (!workflows.has(id)) report('workflow', id, workflows, sub(p.at, 'workflows', i));
    if (p.capstoneId && !p.capstone) report('capstone', p.capstoneId, capstones, sub(p.at, 'capstone'));
    for (const s of p.sessions) {
      for (const b of s.blocks) {
        if (b.workflowId && !workflows.has(b.workflowId)) report('workflow', b.workflowId, workflows, sub(b.at, 'workflow'));
        if (b.promptId && !prompts.has(b.promptId)) report('prompt', b.promptId, prompts, sub(b.at, 'prompt'));
      }
      for (const [i, id] of s.practiceIds.entries()) if (!workflows.has(id)) report('workflow', id, workflows, s.handwritten ? sub(s.at, 'practice', i) : s.at);
    }
  },
});
