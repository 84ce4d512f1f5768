import type { Capstone, Role } from './model.js';

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

/**
 * The phrase of `text` that reaches for data a `forbidden` item excludes, and that item; undefined when the
 * text keeps to the rules. The planner uses it too: a capstone that breaks the policy is never on the menu.
 */
export function policyBreach(text: string, forbidden: readonly string[]): { phrase: string; rule: string } | undefined {
  if (SAFE.test(text)) return undefined;
  for (const c of CONCEPTS) {
    const rule = forbidden.find((f) => c.forbidden.test(f));
    const m = rule ? c.reaches.exec(text) : null;
    // "…unless the tool is approved for them": a task that names the approved tool keeps to the rule.
    if (rule && m && !(/\bunless\b[^.]*\bapproved\b/i.test(rule) && /\bapproved (tool|assistant)\b/i.test(text))) return { phrase: m[0], rule };
  }
  return undefined;
}

/**
 * A capstone breaks the data policy when its title or deliverable, or the practice of a workflow it
 * needs, reaches for data the policy forbids: it is never offered on the capstone menu (docs/planner.md).
 */
export function capstoneBreaksPolicy(c: Capstone, role: Role, forbidden: readonly string[]): boolean {
  if (policyBreach(`${c.title}. ${c.deliverable}`, forbidden)) return true;
  return (c.workflows ?? []).some((id) => {
    const task = role.workflows.find((w) => w.id === id)?.practice?.task;
    return task ? Boolean(policyBreach(task, forbidden)) : false;
  });
}
