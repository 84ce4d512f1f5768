import { sessionAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'leadership/absent',
    severity: 'error',
    failureMode: 'leadership',
    description: 'No leader block in the first or in the last session.',
    hint: 'Add `{ kind: leader, minutes: 10, text: … }` to the first and the last session.',
    explanation:
      'The sponsor opens session 1 with their own AI use — including what went wrong — and closes the last session by saying what they will do next. Without both, the programme looks like something leaders send other people to.',
    example: '- { kind: leader, minutes: 10, text: Dana on her first AI-drafted board narrative }',
    messages: { first: 'Session 1 has no leader block', last: 'The last session ({n}) has no leader block' },
  },
  checkProgramme(p, ctx) {
    const first = p.sessions[0];
    const last = p.sessions[p.sessions.length - 1];
    const hasLeader = (s: typeof first) => s!.blocks.some((b) => b.kind === 'leader');
    if (first && !hasLeader(first)) ctx.report({ messageId: 'first', at: sessionAt(first, 'blocks') });
    if (last && last !== first && !hasLeader(last)) ctx.report({ messageId: 'last', data: { n: last.number }, at: sessionAt(last, 'blocks') });
  },
});
