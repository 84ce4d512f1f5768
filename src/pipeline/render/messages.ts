import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { TemplateError } from '../../model/template-error.js';
import { readTemplateFile, readUserTemplate } from '../load/load.js';
import { didYouMean, listJoin } from '../../model/text.js';
import { baseLang, fallbackChain, LANGUAGES, type Lang } from '../../model/lang.js';
import { UsageError } from '../../model/errors.js';
import { NEUTRAL_TOOL, type PlannedProgramme } from '../plan/plan.js';
import type { Blueprint } from '../plan/blueprint.js';

/**
 * The words of a pack (issue 26): one message catalogue per language under templates/messages/, ICU
 * MessageFormat strings by dotted key. The code decides which message applies and with which facts
 * (dates, numbers, names); the catalogue says it. A project's templates_dir/messages/<lang>.yaml
 * overrides single keys, or adds a language. A key missing in a language falls back to its base language, then to `en`
 * (the rule lang/missing-message reports where a project's catalogue does that).
 */

type Values = Readonly<Record<string, string | number>>;
export type Catalogue = Readonly<Record<string, string>>;

export interface Messages {
  readonly lang: Lang;
  /** The message `key` with its placeholders filled; an unknown key is a bug (a TypeError), never printed. */
  t: (key: string, values?: Values) => string;
  /** A list joined for the language: "a, b and c" (en keeps cocoon's own join, no serial comma). */
  list: (items: readonly string[], conj?: 'and' | 'or') => string;
  /** A local date (YYYY-MM-DD) written out: "Tuesday 12 January 2027", "Dienstag, 12. Januar 2027". */
  longDate: (date: string) => string;
  /** A local date, short: "Tue 12 Jan 2027", "Di., 12. Jan. 2027". */
  shortDate: (date: string) => string;
  /** A day of the plan, written out: en keeps the plan's own label byte for byte; other languages write `date` with Intl. */
  longOf: (w: Dated) => string | undefined;
  /** The same, short. */
  shortOf: (w: Dated) => string | undefined;
  /** A day of the plan as day and month only ("12 Jan", "12. Jan."), for a timeline's labels. */
  dayMonth: (w: Dated) => string | undefined;
  /**
   * A title inside a sentence: "Month-end variance" → "month-end variance" in English and French;
   * German keeps its capitals (nouns are capitalised).
   */
  inSentence: (title: string) => string;
  /** A time of day, HH:MM: as written in en and de, "9:30 AM" in en-US, "9 h 30" in French. */
  time: (hhmm: string) => string;
}

/** What the plan knows of a day: the local date and, in English, its labels. */
interface Dated {
  date?: string | null;
  dateLabel?: string;
  shortLabel?: string;
}

const lowerTitle = (t: string): string => (/^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);

/** Where each key of a catalogue file is (1-based), for diagnostics. */
type Positions = Record<string, { line: number; column: number }>;

/**
 * A catalogue file: a nested YAML mapping whose leaves are ICU messages, read into dotted keys with
 * their positions. A file that is not such a mapping is a positioned TemplateError (template/syntax).
 */
function parseCatalogue(text: string, file: string): { messages: Record<string, string>; positions: Positions } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number | undefined) => lines.linePos(offset ?? 0);
  const first = doc.errors[0];
  if (first) {
    const pos = at(first.pos[0]);
    throw new TemplateError(first.message.split('\n')[0]!, file, pos.line, pos.col);
  }
  const messages: Record<string, string> = {};
  const positions: Positions = {};
  const walk = (node: YamlNode | null | undefined, prefix: string): void => {
    if (node === null || node === undefined || (isScalar(node) && node.value === null && !prefix)) return;
    if (!isMap(node)) {
      const pos = at(node.range?.[0]);
      throw new TemplateError(`${prefix || 'the catalogue'} must be a mapping of messages`, file, pos.line, pos.col);
    }
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      const key = prefix ? `${prefix}.${k}` : k;
      const v = pair.value as YamlNode | null;
      const pos = at((pair.key as YamlNode | null)?.range?.[0]);
      positions[key] = { line: pos.line, column: pos.col };
      if (isScalar(v) && typeof v.value === 'string') messages[key] = v.value;
      else if (isMap(v)) walk(v, key);
      else throw new TemplateError(`${key} must be a message (a string) or a mapping of messages`, file, pos.line, pos.col);
    }
  };
  walk(doc.contents, '');
  return { messages, positions };
}

