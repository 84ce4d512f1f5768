import { galleryCount } from '../plan/arithmetic.js';
import { deliveryWords, norms } from '../../model/delivery.js';
import type { Prompt, Workflow } from '../../model/model.js';
import type { PlannedBlock, PlannedProgramme, PlannedSession } from '../plan/plan.js';
import { sub, type Loc } from '../load/source.js';
import { reflowPrompt } from '../../model/text.js';
import { demoPromptOf, filledDemoPrompt } from './demo.js';

/**
 * The slide deck of a session as data: what each slide says, and where in the YAML it comes from.
 * pipeline/render/slides.ts writes it as Marp Markdown; the slides/ rules judge it. One deck per audience:
 * the facilitator's carries presenter notes and the demo prompt filled in with the demo material; the
 * participant's has the same slides, the library prompt in place of the filled one, and no notes.
 */

export type DeckAudience = 'facilitator' | 'participant';

export interface Slide {
  /** `title` for the first slide, else the kind of block the slide belongs to. */
  kind: string;
  heading: string;
  /** Layout: title, gallery (weak and better side by side), timed (an end time in the footer), plain. */
  layout: 'title' | 'gallery' | 'timed' | 'plain';
  paragraphs: string[];
  items: string[];
  ordered: boolean;
  /** Number of the first item (continued lists). */
  start: number;
  /** A prompt shown exactly: its label and its text. */
  code: { label: string; text: string } | null;
  gallery: { weak: string; betterLabel: string; better: string } | null;
  footer: string | null;
  /** Presenter notes (facilitator deck only). */
  notes: string[];
  /** 0 for the title slide, else 1 + the block's index in the session. */
  block: number;
  at: Loc;
  /** Where the list comes from, when it is role text (exercise steps). */
  itemsAt: Loc | null;
}

/** A slide holds at most this many list items and about this many words (slides/overflow). */
export const SLIDE_ITEMS = 6;
export const SLIDE_WORDS = 60;

const words = (s: string): number => (s.match(/\S+/g) ?? []).length;

/** The words a reader has to read on a slide: text and lists, not the heading or the prompt shown as code. */
export function slideWords(s: Slide): number {
  return [...s.paragraphs, ...s.items, s.gallery?.weak ?? '', s.gallery?.betterLabel ?? ''].reduce((t, x) => t + words(x), 0);
}

function blank(kind: string, heading: string, block: number, at: Loc): Slide {
  return {
    kind,
    heading,
    layout: 'plain',
    paragraphs: [],
    items: [],
    ordered: false,
    start: 1,
    code: null,
    gallery: null,
    footer: null,
    notes: [],
    block,
    at,
    itemsAt: null,
  };
}

/**
 * A slide whose list does not fit is continued on the next slide ("(2/2)"), so nothing is cut and no
 * slide is crammed. A single item too long for a slide of its own stays whole: slides/overflow says so.
 */
function paginate(slide: Slide): Slide[] {
  const base = slideWords({ ...slide, items: [] });
  const pages: string[][] = [[]];
  let used = base;
  for (const item of slide.items) {
    const page = pages[pages.length - 1]!;
    const w = words(item);
    if (page.length && (page.length >= SLIDE_ITEMS || used + w > SLIDE_WORDS)) {
      pages.push([item]);
      used = base + w;
    } else {
      page.push(item);
      used += w;
    }
  }
  if (pages.length === 1) return [slide];
  let start = slide.start;
  return pages.map((items, i) => {
    const page = { ...slide, heading: `${slide.heading} (${i + 1}/${pages.length})`, items, start, notes: i === 0 ? slide.notes : [] };
    start += items.length;
    return page;
  });
}

function whenLabel(s: PlannedSession, zone: string): string {
  return s.dateLabel ? `${s.dateLabel}, ${s.start}–${s.end} (${zone})` : `Week ${s.week} · ${s.start}–${s.end}`;
}

const sponsorName = (p: PlannedProgramme): string => (p.sponsor && !p.sponsor.tbd ? p.sponsor.name : 'The sponsor');

function workflowAt(p: PlannedProgramme, w: Workflow, ...path: (string | number)[]): Loc {
  const i = p.role.workflows.indexOf(w);
  return i < 0 ? p.roleAt : sub(p.roleAt, 'workflows', i, ...path);
}

