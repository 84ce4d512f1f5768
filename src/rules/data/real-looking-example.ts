import { sub, type Loc } from '../../model/loc.js';
import { eachPrompt } from '../lib.js';
import { defineRule, type RuleContext } from '../types.js';

/** Domains reserved for examples (RFC 2606 / RFC 6761): an address there can never reach a real person. */
const SAFE_EMAIL = /@([a-z0-9-]+\.)*(example\.(com|org|net)|[a-z0-9-]+\.(example|test|invalid|localhost))$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}/g;

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616 mod-97: only an IBAN with a valid checksum looks real. */
export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '');
  if (s.length < 15 || s.length > 34) return false;
  const moved = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of moved) rem = (rem * 10 + Number(ch)) % 97;
  return rem === 1;
}

/** How many ASCII digits the text holds, counting no further than `enough`. */
function digitsUpTo(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * The first real-looking value in a text, in the order email, card, IBAN, phone. Each search runs only
 * where it could report something — an email needs an `@`, a card 13 digits, an IBAN 2, a phone 9 — so most prose
 * never meets the expensive patterns; what is reported is what the searches alone would report.
 */
export function findRealLooking(text: string): { kind: string; match: string } | undefined {
  if (text.includes('@')) for (const m of text.matchAll(EMAIL)) if (!SAFE_EMAIL.test(m[0])) return { kind: 'email address', match: m[0] };
  const count = digitsUpTo(text, 13);
  if (count < 2) return undefined; // an IBAN has at least its two check digits
  if (count >= 13)
    for (const m of text.matchAll(CARD)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return { kind: 'payment card number', match: m[0] };
    }
  for (const m of text.matchAll(IBAN)) if (ibanValid(m[0])) return { kind: 'IBAN', match: m[0] };
  if (count >= 9)
    for (const m of text.matchAll(PHONE)) {
      const digits = m[0].replace(/\D/g, '');
      // Amounts (12,000) and dates (2027-01-12) never get here: a phone number has 9–15 digits and starts with + ( or 0.
      if (digits.length >= 9 && digits.length <= 15 && /^[+(0]/.test(m[0])) return { kind: 'phone number', match: m[0] };
    }
  return undefined;
}

function check(text: string | undefined, at: Loc, ctx: RuleContext): void {
  if (!text) return;
  const hit = findRealLooking(text);
  if (hit) ctx.report({ messageId: 'real', data: { kind: hit.kind, match: hit.match }, at: { ...at, find: hit.match } });
}

export default defineRule({
  meta: {
    id: 'data/real-looking-example',
    severity: 'error',
    failureMode: 'data',
    description: 'An example holds a real-looking email, phone number, card number (Luhn) or IBAN.',
    hint: 'Use synthetic data: name@example.com, no phone numbers, card or bank numbers.',
    explanation:
      "Examples and exercise material get copied into AI tools in the room. A real-looking email, phone, card or IBAN teaches the opposite of the data policy, and may be someone's real data. Example domains (example.com, .test) and invalid checksums are fine.",
    example: 'example: jordan.reyes@example.com',
    messages: { real: 'Example holds a real-looking {kind} ({match})' },
  },
  checkRole({ role, at }, ctx) {
    for (const { prompt, at: pAt } of eachPrompt(role, at)) {
      check(prompt.template, sub(pAt, 'template'), ctx);
      for (const [name, v] of Object.entries(prompt.variables ?? {})) check(v.example, sub(pAt, 'variables', name, 'example'), ctx);
    }
    for (const [wi, w] of role.workflows.entries()) {
      const wAt = sub(at, 'workflows', wi);
      // Facilitator-only text is pasted into tools in the room too: the demo, the answer key, the brief.
      for (const field of ['materials', 'brief', 'solution'] as const) check(w.exercise?.[field], sub(wAt, 'exercise', field), ctx);
      for (const [di, d] of (w.exercise?.debrief ?? []).entries())
        if (typeof d !== 'string') check(d.answer, sub(wAt, 'exercise', 'debrief', di, 'answer'), ctx);
      if (w.demo) {
        check(w.demo.material, sub(wAt, 'demo', 'material'), ctx);
        check(w.demo.output, sub(wAt, 'demo', 'output'), ctx);
        for (const [name, v] of Object.entries(w.demo.values ?? {})) check(v, sub(wAt, 'demo', 'values', name), ctx);
      }
    }
  },
});
