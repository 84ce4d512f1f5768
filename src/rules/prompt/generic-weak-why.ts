import { sub } from '../../model/loc.js';
import { eachPrompt } from '../lib.js';
import { defineRule } from '../types.js';

/** The canned diagnosis every prompt used to carry; true of a weak prompt with nothing pasted, false of most. */
const CANNED = /\bno role,? no data,? (and )?no format\b/i;

const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export default defineRule({
  meta: {
    id: 'prompt/generic-weak-why',
    severity: 'warning',
    failureMode: 'prompt',
    description: 'A weak prompt carries a canned diagnosis: the same `weak_why` text as another prompt, or "no role, no data and no format".',
    hint: 'Say what this weak prompt leaves out and what the assistant then does wrong in this work.',
    explanation:
      'The failure gallery teaches people to see why a prompt fails. One reason pasted under every prompt ("it has no role, no data and no format") is false wherever the participant pastes the data, and teaches nothing. Each weak prompt gets its own diagnosis.',
    example: 'weak_why: It asks for causes but gives only the figures, so the assistant invents plausible ones ("timing", "one-off").',
    messages: {
      canned: 'Prompt `{id}` gives the canned diagnosis "no role, no data and no format"',
      same: 'Prompt `{id}` has the same weak-prompt diagnosis as `{other}`',
    },
  },
  checkRole({ role, at }, ctx) {
    const seen = new Map<string, string>();
    for (const { prompt, at: pAt } of eachPrompt(role, at)) {
      if (!prompt.weak_why) continue;
      const whyAt = sub(pAt, 'weak_why');
      if (CANNED.test(prompt.weak_why)) ctx.report({ messageId: 'canned', data: { id: prompt.id }, at: whyAt });
      const key = norm(prompt.weak_why);
      const other = seen.get(key);
      if (other) ctx.report({ messageId: 'same', data: { id: prompt.id, other }, at: whyAt });
      else seen.set(key, prompt.id);
    }
  },
});
