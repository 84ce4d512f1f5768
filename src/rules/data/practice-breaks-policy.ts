import { sub, type Loc } from '../../model/loc.js';
import { policyBreach } from '../../model/policy.js';
import type { RuleContext } from '../types.js';
import { defineRule } from '../types.js';

function check(text: string, forbidden: string[], at: Loc, ctx: RuleContext): void {
  const breach = policyBreach(text, forbidden);
  if (breach) ctx.report({ messageId: 'breaks', data: breach, at: { ...at, find: breach.phrase } });
}

export default defineRule({
  meta: {
    id: 'data/practice-breaks-policy',
    severity: 'warning',
    failureMode: 'data',
    description: "A practice task or capstone needs data the role's `forbidden` list excludes.",
    hint: 'Say how it stays inside the data rules: on a redacted copy, with synthetic stand-ins, or after the data is released.',
    explanation:
      'Practice on real work is the point, but a task that sends people to "this month\'s close" while the data rules say "never unreleased results" teaches them that the rules are decoration. The task says how to do it safely, or picks other work.',
    example: "task: Draft commentary for three cost centres on a redacted copy of last month's close.",
    messages: { breaks: 'This asks for "{phrase}", but the data rules forbid "{rule}"' },
  },
  checkRole({ role, at }, ctx) {
    const forbidden = role.data_policy?.forbidden ?? [];
    if (!forbidden.length) return;
    for (const [wi, w] of role.workflows.entries()) {
      if (!w.practice) continue;
      check(w.practice.task, forbidden, sub(at, 'workflows', wi, 'practice', 'task'), ctx);
      if (w.practice.fallback) check(w.practice.fallback, forbidden, sub(at, 'workflows', wi, 'practice', 'fallback'), ctx);
      for (const [vi, v] of (w.practice.variants ?? []).entries()) check(v.task, forbidden, sub(at, 'workflows', wi, 'practice', 'variants', vi, 'task'), ctx);
    }
    for (const [ci, c] of (role.capstones ?? []).entries()) check(c.deliverable, forbidden, sub(at, 'capstones', ci, 'deliverable'), ctx);
  },
});
