import { facilitatorOnlyLines, sessionDecks, slideText } from '../../pipeline/render/deck.js';
import { participantTexts } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'slides/leak',
    severity: 'error',
    failureMode: 'safety',
    description: 'A participant deck would hold presenter notes or facilitator-only text (programmes with the `slides` format).',
    hint: "Keep answers, briefs, demo material and notes in their facilitator-only fields (`exercise.brief`, `solution`, `demo`, a block's `notes:`), not in a block's `text:` or an exercise step.",
    explanation:
      "Participants get their own deck to keep. If it carries the answer key, the brief, the demo material or the facilitator's notes, the exercise is spoilt for this cohort and the next, and people stop trusting that the room is safe to get things wrong in. A participant deck has the same slides as the facilitator's and no notes at all.",
    example: '- { kind: exercise, minutes: 25, workflow: variance-commentary, notes: Watch for the accrual on the events line }',
    messages: {
      notes: 'The participant deck of session {session} carries presenter notes on "{heading}"',
      text: 'The participant deck of session {session} would show facilitator-only text on "{heading}": "{line}"',
    },
  },
  checkProgramme(p, ctx) {
    if (!p.formats.includes('slides')) return;
    // A line a participant already reads in the role (an exercise's material, a variable's example) is no leak.
    const visible = [...participantTexts(p.role, { source: p.roleAt.source, path: [] })].map((t) => t.text).join('\n');
    const examples = p.role.workflows
      .flatMap((w) => (w.prompts ?? []).flatMap((x) => [x.weak ?? '', ...Object.values(x.variables ?? {}).map((v) => v.example ?? '')]))
      .join('\n');
    const secret = facilitatorOnlyLines(p).filter(({ line }) => !visible.includes(line) && !examples.includes(line));
    for (const { session: s, slides } of sessionDecks(p, 'participant'))
      for (const slide of slides) {
        if (slide.notes.length) ctx.report({ messageId: 'notes', data: { session: s.number, heading: slide.heading }, at: slide.at });
        const text = slideText(slide);
        const hit = secret.find(({ line }) => text.includes(line));
        if (hit)
          ctx.report({
            messageId: 'text',
            data: { session: s.number, heading: slide.heading, line: hit.line.length > 60 ? `${hit.line.slice(0, 57)}…` : hit.line },
            at: slide.block > 0 ? slide.at : hit.at,
          });
      }
  },
});
