import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'follow-through/repeat',
    severity: 'warning',
    failureMode: 'follow-through',
    description: 'A workflow is exercised twice with the same material.',
    hint: 'Teach another workflow, or make the second session a capstone clinic or a second pass on different material.',
    explanation:
      'Running the same exercise on the same material twice teaches nothing the first run did not: people remember the answer, not the checks. Extra sessions are worth more as a capstone clinic, a "map your own workflow" session, or a harder pass on new material.',
    example: '- { kind: project, minutes: 30, title: Capstone clinic }   # instead of the same exercise again',
    messages: { repeat: 'Session {n} repeats the exercise of "{workflow}" from session {first}, on the same material' },
  },
  checkProgramme(p, ctx) {
    const seen = new Map<string, number>();
    for (const s of p.sessions)
      for (const b of s.blocks) {
        if (b.kind !== 'exercise' || !b.workflow || b.role === 'second-pass') continue;
        const first = seen.get(b.workflow.id);
        if (first !== undefined && first !== s.number) ctx.report({ messageId: 'repeat', data: { n: s.number, workflow: b.workflow.title, first }, at: b.at });
        else seen.set(b.workflow.id, s.number);
      }
  },
});
