import { sub, type Loc } from '../../pipeline/load/source.js';
import type { RuleContext } from '../types.js';
import { defineRule } from '../types.js';

/**
 * Kinds of forbidden data, and the words in a practice task or capstone that reach for them. A task
 * that says how it stays inside the rules (a redacted copy, after release, anonymised) is fine.
 */
const CONCEPTS: { forbidden: RegExp; reaches: RegExp }[] = [
  {
    forbidden: /unreleased|not yet (released|published)|before (release|announcement|publication)|price-sensitive|embargo/i,
    reaches:
      /\b(this|the current|your current) (month|quarter)'?s? (close|results|numbers|figures|pack|forecast)\b|\bcurrent close\b|\blive forecast\b|\blatest results\b/i,
  },
  {
    forbidden: /bid prices|live bids?|open tenders?|tender is open|before award/i,
    reaches: /\b(live|open|current|running) (tender|bids?|sourcing event)s?\b|\b(sourcing event|tender) you are running\b/i,
  },
  {
    forbidden: /personal data|payroll|health|medical|patient|candidate/i,
    reaches: /\b(real|actual|live) (names|employees?|staff|candidates?|patients?|cases)\b|\byour (team's|employees'|candidates') (records|files|data)\b/i,
  },
  {
    forbidden: /customer (data|records|details|names)|account numbers|bank details/i,
    reaches: /\b(real|live|actual) customers?'? (data|records|emails|tickets|details)\b|\blive tickets\b/i,
  },
];

const SAFE =
  /redact|anonymi[sz]|synthetic|de-identif|sanitis|after (release|award|publication|the deadline|it is published)|once (released|published|awarded)|placeholder|stand-ins?/i;

function check(text: string, forbidden: string[], at: Loc, ctx: RuleContext): void {
  if (SAFE.test(text)) return;
  for (const c of CONCEPTS) {
    const rule = forbidden.find((f) => c.forbidden.test(f));
    const m = rule ? c.reaches.exec(text) : null;
    // "…unless the tool is approved for them": a task that names the approved tool keeps to the rule.
    if (rule && m && !(/\bunless\b[^.]*\bapproved\b/i.test(rule) && /\bapproved (tool|assistant)\b/i.test(text))) {
      ctx.report({ messageId: 'breaks', data: { phrase: m[0], rule }, at: { ...at, find: m[0] } });
      return;
    }
  }
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
