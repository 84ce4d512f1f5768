import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'workflow/tool-tour',
    severity: 'warning',
    failureMode: 'workflow',
    description: 'A demo or exercise block names no workflow.',
    hint: 'Add `workflow: <id>` so the block teaches a real piece of work, not a tool.',
    explanation:
      'Training the tool ("here are the buttons") does not change how work gets done. Every demo and exercise should run one real workflow end to end, with its checks.',
    example: '- { kind: demo, minutes: 15, workflow: variance-commentary }',
    messages: { none: 'This {kind} names no workflow, so it tours the tool instead of teaching work' },
  },
  checkProgramme(p, ctx) {
    for (const s of p.sessions)
      for (const b of s.blocks)
        if ((b.kind === 'demo' || b.kind === 'exercise') && !b.workflowId) ctx.report({ messageId: 'none', data: { kind: b.kind }, at: b.at });
  },
});
