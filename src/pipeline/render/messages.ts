import { join } from 'node:path';
import { parse } from 'yaml';
import { TEMPLATES_DIR } from '../../assets/paths.js';
import { readTemplateFile, readUserTemplate } from '../load/load.js';
import { listJoin } from '../../model/text.js';
import type { Lang } from '../../model/lang.js';
import { NEUTRAL_TOOL, type PlannedProgramme } from '../plan/plan.js';

/**
 * The words of a pack (issue 26): one message catalogue per language under templates/messages/, ICU
 * MessageFormat strings by dotted key. The code decides which message applies and with which facts
 * (dates, numbers, names); the catalogue says it. A project's templates_dir/messages/<lang>.yaml
 * overrides single keys. A key missing in a language falls back along LANGUAGE_FALLBACK, then to `en`
 * (the rule lang/missing-message reports where a project's catalogue does that).
 */

export type { Lang } from '../../model/lang.js';

const FALLBACK: Readonly<Record<Lang, readonly Lang[]>> = { en: ['en'], 'en-US': ['en-US', 'en'], de: ['de', 'en'], fr: ['fr', 'en'] };

export type Values = Readonly<Record<string, string | number>>;
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
  /**
   * A title inside a sentence: "Month-end variance" → "month-end variance" in English and French;
   * German keeps its capitals (nouns are capitalised).
   */
  inSentence: (title: string) => string;
  /** A time of day, HH:MM: as written in en and de, "9:30 AM" in en-US, "9 h 30" in French. */
  time: (hhmm: string) => string;
}

/** What the plan knows of a day: the local date and, in English, its labels. */
export interface Dated {
  date?: string | null;
  dateLabel?: string;
  shortLabel?: string;
}

const lowerTitle = (t: string): string => (/^[A-Z][a-z]/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);

/** A nested YAML mapping of strings → dotted keys. Anything but a string or a mapping is a catalogue error. */
export function flatten(value: unknown, file: string, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) return out;
  if (typeof value !== 'object' || Array.isArray(value)) throw new CatalogueError(`${file}: ${prefix || 'the catalogue'} must be a mapping of messages`);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, file, key, out);
    else throw new CatalogueError(`${file}: ${key} must be a message (a string) or a mapping of messages`);
  }
  return out;
}

export class CatalogueError extends Error {}

/** One catalogue's text, from a project's templates_dir when it has one, else built in; undefined when neither has it. */
function readCatalogue(lang: string, overrideDir: string | undefined, own: boolean): Catalogue | undefined {
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
  return text === undefined ? undefined : flatten(parse(text) as unknown, file);
}

/** The built-in catalogues, by language. @public for the catalogue tests and the lint rule's fallback lookup. */
export function builtinCatalogue(lang: Lang): Catalogue {
  return readCatalogue(lang, undefined, false) ?? {};
}

/** A project's own catalogue for one language (templates_dir/messages/<lang>.yaml), or undefined. */
export function projectCatalogue(lang: string, templatesDir: string): Catalogue | undefined {
  return readCatalogue(lang, templatesDir, true);
}

/** The template file names a project may override, and the catalogue path: for `cocoon init --templates`. */
export const CATALOGUE_DIR = join(TEMPLATES_DIR, 'messages');

type Formatter = { format(values?: Record<string, unknown>): unknown };
type MessageFormatClass = new (message: string, locales: string) => Formatter;

/**
 * The messages of one language for one render: every key resolved through the project's catalogue, the
 * built-in one, then the fallback languages. intl-messageformat is imported here, when a pack is
 * rendered, never for `--help` or `validate`.
 */
export async function loadMessages(lang: Lang, templatesDir?: string): Promise<Messages> {
  const { IntlMessageFormat } = (await import('intl-messageformat')) as unknown as { IntlMessageFormat: MessageFormatClass };
  const layers: { lang: Lang; catalogue: Catalogue }[] = [];
  for (const l of FALLBACK[lang]) {
    const own = templatesDir ? projectCatalogue(l, templatesDir) : undefined;
    if (own) layers.push({ lang: l, catalogue: own });
    layers.push({ lang: l, catalogue: builtinCatalogue(l) });
  }
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
      throw new CatalogueError(`messages/${layer.lang}.yaml: ${key} is not a valid ICU message: ${(e as Error).message}`);
    }
    compiled.set(key, f);
    return f;
  };
  const dateFormat = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
  const long = dateFormat({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const short = dateFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
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
    inSentence: (title) => (lang === 'de' ? title : lowerTitle(title)),
    time: (hhmm) => {
      const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
      if (!m || lang === 'en' || lang === 'de') return hhmm;
      const [h, min] = [Number(m[1]), m[2]!];
      if (lang === 'fr') return `${h} h ${min}`;
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