/** The prompt a demo runs, and the text to show: filled with the demo's values (facilitator) or the library template. */
function demoPrompt(w: Workflow, audience: DeckAudience): { prompt: Prompt; text: string } | null {
  const prompt = demoPromptOf(w);
  if (!prompt) return null;
  if (audience === 'participant' || !w.demo) return { prompt, text: reflowPrompt(prompt.template).trimEnd() };
  return { prompt, text: filledDemoPrompt(prompt, w.demo) };
}

function blockSlides(p: PlannedProgramme, s: PlannedSession, b: PlannedBlock, index: number, audience: DeckAudience): Slide[] {
  const d = deliveryWords(p.delivery, p.location);
  const slide = blank(b.kind, `${b.start}–${b.end} · ${b.title}`, index + 1, b.at);
  const notes: string[] = [`Facilitator notes, ${b.start}–${b.end} (${b.minutes} minutes).`];
  const timed = (): void => {
    slide.layout = 'timed';
    slide.footer = `Until ${b.end}`;
  };
  const w = b.workflow;
  switch (b.kind) {
    case 'welcome':
      slide.paragraphs.push(`Why we are here: to change how ${p.role.name} work gets done, one real workflow at a time.`);
      slide.items.push(
        `${p.sessions.length} sessions, with practice on your own work in between`,
        ...(p.checkIns.length ? [`Check-ins ${p.checkIns.map((c) => c.afterDays).join(' and ')} days after the last session`] : []),
        'A capstone: a piece of work you need anyway',
      );
      notes.push('Open on time. One line each: your role and the task that eats most of your week.', `Today's objectives: ${s.objectives.join(' ')}`);
      break;
    case 'norms':
      slide.items.push(...norms(p.delivery));
      slide.paragraphs.push(
        d.online
          ? 'What would make this a session where you could get something wrong in front of the others?'
          : 'What would make this a room where you could get something wrong in front of the others?',
      );
      notes.push(
        d.online
          ? 'Type the norms into the chat and keep them pinned; add what the group says.'
          : 'Write the norms up where everyone can see them for the whole programme; add what the group says.',
      );
      break;
    case 'leader':
      slide.paragraphs.push(
        b.text ??
          (s.number === 1
            ? `${sponsorName(p)} on their own use of AI: a real piece of work, what worked and what went wrong.`
            : `${sponsorName(p)} closes the programme: what they saw, and what they will change themselves.`),
      );
      notes.push('Keep it to the minutes on the agenda; thank the sponsor by name.');
      break;
    case 'concept':
      if (b.text) slide.paragraphs.push(b.text);
      else slide.items.push('Automate: AI does it, you check', 'Augment: AI drafts, you decide', 'Human: judgement, approval, anything sent in your name');
      break;
    case 'demo': {
      const shown = w ? demoPrompt(w, audience) : null;
      if (shown) slide.code = { label: `${shown.prompt.title} (${shown.prompt.id})`, text: shown.text };
      else slide.paragraphs.push(w ? `Live demo: ${w.title}` : 'A live demo of one workflow, end to end, on synthetic material.');
      if (w && shown)
        notes.push(
          `Paste the prompt shown, run it live, and say aloud what you check: ${(shown.prompt.verify ?? []).join('; ') || 'every figure and every claim against the material'}.`,
        );
      if (w?.demo) notes.push('If the tool is slow or down, show the fallback output from the facilitator agenda.');
      if (d.online) notes.push('Share your screen before you paste; make the text large enough for a laptop screen.');
      break;
    }
    case 'exercise': {
      timed();
      const ex = w?.exercise;
      if (b.role === 'second-pass') {
        slide.paragraphs.push(`Second pass on ${w?.title ?? 'the workflow'}: alone, on new material, no demo first.`);
        slide.items.push(
          'Write your own prompt, or the library prompt from memory',
          'Run it and check the output against the verify list',
          'Compare with a partner for the last five minutes',
        );
        slide.ordered = true;
      } else if (ex) {
        slide.paragraphs.push(d.pairs);
        slide.items.push(...(ex.steps ?? []));
        slide.ordered = true;
        if (w) slide.itemsAt = workflowAt(p, w, 'exercise', 'steps');
        if (ex.brief) notes.push(`What is in the material: ${ex.brief}`);
        if (ex.cut) notes.push(`If you are running late: ${ex.cut}`);
        if (ex.extension) notes.push(`For pairs who finish early: ${ex.extension}`);
        for (const q of ex.debrief ?? []) if (typeof q !== 'string' && q.answer) notes.push(`Debrief: ${q.question} Listen for: ${q.answer}`);
        if (ex.solution) notes.push('The answer key is in the facilitator agenda.');
      } else if (w) slide.paragraphs.push(`Run ${w.title} on synthetic material, using the prompt library.`);
      else if (!b.text) slide.paragraphs.push('In pairs or threes, then a few voices to the room.');
      if (b.natural && b.natural !== b.minutes) notes.push(`Planned at ${b.minutes} of its natural ${b.natural} minutes.`);
      break;
    }
    case 'failure-gallery': {
      timed();
      if (b.role === 'prompt-clinic') {
        slide.paragraphs.push('Bring one weak prompt of your own from the weeks since the last session.');
        slide.items.push('What does it leave out?', 'What does the assistant then get wrong?', 'Rewrite it; show before and after');
        break;
      }
      const gallery = b.gallery ?? [];
      const shown = gallery.slice(0, galleryCount(b.minutes, gallery.length));
      if (!shown.length && b.prompt?.weak && w) shown.push({ workflow: w, prompt: b.prompt });
      if (!shown.length) {
        slide.paragraphs.push('Show a weak prompt and its output next to a better prompt and its output.');
        break;
      }
      notes.push('Go first with one of your own weak prompts. Thank people for every failure shown.');
      if (d.online) notes.push('Ask each pair to paste one weak prompt of their own into the chat, and say what they changed.');
      return shown.map((g, i) => {
        const one = { ...slide, layout: 'gallery' as const, heading: shown.length > 1 ? `${slide.heading} (${i + 1}/${shown.length})` : slide.heading };
        one.gallery = { weak: g.prompt.weak ?? '', betterLabel: `${g.prompt.title} (${g.prompt.id})`, better: reflowPrompt(g.prompt.template).trimEnd() };
        one.notes =
          audience === 'facilitator'
            ? [
                ...(i === 0 ? notes : [`Facilitator notes, ${b.start}–${b.end}.`]),
                ...(g.prompt.weak_why ? [`Why the weak one fails: ${g.prompt.weak_why}`] : []),
              ]
            : [];
        return one;
      });
    }
    case 'share-back':
      timed();
      slide.paragraphs.push(
        d.online
          ? 'Chat waterfall: type your minutes against your own baseline and one thing you had to correct; send on the count of three.'
          : 'What happened when you used it on real work: the minutes, and one thing you had to correct?',
      );
      for (const a of s.shareBackAssignments)
        if (a.workflow.practice?.evidence?.length) slide.items.push(`${a.workflow.title} (${a.asked}): ${a.workflow.practice.evidence.join('; ')}`);
      notes.push('Celebrate a correction as much as a time saving: it shows the checks work.');
      break;
    case 'project':
      timed();
      slide.paragraphs.push(
        b.role === 'choose'
          ? 'Choose your capstone from the menu in the capstone brief, and write down how many minutes that work takes you today, without AI.'
          : b.role === 'transfer'
            ? 'Map a workflow of your own: each step automate, augment or human; a first prompt for one augment step.'
            : b.role === 'peer-review'
              ? "Peer review in pairs: check your partner's capstone output against the verify list and the workflow's checks; hand back one correction."
              : b.role === 'next'
                ? 'Map the next workflow you will bring AI into: its steps, what stays human, the baseline you will measure.'
                : p.capstone
                  ? `Capstone work: ${p.capstone.title}. Work on a redacted copy or synthetic stand-ins.`
                  : 'Work on a real deliverable with the workflows learnt so far.',
      );
      break;
    case 'showcase':
      timed();
      slide.items.push('What it is, and who receives it', 'The prompt that mattered, and one output you corrected', 'Minutes against your own baseline');
      slide.paragraphs.push(d.online ? 'Three minutes each, sharing your screen; cameras on for the presenter and the questions.' : 'Three minutes each.');
      break;
    case 'reflect':
      if (b.role === 'pulse' || b.role === 'skills-post') {
        timed();
        slide.paragraphs.push(
          b.role === 'skills-post'
            ? 'The skills check again, the same questions as before session 1; then the two questions at the end of your handout.'
            : 'The two questions at the end of your handout: how useful was today (1–5), and would you recommend it (0–10)?',
        );
        break;
      }
      slide.paragraphs.push(b.text ?? 'Two minutes alone, then one sentence each: what changed in how you work, what did not, and what you will stop doing.');
      break;
    case 'commit':
      if (s.number === p.sessions.length)
        slide.paragraphs.push('Put both check-ins in your calendar now. Write the one workflow you will keep using and the number you will report.');
      else if (s.practiceCapstone)
        slide.paragraphs.push('Write the next piece of your capstone you will finish before the next session, when, and on what material.');
      else {
        slide.paragraphs.push('Write in your handout: which piece of your own work, when, and what evidence you will bring.');
        slide.items.push(...s.practice.map((x) => x.practice?.title ?? x.title));
      }
      break;
    case 'break':
      slide.paragraphs.push(d.online ? `Back at ${b.end}. Cameras off if you like; stay on the call.` : `Back at ${b.end}.`);
      break;
    default:
      break;
  }
  if (b.text && !['leader', 'concept', 'reflect'].includes(b.kind)) slide.paragraphs.push(b.text);
  if (b.notes) notes.push(b.notes);
  slide.notes = audience === 'facilitator' ? notes : [];
  return paginate(slide);
}