/** One catalogue: from a project's templates_dir when `own`, else built in; undefined when there is none. */
function readCatalogue(lang: string, overrideDir: string | undefined, own: boolean): { file: string; messages: Catalogue; positions: Positions } | undefined {
  const rel = join('messages', `${lang}.yaml`);
  let text: string | undefined;
  let file = rel;
  if (own) {
    if (!overrideDir) return undefined;
    file = join(overrideDir, rel);
    text = readUserTemplate(file, overrideDir);
  } else {
    try {
      ({ text, file } = readTemplateFile(rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
  return text === undefined ? undefined : { file, ...parseCatalogue(text, file) };
}

/** The built-in catalogues, by language. @public for the catalogue tests and the lint rule's fallback lookup. */
export function builtinCatalogue(lang: Lang): Catalogue {
  return readCatalogue(lang, undefined, false)?.messages ?? {};
}

const isShipped = (lang: string): boolean => (LANGUAGES as readonly string[]).includes(lang);

/** A message a project's catalogue lacks, and the text the packs use instead (lang/missing-message). */
export interface MissingMessage {
  file: string;
  line: number;
  column: number;
  lang: string;
  key: string;
  fallback: string;
  text: string;
}

/**
 * The keys of the reference catalogue (built-in en) that a project's catalogue for another language
 * lacks, where cocoon ships no text in that language either: the packs fall back, and say so in
 * English. A regional English (en-GB, en-US) falls back to en by design and is not reported.
 */
export function missingMessages(templatesDir: string): MissingMessage[] {
  let names: string[];
  try {
    names = readdirSync(join(templatesDir, 'messages'))
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch {
    return [];
  }
  const en = builtinCatalogue('en');
  const out: MissingMessage[] = [];
  for (const name of names) {
    const lang = name.slice(0, -'.yaml'.length);
    if (baseLang(lang) === 'en') continue;
    const own = readCatalogue(lang, templatesDir, true);
    if (!own) continue;
    const chain = fallbackChain(lang).slice(1);
    const layers = [own.messages, ...(isShipped(lang) ? [builtinCatalogue(lang)] : [])];
    const fallbacks = chain.map((l) => ({
      lang: l,
      messages: { ...(isShipped(l) ? builtinCatalogue(l) : {}), ...(readCatalogue(l, templatesDir, true)?.messages ?? {}) },
    }));
    for (const key of Object.keys(en)) {
      if (layers.some((c) => Object.hasOwn(c, key))) continue;
      const used = fallbacks.find((f) => Object.hasOwn(f.messages, key)) ?? { lang: 'en', messages: en };
      // Point at the nearest section the file has ("comms:" for comms.page.edit), else its first line.
      const parts = key.split('.');
      let pos = { line: 1, column: 1 };
      for (let i = parts.length - 1; i > 0; i--) {
        const hit = own.positions[parts.slice(0, i).join('.')];
        if (hit) {
          pos = hit;
          break;
        }
      }
      out.push({ file: own.file, ...pos, lang, key, fallback: used.lang, text: used.messages[key]! });
    }
  }
  return out;
}

type Formatter = { format(values?: Record<string, unknown>): unknown };
type MessageFormatClass = new (message: string, locales: string) => Formatter;

/**
 * The messages of one language for one render: every key resolved through the project's catalogue, the
 * built-in one, then the fallback languages. intl-messageformat is imported here, when a pack is
 * rendered, never for `--help` or `validate`.
 */
export async function loadMessages(lang: Lang, templatesDir?: string): Promise<Messages> {
  const { IntlMessageFormat } = (await import('intl-messageformat')) as unknown as { IntlMessageFormat: MessageFormatClass };
  return messagesWith(IntlMessageFormat, lang, templatesDir);
}

/**
 * A message with its simple placeholders filled ({name}) and its plural and select arguments left as
 * written: near enough for the checks that read text (lint rules, a view's field names), never a page.
 */
class PlainText {
  constructor(private readonly source: string) {}
  format(values: Record<string, unknown> = {}): string {
    return this.source.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
  }
}

/**
 * English messages without intl-messageformat, for lint rules and templates-check that run at validate
 * time, synchronously: the same words as a page, plurals and selects unresolved.
 */
export function plainMessages(): Messages {
  return messagesWith(PlainText, 'en');
}

function messagesWith(IntlMessageFormat: MessageFormatClass, lang: Lang, templatesDir?: string): Messages {
  const layers: { lang: Lang; catalogue: Catalogue; file?: string }[] = [];
  for (const l of fallbackChain(lang)) {
    const own = templatesDir ? readCatalogue(l, templatesDir, true) : undefined;
    if (own) layers.push({ lang: l, catalogue: own.messages, file: own.file });
    const builtin = (LANGUAGES as readonly string[]).includes(l) ? builtinCatalogue(l) : undefined;
    if (builtin) layers.push({ lang: l, catalogue: builtin });
  }
  if (!layers.some((x) => x.lang === lang || x.lang === baseLang(lang)))
    throw new UsageError(
      `Language ${lang} (--lang or org.language): no catalogue for it${didYouMean(lang, LANGUAGES) ? `; did you mean ${didYouMean(lang, LANGUAGES)}?` : ''}`,
      `cocoon ships ${LANGUAGES.join(', ')}; for another language, add templates_dir/messages/${lang}.yaml to the project (docs/languages.md).`,
    );
  const base = baseLang(lang);
  const compiled = new Map<string, Formatter>();
  const formatter = (key: string): Formatter => {
    const hit = compiled.get(key);
    if (hit) return hit;
    const layer = layers.find((x) => Object.hasOwn(x.catalogue, key));
    if (!layer) throw new TypeError(`No message "${key}" in the ${lang} catalogue or its fallbacks`);
    let f: Formatter;
    try {
      f = new IntlMessageFormat(layer.catalogue[key]!, layer.lang);
    } catch (e) {
      // A project's message is its own file's error (template/syntax); a built-in one is a bug.
      if (!layer.file) throw e;
      throw new TemplateError(`${key} is not a valid ICU message: ${(e as Error).message}`, layer.file, 1, 1);
    }
    compiled.set(key, f);
    return f;
  };
  const dateFormat = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
  const long = dateFormat({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const short = dateFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const dayMonth = dateFormat({ day: 'numeric', month: 'short' });
  const utcNoon = (date: string) => new Date(`${date}T12:00:00Z`);
  const lists = {
    and: new Intl.ListFormat(lang, { type: 'conjunction' }),
    or: new Intl.ListFormat(lang, { type: 'disjunction' }),
  };
  return {
    lang,
    t: (key, values) => String(formatter(key).format(values)),
    list: (items, conj = 'and') => (lang === 'en' ? listJoin(items, conj) : lists[conj].format(items)),
    // en keeps the plan's own labels ("Tuesday 12 January 2027"), byte for byte: the callers pass them through.
    longDate: (date) => long.format(utcNoon(date)),
    shortDate: (date) => short.format(utcNoon(date)),
    longOf: (w) => (lang === 'en' || !w.date ? w.dateLabel : long.format(utcNoon(w.date))),
    shortOf: (w) => (lang === 'en' || !w.date ? w.shortLabel : short.format(utcNoon(w.date))),
    dayMonth: (w) => (lang === 'en' || !w.date ? w.shortLabel?.replace(/^\w+ /, '').replace(/ \d{4}$/, '') : dayMonth.format(utcNoon(w.date))),
    inSentence: (title) => (base === 'de' ? title : lowerTitle(title)),
    time: (hhmm) => {
      const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
      if (!m || lang === 'en' || !['en', 'fr'].includes(base)) return hhmm;
      const [h, min] = [Number(m[1]), m[2]!];
      if (base === 'fr') return `${h} h ${min}`;
      return `${h % 12 || 12}:${min} ${h < 12 ? 'AM' : 'PM'}`;
    },
  };
}

/**
 * The plan's own default words in the pack's language: the title it makes up when the programme has
 * none ("AI for Finance") and the neutral tool name when the organisation names no tool. en is left alone.
 */
export function localizedPlan(p: PlannedProgramme, msg: Messages): PlannedProgramme {
  if (msg.lang === 'en') return p;
  const title = p.title === `AI for ${p.role.name}` ? msg.t('plan.title', { role: p.role.name }) : p.title;
  const tools = p.tools.length === 1 && p.tools[0] === NEUTRAL_TOOL ? [msg.t('plan.neutralTool')] : p.tools;
  return title === p.title && tools === p.tools ? p : { ...p, title, tools };
}

/** The key of a blueprint block's title: its arc, kind and role ("blueprint.block.first.project.choose"). */
const blockKey = (arc: string, b: { kind: string; role?: string }): string => `blueprint.block.${arc}.${b.kind}${b.role ? `.${b.role}` : ''}`;

/**
 * The blueprint with its words (session, block and break titles, objectives, capstone milestones) in
 * the pack's language, from the catalogue's `blueprint.*` messages. Their {placeholders} are the
 * planner's own (model/text.ts fill), so the raw message is used. en without a project catalogue is
 * the blueprint itself, untouched.
 */
export function localizedBlueprint(bp: Blueprint, lang: Lang, templatesDir?: string): Blueprint {
  const chain = fallbackChain(lang);
  const layers: Catalogue[] = [];
  for (const l of chain) {
    const own = templatesDir ? readCatalogue(l, templatesDir, true)?.messages : undefined;
    if (own) layers.push(own);
    // en's blueprint words are blueprint.yaml's own; a translation is read for the other languages.
    if (l !== 'en' && isShipped(l)) layers.push(builtinCatalogue(l));
  }
  if (!layers.length) return bp;
  const word = (key: string, text: string): string => layers.find((c) => Object.hasOwn(c, key))?.[key] ?? text;
  const arcs = Object.fromEntries(
    Object.entries(bp.arcs).map(([arc, a]) => [
      arc,
      { ...a, title: word(`blueprint.arc.${arc}`, a.title), blocks: a.blocks.map((b) => (b.title ? { ...b, title: word(blockKey(arc, b), b.title) } : b)) },
    ]),
  ) as Blueprint['arcs'];
  const objectives = Object.fromEntries(
    Object.entries(bp.objectives).map(([arc, list]) => [arc, list.map((o, i) => word(`blueprint.objective.${arc}.${i + 1}`, o))]),
  ) as Blueprint['objectives'];
  const milestones = Object.fromEntries(Object.entries(bp.milestones).map(([k, m]) => [k, word(`blueprint.milestone.${k}`, m)])) as Blueprint['milestones'];
  const words = <T extends Record<string, string>>(part: keyof Blueprint['practice'], list: T): T =>
    Object.fromEntries(Object.entries(list).map(([k, m]) => [k, word(`blueprint.practice.${part}.${k}`, m)])) as T;
  const practice = {
    on: words('on', bp.practice.on),
    lead: words('lead', bp.practice.lead),
    asked: words('asked', bp.practice.asked),
    periods: words('periods', bp.practice.periods),
  };
  const names = {
    sponsor: word('blueprint.names.sponsor', bp.names.sponsor),
    capstone: word('blueprint.names.capstone', bp.names.capstone),
    and: word('blueprint.names.and', bp.names.and),
    titles: word('blueprint.names.titles', bp.names.titles) === 'keep' ? ('keep' as const) : ('lower' as const),
  };
  return { ...bp, break: { ...bp.break, title: word('blueprint.break', bp.break.title) }, arcs, objectives, milestones, practice, names };
}

/** The blueprint's words as catalogue entries: en's own, kept equal to blueprint.yaml by a test. @public for tests. */
export function blueprintMessages(bp: Blueprint): Record<string, string> {
  const out: Record<string, string> = { 'blueprint.break': bp.break.title };
  for (const [arc, a] of Object.entries(bp.arcs)) {
    out[`blueprint.arc.${arc}`] = a.title;
    for (const b of a.blocks) if (b.title) out[blockKey(arc, b)] = b.title;
  }
  for (const [arc, list] of Object.entries(bp.objectives)) list.forEach((o, i) => (out[`blueprint.objective.${arc}.${i + 1}`] = o));
  for (const [k, m] of Object.entries(bp.milestones)) out[`blueprint.milestone.${k}`] = m;
  for (const [k, m] of Object.entries(bp.names)) out[`blueprint.names.${k}`] = m;
  for (const [part, list] of Object.entries(bp.practice)) for (const [k, m] of Object.entries(list)) out[`blueprint.practice.${part}.${k}`] = m;
  return out;
}
