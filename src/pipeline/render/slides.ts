import type { Blueprint } from '../plan/blueprint.js';
import { buildDeck, type DeckAudience, type Slide } from './deck.js';
import { slidesTheme } from '../../assets/styles.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { withoutControls } from '../../model/escape/controls.js';
import { marpCode, marpInline } from '../../model/escape/marp.js';
import { mdFence } from '../../model/escape/markdown.js';
import type { PackFile } from '../../model/pack.js';
import type { Messages } from './messages.js';
import { pageLang } from '../../model/lang.js';

/**
 * Marp decks: `facilitator/session-N.slides.md` with presenter notes, `participant/session-N.slides.md`
 * with the same slides and none. Marp's own CLI turns them into HTML, PDF or PPTX; cocoon writes only
 * the Markdown. Each deck carries the cocoon theme in a <style> block (Marp applies it even with HTML
 * off), so it renders the same in marp-cli, the VS Code extension or anything else that reads Marp.
 */

/** templates/slides/cocoon.css without its Marp theme header (the deck builds on the default theme). */
function deckStyle(): string {
  return slidesTheme()
    .replace(/\/\*[\s\S]*?\*\/\n?/g, '')
    .replace(/^@import[^\n]*\n/m, '')
    .trim();
}

/** Text inside an HTML comment: nothing in it may close the comment, or open another. */
const commentText = (s: string): string => withoutControls(s).replace(/--+>/g, '—>').replace(/<!--+/g, '<!—').replace(/\r\n?/g, '\n').trim();

/** A Marp directive value: a YAML double-quoted string, which JSON's string syntax is. */
const yamlString = (s: string): string => JSON.stringify(withoutControls(s).replace(/\r?\n/g, ' '));

/**
 * Marp scales a code block down until its longest line fits the width, but never for height: a long
 * prompt left unwrapped is shown whole and tiny, and wrapped too narrow it runs off the slide. So the
 * prompt is wrapped at word boundaries at the width that gives the largest text that still fits the
 * box (monospace: a character is about 0.6 em wide; lines are 1.3 em high). The words stay exact.
 */
function fitWrap(text: string, boxWidth: number, boxHeight: number, maxFont = 24): string {
  const wrapAt = (width: number): string[] =>
    text.split('\n').flatMap((line) => {
      if (line.length <= width) return [line];
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur && cur.length + 1 + word.length > width) {
          out.push(cur);
          cur = word;
        } else cur = cur ? `${cur} ${word}` : word;
      }
      out.push(cur);
      return out;
    });
  for (let width = 30; width <= 240; width += 2) {
    const lines = wrapAt(width);
    const longest = Math.max(...lines.map((l) => l.length), 1);
    const font = Math.min(maxFont, boxWidth / (0.6 * longest));
    if (lines.length * 1.3 * font <= boxHeight) return lines.join('\n');
  }
  return text;
}

function slideMarkdown(s: Slide): string {
  const out: string[] = [];
  if (s.layout !== 'plain') out.push(`<!-- _class: ${s.layout} -->`);
  if (s.layout === 'title') out.push('<!-- _paginate: false -->');
  // Marp renders a footer as Markdown: deck text like any other.
  if (s.footer) out.push(`<!-- _footer: ${yamlString(marpInline(s.footer))} -->`);
  if (out.length) out.push('');
  out.push(`${s.layout === 'title' ? '#' : '##'} ${marpInline(s.heading)}`, '');
  if (s.layout === 'title') {
    // Programme, date and clock times, the join link: each a line of its own; then the norms.
    const [programme, when, ...rest] = s.paragraphs;
    out.push(`**${marpInline(when ?? '')}**`, '', marpInline(programme ?? ''), '');
    for (const p of rest) out.push(marpInline(p), '');
  } else for (const p of s.paragraphs) out.push(marpInline(p), '');
  if (s.items.length) {
    s.items.forEach((item, i) => out.push(s.ordered ? `${s.start + i}. ${marpInline(item)}` : `- ${marpInline(item)}`));
    out.push('');
  }
  if (s.code) out.push(`Prompt: **${marpInline(s.code.label)}**`, '', mdFence(marpCode(fitWrap(s.code.text, 1110, 360)), 'text'), '');
  if (s.gallery) {
    out.push(
      '### Weak',
      '',
      `> ${marpInline(`"${s.gallery.weak}"`)}`,
      '',
      `### Better: ${marpInline(s.gallery.betterLabel)}`,
      '',
      mdFence(marpCode(fitWrap(s.gallery.better, 520, 290)), 'text'),
      '',
    );
  }
  if (s.notes.length) out.push('<!--', commentText(s.notes.join('\n\n')), '-->', '');
  return out.join('\n');
}

function deckMarkdown(p: PlannedProgramme, slides: readonly Slide[], audience: DeckAudience, number: number, msg: Messages): string {
  const title = msg.t(audience === 'facilitator' ? 'deck.deckTitleFacilitator' : 'deck.deckTitle', { n: number, programme: p.title });
  const head = [
    '---',
    'marp: true',
    'theme: default',
    'paginate: true',
    'size: 16:9',
    `lang: ${pageLang(msg.lang)}`,
    `title: ${yamlString(title)}`,
    '---',
    '',
    '<style>',
    deckStyle(),
    '</style>',
    '',
  ];
  const body = slides.map(slideMarkdown).join('\n---\n\n');
  return `${[...head, body].join('\n').trimEnd()}\n`;
}

export function renderDecks(p: PlannedProgramme, _blueprint: Blueprint, msg: Messages): PackFile[] {
  const files: PackFile[] = [];
  for (const s of p.sessions) {
    files.push({
      path: `facilitator/session-${s.number}.slides.md`,
      content: deckMarkdown(p, buildDeck(p, s, 'facilitator', msg), 'facilitator', s.number, msg),
    });
    files.push({
      path: `participant/session-${s.number}.slides.md`,
      content: deckMarkdown(p, buildDeck(p, s, 'participant', msg), 'participant', s.number, msg),
    });
  }
  return files;
}