export function buildDeck(p: PlannedProgramme, s: PlannedSession, audience: DeckAudience): Slide[] {
  const d = deliveryWords(p.delivery, p.location);
  const title = blank('title', `Session ${s.number}: ${s.title}`, 0, s.at);
  title.layout = 'title';
  title.paragraphs.push(p.title, whenLabel(s, p.schedule.timezone), ...(d.join ? [d.join] : []), 'Our norms:');
  title.items.push(...norms(p.delivery));
  if (audience === 'facilitator')
    title.notes.push(
      `Facilitator notes, session ${s.number}: ${s.minutes} minutes, ${s.blocks.length} blocks.`,
      ...(s.note ? [s.note.text] : []),
      ...(d.online ? ['Open the call ten minutes early; check that screen sharing and breakout rooms work.'] : []),
      ...(d.hybrid ? ['The producer runs the call: admits people, watches the chat, opens breakout rooms and brings the call into the discussion.'] : []),
    );
  return [title, ...s.blocks.flatMap((b, i) => blockSlides(p, s, b, i, audience))];
}

/**
 * Text a participant deck must never hold: the facilitator-only fields of the role (brief, cut,
 * extension, answer key, debrief answers, demo material, values and output) and the block notes.
 * Line by line, so a part of a long answer key is caught too; short lines ("Total") are too common to judge.
 */
