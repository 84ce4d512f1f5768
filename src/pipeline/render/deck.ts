import { galleryCount } from '../plan/arithmetic.js';
import { deliveryWords, norms } from '../../model/delivery.js';
import type { Prompt, Workflow } from '../../model/model.js';
import type { PlannedBlock, PlannedProgramme, PlannedSession } from '../plan/plan.js';
import { sub, type Loc } from '../../model/loc.js';
import { reflowPrompt } from '../../model/text.js';
import { demoPromptOf, filledDemoPrompt } from './demo.js';
import { plainMessages, type Messages } from './messages.js';
import { whenLabel } from './view.js';

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

const sponsorName = (p: PlannedProgramme, t: Messages['t']): string => (p.sponsor && !p.sponsor.tbd ? p.sponsor.name : t('deck.theSponsor'));

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

function blockSlides(p: PlannedProgramme, s: PlannedSession, b: PlannedBlock, index: number, audience: DeckAudience, msg: Messages): Slide[] {
  const t = msg.t;
  const d = deliveryWords(p.delivery, p.location, t);
  const slide = blank(b.kind, t('deck.blockHeading', { start: msg.time(b.start), end: msg.time(b.end), title: b.title }), index + 1, b.at);
  const notes: string[] = [t('deck.notesBlock', { start: msg.time(b.start), end: msg.time(b.end), minutes: b.minutes })];
  const timed = (): void => {
    slide.layout = 'timed';
    slide.footer = t('deck.until', { end: msg.time(b.end) });
  };
  const w = b.workflow;
  switch (b.kind) {
    case 'welcome':
      slide.paragraphs.push(t('deck.why', { role: p.role.name }));
      slide.items.push(
        t('deck.sessions', { n: p.sessions.length }),
        ...(p.checkIns.length ? [t('deck.checkIns', { days: msg.list(p.checkIns.map((c) => String(c.afterDays))) })] : []),
        t('deck.aCapstoneAPiece'),
      );
      notes.push(t('deck.openOnTimeOne'), t('deck.objectives', { objectives: s.objectives.join(' ') }));
      break;
    case 'norms':
      slide.items.push(...norms(p.delivery, t));
      slide.paragraphs.push(d.online ? t('deck.whatWouldMakeThis2') : t('deck.whatWouldMakeThis'));
      notes.push(d.online ? t('deck.typeTheNormsInto') : t('deck.writeTheNormsUp'));
      break;
    case 'leader':
      slide.paragraphs.push(
        b.text ?? (s.number === 1 ? t('deck.leaderFirst', { sponsor: sponsorName(p, t) }) : t('deck.leaderLast', { sponsor: sponsorName(p, t) })),
      );
      notes.push(t('deck.keepItToThe'));
      break;
    case 'concept':
      if (b.text) slide.paragraphs.push(b.text);
      else slide.items.push(t('deck.automateAiDoesIt'), t('deck.augmentAiDraftsYou'), t('deck.humanJudgementApprovalAnything'));
      break;
    case 'demo': {
      const shown = w ? demoPrompt(w, audience) : null;
      if (shown) slide.code = { label: `${shown.prompt.title} (${shown.prompt.id})`, text: shown.text };
      else slide.paragraphs.push(w ? t('deck.liveDemo', { workflow: w.title }) : t('deck.aLiveDemoOf'));
      if (w && shown) notes.push(t('deck.paste', { verify: (shown.prompt.verify ?? []).join('; ') || t('deck.pasteAny') }));
      if (w?.demo) notes.push(t('deck.ifTheToolIs'));
      if (d.online) notes.push(t('deck.shareYourScreenBefore'));
      break;
    }
    case 'exercise': {
      timed();
      const ex = w?.exercise;
      if (b.role === 'second-pass') {
        slide.paragraphs.push(t('deck.secondPass', { workflow: w?.title ?? t('deck.theWorkflow') }));
        slide.items.push(t('deck.writeYourOwnPrompt'), t('deck.runItAndCheck'), t('deck.compareWithAPartner'));
        slide.ordered = true;
      } else if (ex) {
        slide.paragraphs.push(d.pairs);
        slide.items.push(...(ex.steps ?? []));
        slide.ordered = true;
        if (w) slide.itemsAt = workflowAt(p, w, 'exercise', 'steps');
        if (ex.brief) notes.push(t('deck.brief', { brief: ex.brief }));
        if (ex.cut) notes.push(t('deck.cut', { cut: ex.cut }));
        if (ex.extension) notes.push(t('deck.extension', { extension: ex.extension }));
        for (const q of ex.debrief ?? []) if (typeof q !== 'string' && q.answer) notes.push(t('deck.debrief', { question: q.question, answer: q.answer }));
        if (ex.solution) notes.push(t('deck.theAnswerKeyIs'));
      } else if (w) slide.paragraphs.push(t('deck.run', { workflow: w.title }));
      else if (!b.text) slide.paragraphs.push(t('deck.inPairsOrThrees'));
      if (b.natural && b.natural !== b.minutes) notes.push(t('deck.planned', { minutes: b.minutes, natural: b.natural }));
      break;
    }
    case 'failure-gallery': {
      timed();
      if (b.role === 'prompt-clinic') {
        slide.paragraphs.push(t('deck.bringOneWeakPrompt'));
        slide.items.push(t('deck.whatDoesItLeave'), t('deck.whatDoesTheAssistant'), t('deck.rewriteItShowBefore'));
        break;
      }
      const gallery = b.gallery ?? [];
      const shown = gallery.slice(0, galleryCount(b.minutes, gallery.length));
      if (!shown.length && b.prompt?.weak && w) shown.push({ workflow: w, prompt: b.prompt });
      if (!shown.length) {
        slide.paragraphs.push(t('deck.showAWeakPrompt'));
        break;
      }
      notes.push(t('deck.goFirstWithOne'));
      if (d.online) notes.push(t('deck.askEachPairTo'));
      return shown.map((g, i) => {
        const one = { ...slide, layout: 'gallery' as const, heading: shown.length > 1 ? `${slide.heading} (${i + 1}/${shown.length})` : slide.heading };
        one.gallery = { weak: g.prompt.weak ?? '', betterLabel: `${g.prompt.title} (${g.prompt.id})`, better: reflowPrompt(g.prompt.template).trimEnd() };
        one.notes =
          audience === 'facilitator'
            ? [
                ...(i === 0 ? notes : [t('deck.notesShort', { start: msg.time(b.start), end: msg.time(b.end) })]),
                ...(g.prompt.weak_why ? [t('deck.weakWhy', { why: g.prompt.weak_why })] : []),
              ]
            : [];
        return one;
      });
    }
    case 'share-back':
      timed();
      slide.paragraphs.push(d.online ? t('deck.chatWaterfallTypeYour') : t('deck.whatHappenedWhenYou'));
      for (const a of s.shareBackAssignments)
        if (a.workflow.practice?.evidence?.length)
          // A stand-in's long description stays on the handout; the slide names the workflow and what to bring.
          slide.items.push(
            a.mode === 'fallback'
              ? t('deck.shareBackItemStandIn', { workflow: a.workflow.title, evidence: a.workflow.practice.evidence.join('; ') })
              : t('deck.shareBackItem', { workflow: a.workflow.title, asked: a.asked, evidence: a.workflow.practice.evidence.join('; ') }),
          );
      notes.push(t('deck.celebrateACorrectionAs'));
      break;
    case 'project':
      timed();
      slide.paragraphs.push(
        b.role === 'choose'
          ? t('deck.chooseYourCapstoneFrom')
          : b.role === 'transfer'
            ? t('deck.mapAWorkflowOf')
            : b.role === 'peer-review'
              ? t('deck.peerReviewInPairs')
              : b.role === 'next'
                ? t('deck.mapTheNextWorkflow')
                : p.capstone
                  ? t('deck.capstoneWork', { capstone: p.capstone.title })
                  : t('deck.workOnAReal'),
      );
      break;
    case 'showcase':
      timed();
      slide.items.push(t('deck.whatItIsAnd'), t('deck.thePromptThatMattered'), t('deck.minutesAgainstYourOwn'));
      slide.paragraphs.push(t(d.online ? 'deck.threeMinutesEachSharing' : 'deck.threeMinutesEach'));
      break;
    case 'reflect':
      if (b.role === 'pulse' || b.role === 'skills-post') {
        timed();
        slide.paragraphs.push(b.role === 'skills-post' ? t('deck.theSkillsCheckAgain') : t('deck.theTwoQuestionsAt'));
        break;
      }
      slide.paragraphs.push(b.text ?? t('deck.twoMinutesAloneThen'));
      break;
    case 'commit':
      if (s.number === p.sessions.length) slide.paragraphs.push(t('deck.putBothCheckIns'));
      else if (s.practiceCapstone) slide.paragraphs.push(t('deck.writeTheNextPiece'));
      else {
        slide.paragraphs.push(t('deck.writeInYourHandout'));
        slide.items.push(...s.practice.map((x) => x.practice?.title ?? x.title));
      }
      break;
    case 'break':
      slide.paragraphs.push(t(d.online ? 'deck.backOnline' : 'deck.back', { end: msg.time(b.end) }));
      break;
    default:
      break;
  }
  if (b.text && !['leader', 'concept', 'reflect'].includes(b.kind)) slide.paragraphs.push(b.text);
  if (b.notes) notes.push(b.notes);
  slide.notes = audience === 'facilitator' ? notes : [];
  return paginate(slide);
}

