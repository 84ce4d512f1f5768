import { sub, type Loc } from '../../model/loc.js';
import type { RuleContext } from '../types.js';
import { defineRule } from '../types.js';
import { SPOILER_WORDS, sharedRun } from './lib.js';

function words(text: string, at: Loc, ctx: RuleContext, title: string): void {
  const m = SPOILER_WORDS.exec(text);
  if (m) ctx.report({ messageId: 'word', data: { title, word: m[1]! }, at: { ...at, find: m[0] } });
}

export default defineRule({
  meta: {
    id: 'exercise/spoiler',
    severity: 'warning',
    failureMode: 'safety',
    description: "An exercise's title or participant text gives away what the brief says is planted in the material.",
    hint: 'Keep the trap in `brief:` only; give the exercise a neutral title and materials without remarks that point at it.',
    explanation:
      'An exercise exists so people find the invented cause, the missed exclusion or the buried clause themselves, and learn to look for it at work. A title such as "… with a buried residuals clause", or a step that says "two accounts are traps", does the finding for them. The brief tells the facilitator; participant pages never do.',
    example: 'title: Review an incoming mutual NDA      # the brief names the clause, the title does not',
    messages: {
      word: 'Participant text of "{title}" says "{word}", which tells people something is planted',
      run: 'Words from the brief ("{run}") appear in the {field} of "{title}", which gives the answer away',
    },
  },
  checkRole({ role, at }, ctx) {
    for (const [wi, w] of role.workflows.entries()) {
      const ex = w.exercise;
      if (!ex) continue;
      const exAt = sub(at, 'workflows', wi, 'exercise');
      words(ex.title, sub(exAt, 'title'), ctx, ex.title);
      for (const [i, s] of (ex.steps ?? []).entries()) words(s, sub(exAt, 'steps', i), ctx, ex.title);
      for (const [i, d] of (ex.debrief ?? []).entries())
        typeof d === 'string' ? words(d, sub(exAt, 'debrief', i), ctx, ex.title) : words(d.question, sub(exAt, 'debrief', i, 'question'), ctx, ex.title);
      const planted = ex.materials ? /\b(traps?|planted|seeded)\b/i.exec(ex.materials) : null;
      if (planted) ctx.report({ messageId: 'word', data: { title: ex.title, word: planted[1]! }, at: { ...sub(exAt, 'materials'), find: planted[0] } });
      if (!ex.brief) continue;
      for (const field of ['title', 'materials'] as const) {
        const text = ex[field];
        const run = text ? sharedRun(ex.brief, text) : undefined;
        if (run) ctx.report({ messageId: 'run', data: { field, title: ex.title, run }, at: sub(exAt, field) });
      }
    }
  },
});
