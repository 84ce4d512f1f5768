import { mdInline } from './markdown.js';

/**
 * Marp decks. Marp reads Markdown with three extras that reach the network or change a slide: emoji (a
 * `:joy:` shortcode or a Unicode emoji becomes an <img> from a CDN), math (`$…$` becomes MathJax) and
 * linkify. A pack never loads anything, so in deck text:
 * - every emoji character is followed by U+FE0E (VARIATION SELECTOR-15, "show as text"), which Marp's
 *   twemoji leaves alone — in code spans and fences too, where Marp still swaps emoji;
 * - a shortcode (`:name:`, escapes included) gets a WORD JOINER (U+2060, invisible) after its first colon;
 * - `$` is backslash-escaped outside code, so no math;
 * - links: mdInline already shows a URL as code.
 */
const EMOJI = /(\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[0-9#*](?=\uFE0F?\u20E3))\uFE0F?/gu;
/** A colon that opens what Marp could read as a shortcode (an escape inside, `:\\_x\\_:`, is still one to Marp). */
const SHORTCODE = /:(?=[\\A-Za-z0-9_+-]+:)/g;
/** mdInline's output: backslash escapes, its code spans (a URL: no backtick inside), and the text between. */
const PIECES = /((?:\\[\s\S]|[^\\`])+)|(`[^`]*`)|([\s\S])/g;

/** Emoji shown as text wherever they are, code included. */
export const marpCode = (text: string): string => text.replace(EMOJI, (_m, c: string) => `${c}\uFE0E`);

/** Inline deck text: mdInline, then no emoji image, no shortcode and no math outside code spans. */
export function marpInline(value: unknown): string {
  return mdInline(value).replace(PIECES, (_m, text?: string, code?: string, other?: string) =>
    code !== undefined
      ? marpCode(code)
      : marpCode(text ?? other ?? '')
          .replace(SHORTCODE, ':\u2060')
          .replace(/\$/g, '\\$'),
  );
}
