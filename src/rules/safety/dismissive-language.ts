import { sub, type Loc } from '../../model/loc.js';
import { participantTexts } from '../lib.js';
import { defineRule, type RuleContext } from '../types.js';

const DISMISSIVE = /\b(obviously|simply|just|easy|everyone knows)\b/i;

function check(text: string, at: Loc, ctx: RuleContext): void {
  const m = DISMISSIVE.exec(text);
  if (m) ctx.report({ messageId: 'word', data: { word: m[1]! }, at: { ...at, find: m[0] } });
}

export default defineRule({
  meta: {
    id: 'safety/dismissive-language',
    severity: 'warning',
    failureMode: 'safety',
    description: 'Participant text says "obviously", "simply", "just", "easy" or "everyone knows".',
    hint: 'Drop the word, or say what makes the step manageable.',
    explanation:
      'Words that make a step sound trivial make anyone who struggles with it feel slow, and people who feel slow stop trying in front of others. Participant pages never use them.',
    example: 'steps: [Paste the table into the prompt]      # not "Simply paste…"',
    messages: { word: 'Participant text says "{word}", which makes anyone who finds this hard feel stupid' },
  },
  checkRole({ role, at }, ctx) {
    for (const t of participantTexts(role, at)) check(t.text, t.at, ctx);
  },
  checkProgramme(p, ctx) {
    if (p.title) check(p.title, sub(p.at, 'title'), ctx);
    for (const s of p.sessions) {
      if (!s.handwritten) continue;
      check(s.title, sub(s.at, 'title'), ctx);
      for (const b of s.blocks) {
        check(b.title, sub(b.at, 'title'), ctx);
        if (b.text) check(b.text, sub(b.at, 'text'), ctx);
      }
    }
  },
});
