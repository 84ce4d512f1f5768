import { SLIDE_ITEMS, SLIDE_WORDS, sessionDecks, slideWords } from '../../pipeline/render/deck.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'slides/overflow',
    severity: 'warning',
    failureMode: 'safety',
    description: `A slide holds more than ${SLIDE_ITEMS} bullets or about ${SLIDE_WORDS} words (programmes with the \`slides\` format).`,
    hint: 'Shorten the block `text:` or the exercise step; the full text belongs in the handout, the notes or the facilitator agenda.',
    explanation:
      'A slide is read from the back of a room or on a laptop on a call, while someone is talking. More than six bullets or about sixty words and people read instead of listening, or give up. cocoon continues a long list on the next slide, so this fires only when one paragraph or one item is too long for a slide of its own.',
    example: '- { kind: reflect, minutes: 5, text: One sentence each: what changed in how you work this week? }',
    messages: { overflow: 'Slide "{heading}" of session {session} holds {words} words and {items} bullets; a slide reads well up to about {limit} words' },
  },
  checkProgramme(p, ctx) {
    if (!p.formats.includes('slides')) return;
    for (const { session: s, slides } of sessionDecks(p, 'facilitator'))
      for (const slide of slides) {
        const words = slideWords(slide);
        if (words > SLIDE_WORDS + 10 || slide.items.length > SLIDE_ITEMS)
          ctx.report({
            messageId: 'overflow',
            data: { heading: slide.heading, session: s.number, words, items: slide.items.length, limit: SLIDE_WORDS },
            at:
              slide.itemsAt && slide.items.length
                ? slide.itemsAt
                : slide.block > 0 && s.blocks[slide.block - 1]?.text
                  ? { ...slide.at, path: [...slide.at.path, 'text'] }
                  : slide.at,
          });
      }
  },
});
