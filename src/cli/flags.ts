import { UsageError } from '../model/errors.js';
import { DELIVERIES, FORMATS, type Delivery, type Format } from '../model/model.js';
import { didYouMean } from '../model/text.js';
import { LANGUAGES, isLangTag, type Lang } from '../model/lang.js';

/** Flag parsers: each returns a typed value or throws a UsageError (exit 2) that names the flag. */

export function intFlag(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${flag} must be from ${min} to ${max}, not ${n}`);
  return n;
}

/** Loaded on demand: luxon is not needed for --help or --version. */
const schedule = () => import('../app/dates.js');

export async function dateFlag(flag: string, raw: string | undefined): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  if (!(await schedule()).isValidDate(raw))
    throw new UsageError(`${flag} must be a real date as YYYY-MM-DD in the years 1000–9999, not "${raw}"`, 'For example --start 2027-03-16.');
  return raw;
}

export function timeFlag(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) throw new UsageError(`${flag} must be a 24-hour time as HH:MM, not "${raw}"`, 'For example --time 09:30.');
  return raw;
}

export async function zoneFlag(flag: string, raw: string | undefined): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  const problem = (await import('../model/timezones.js')).timeZoneProblem(raw);
  if (problem)
    throw new UsageError(`${flag}: ${problem.message}`, problem.suggestions.length ? `For example ${flag} ${problem.suggestions[0]}.` : problem.hint);
  return raw;
}

export function formatsFlag(flag: string, raw: string | undefined): Format[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) throw new UsageError(`${flag} needs at least one of ${FORMATS.join(', ')}`);
  for (const f of list)
    if (f.toLowerCase() === 'pdf')
      // cocoon writes no PDF; both ways to one are a step away.
      throw new UsageError(
        `${flag}: cocoon does not write PDF`,
        'For a PDF, open a page of the html pack in a browser and print it to PDF; for the slide decks, add `slides` to --format and run Marp with --pdf: `npx @marp-team/marp-cli --pdf <deck>.slides.md`.',
      );
    else if (!FORMATS.includes(f as Format)) {
      const guess = didYouMean(f, FORMATS);
      throw new UsageError(`${flag}: unknown format "${f}"${guess ? `; did you mean ${guess}?` : ''}`, `Formats: ${FORMATS.join(', ')}.`);
    }
  return FORMATS.filter((f) => list.includes(f));
}

const ID = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * An id that is not one: when it is one but for capitals, spaces or underscores (`Finance`, `" finance"`,
 * `month_end`), the error says which id was meant.
 */
function badId(flag: string, id: string): UsageError {
  const meant = id
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return new UsageError(
    `${flag}: "${id}" is not a valid id${meant !== id && ID.test(meant) ? `; did you mean \`${meant}\`?` : ''}`,
    'Ids use lowercase letters, digits and hyphens, with no spaces.',
  );
}

/** The formats of a page set that is not a pack (`cocoon report`, `cocoon evidence`): md, html, json, in that order. */
const PAGE_FORMATS = ['md', 'html', 'json'] as const;
export function pageFormatsFlag(raw: string): (typeof PAGE_FORMATS)[number][] {
  const formats = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of formats)
    if (!(PAGE_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format: unknown format "${f}"`, 'Formats: md, html, json.');
  if (!formats.length) throw new UsageError('--format needs at least one of md, html, json');
  return PAGE_FORMATS.filter((f) => formats.includes(f));
}

export function idListFlag(flag: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of list) if (!ID.test(id)) throw badId(flag, id);
  if (!list.length) throw new UsageError(`${flag} needs at least one id`);
  return list;
}

export function idFlag(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!ID.test(raw)) throw badId(flag, raw);
  return raw;
}

/** COCOON_LOCK_WAIT_MS: how long a run waits for another one writing the same pack (default 3 s). */
export function lockWaitMs(env: Record<string, string | undefined>): number | undefined {
  const n = Number(env.COCOON_LOCK_WAIT_MS);
  return env.COCOON_LOCK_WAIT_MS !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function deliveryFlag(flag: string, raw: string | undefined): Delivery | undefined {
  if (raw === undefined) return undefined;
  if (!DELIVERIES.includes(raw as Delivery)) {
    const guess = didYouMean(raw, DELIVERIES);
    throw new UsageError(`${flag}: unknown delivery "${raw}"${guess ? `; did you mean ${guess}?` : ''}`, `Delivery: ${DELIVERIES.join(', ')}.`);
  }
  return raw as Delivery;
}

export function langFlag(flag: string, raw: string | undefined): Lang | undefined {
  if (raw === undefined) return undefined;
  const known = LANGUAGES.find((l) => l.toLowerCase() === raw.toLowerCase());
  if (known) return known;
  // Another well-formed tag may be a language the project adds (templates_dir/messages/<tag>.yaml): rendering checks.
  if (isLangTag(raw)) return raw;
  const guess = didYouMean(raw, LANGUAGES);
  throw new UsageError(
    `${flag}: unknown language "${raw}"${guess ? `; did you mean "${guess}"?` : ''}`,
    `Languages: ${LANGUAGES.join(', ')} (default en); a project may add one as templates_dir/messages/<tag>.yaml.`,
  );
}

export function audienceFlag(flag: string, raw: string | undefined): 'all' | 'participant' | undefined {
  if (raw === undefined) return undefined;
  if (raw !== 'all' && raw !== 'participant')
    throw new UsageError(`${flag}: unknown audience "${raw}"`, 'Audience: participant (only the participant pack), or all (the default).');
  return raw;
}

/** Opening curly quotes (Word, Outlook and web pages type them): a shell keeps none of them together. */
const OPENING = /^[“‘„‚«]/;
const CLOSING = /[”’‟»]$/;

/**
 * Curly quotes pasted into a command line: `--sponsor “Dana Lee, CFO”` reaches cocoon as three words,
 * `“Dana`, `Lee,` and `CFO”`, so commander would say "too many arguments". Found before parsing, as the
 * usage error it is (exit 2), naming the flag and the line with straight quotes. An apostrophe inside a
 * word (`O’Brien`) is text, not a quote.
 */
export function curlyQuoteProblem(argv: readonly string[]): UsageError | undefined {
  // `--sponsor=“Dana` is the flag and its first word.
  const split = argv.flatMap((a) => {
    const m = /^(--[\w-]+)=(.*)$/s.exec(a);
    return m ? [m[1]!, m[2]!] : [a];
  });
  const start = split.findIndex((a) => OPENING.test(a) || CLOSING.test(a));
  if (start < 0) return undefined;
  let end = start;
  while (OPENING.test(split[start]!) && !CLOSING.test(split[end]!) && end + 1 < split.length && !split[end + 1]!.startsWith('--')) end++;
  const words = split.slice(start, end + 1).join(' ');
  const flag = [...split.slice(0, start)].reverse().find((a) => a.startsWith('-'));
  const straight = `"${words.replace(/^[“‘„‚«]/, '').replace(/[”’‟»]$/, '')}"`;
  return new UsageError(
    `${flag ? `${flag}: ` : ''}${words} has curly quotes (“ ” or ‘ ’, as Word and web pages write them); the shell does not read them as quotes`,
    `Type straight quotes instead: ${flag ? `${flag} ` : ''}${straight}`,
  );
}