/** A session's deck in the pack's language. */
export function buildDeck(p: PlannedProgramme, s: PlannedSession, audience: DeckAudience, msg: Messages): Slide[] {
  const t = msg.t;
  const d = deliveryWords(p.delivery, p.location, t);
  const title = blank('title', t('deck.title', { n: s.number, title: s.title }), 0, s.at);
  title.layout = 'title';
  title.paragraphs.push(p.title, whenLabel(msg, s, p.schedule.timezone), ...(d.join ? [d.join] : []), t('deck.ourNorms'));
  title.items.push(...norms(p.delivery, t));
  if (audience === 'facilitator')
    title.notes.push(
      t('deck.notesSession', { n: s.number, minutes: s.minutes, blocks: s.blocks.length }),
      ...(s.note ? [s.note.text] : []),
      ...(d.online ? [t('deck.openTheCallTen')] : []),
      ...(d.hybrid ? [t('deck.theProducerRunsThe')] : []),
    );
  return [title, ...s.blocks.flatMap((b, i) => blockSlides(p, s, b, i, audience, msg))];
}

/** Every session's deck, for the slides rules: one set of plain English messages for them all. */
export function sessionDecks(p: PlannedProgramme, audience: DeckAudience): { session: PlannedSession; slides: Slide[] }[] {
  const msg = plainMessages();
  return p.sessions.map((session) => ({ session, slides: buildDeck(p, session, audience, msg) }));
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