export function facilitatorOnlyLines(p: PlannedProgramme): { line: string; at: Loc }[] {
  const out: { line: string; at: Loc }[] = [];
  const add = (text: string | undefined, at: Loc): void => {
    for (const raw of (text ?? '').split('\n')) {
      const line = raw.trim();
      if (line.length >= 24) out.push({ line, at });
    }
  };
  for (const w of p.role.workflows) {
    const ex = w.exercise;
    if (ex) {
      add(ex.brief, workflowAt(p, w, 'exercise', 'brief'));
      add(ex.cut, workflowAt(p, w, 'exercise', 'cut'));
      add(ex.extension, workflowAt(p, w, 'exercise', 'extension'));
      add(ex.solution, workflowAt(p, w, 'exercise', 'solution'));
      (ex.debrief ?? []).forEach((q, i) => typeof q !== 'string' && add(q.answer, workflowAt(p, w, 'exercise', 'debrief', i, 'answer')));
    }
    if (w.demo) {
      add(w.demo.material, workflowAt(p, w, 'demo', 'material'));
      add(w.demo.output, workflowAt(p, w, 'demo', 'output'));
      for (const [k, v] of Object.entries(w.demo.values ?? {})) add(v, workflowAt(p, w, 'demo', 'values', k));
    }
  }
  for (const s of p.sessions) {
    if (s.note) add(s.note.text, s.note.at);
    for (const b of s.blocks) add(b.notes, sub(b.at, 'notes'));
  }
  return out;
}

/** Every piece of text a slide shows, for the leak check. */
export const slideText = (s: Slide): string =>
  [
    s.heading,
    ...s.paragraphs,
    ...s.items,
    s.code?.label ?? '',
    s.code?.text ?? '',
    s.gallery?.weak ?? '',
    s.gallery?.betterLabel ?? '',
    s.gallery?.better ?? '',
    s.footer ?? '',
  ].join('\n');
