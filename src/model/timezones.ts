/**
 * Time-zone names people write, checked before any date arithmetic. Only IANA "Area/City" names in their
 * exact case (and UTC) are accepted: Intl and luxon also take abbreviations and any case, and quietly
 * turn "BST" into Asia/Dhaka and "IST" into India — invites five or six hours wrong.
 */
import { levenshtein } from './text.js';

/** The one default zone of `plan`, `init`, the questions and a programme without one (DESIGN.md: UTC). */
export const DEFAULT_TIMEZONE = 'UTC';

/** The zones people mean by common abbreviations, most likely first. */
const ABBREVIATIONS: Record<string, { zones: string[]; what: string }> = {
  BST: { zones: ['Europe/London'], what: 'British Summer Time (the UK in summer)' },
  GMT: { zones: ['Europe/London', 'UTC'], what: 'Greenwich Mean Time' },
  UK: { zones: ['Europe/London'], what: 'the United Kingdom' },
  IST: { zones: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'], what: 'India, Irish or Israel Standard Time' },
  WET: { zones: ['Europe/Lisbon'], what: 'Western European Time' },
  WEST: { zones: ['Europe/Lisbon'], what: 'Western European Summer Time' },
  CET: { zones: ['Europe/Paris', 'Europe/Berlin', 'Europe/Amsterdam'], what: 'Central European Time' },
  CEST: { zones: ['Europe/Paris', 'Europe/Berlin', 'Europe/Amsterdam'], what: 'Central European Summer Time' },
  MET: { zones: ['Europe/Paris', 'Europe/Berlin'], what: 'Middle European Time' },
  EET: { zones: ['Europe/Athens', 'Europe/Helsinki', 'Africa/Cairo'], what: 'Eastern European Time' },
  EEST: { zones: ['Europe/Athens', 'Europe/Helsinki'], what: 'Eastern European Summer Time' },
  MSK: { zones: ['Europe/Moscow'], what: 'Moscow Time' },
  EST: { zones: ['America/New_York', 'America/Toronto'], what: 'US Eastern Time' },
  EDT: { zones: ['America/New_York', 'America/Toronto'], what: 'US Eastern Daylight Time' },
  ET: { zones: ['America/New_York'], what: 'US Eastern Time' },
  CST: { zones: ['America/Chicago', 'Asia/Shanghai'], what: 'US Central or China Standard Time' },
  CDT: { zones: ['America/Chicago'], what: 'US Central Daylight Time' },
  CT: { zones: ['America/Chicago'], what: 'US Central Time' },
  MST: { zones: ['America/Denver', 'America/Phoenix'], what: 'US Mountain Time' },
  MDT: { zones: ['America/Denver'], what: 'US Mountain Daylight Time' },
  PST: { zones: ['America/Los_Angeles'], what: 'US Pacific Time' },
  PDT: { zones: ['America/Los_Angeles'], what: 'US Pacific Daylight Time' },
  PT: { zones: ['America/Los_Angeles'], what: 'US Pacific Time' },
  AKST: { zones: ['America/Anchorage'], what: 'Alaska Time' },
  HST: { zones: ['Pacific/Honolulu'], what: 'Hawaii Time' },
  AEST: { zones: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane'], what: 'Australian Eastern Time' },
  AEDT: { zones: ['Australia/Sydney', 'Australia/Melbourne'], what: 'Australian Eastern Daylight Time' },
  ACST: { zones: ['Australia/Adelaide', 'Australia/Darwin'], what: 'Australian Central Time' },
  AWST: { zones: ['Australia/Perth'], what: 'Australian Western Time' },
  NZST: { zones: ['Pacific/Auckland'], what: 'New Zealand Time' },
  NZDT: { zones: ['Pacific/Auckland'], what: 'New Zealand Daylight Time' },
  JST: { zones: ['Asia/Tokyo'], what: 'Japan Standard Time' },
  KST: { zones: ['Asia/Seoul'], what: 'Korea Standard Time' },
  HKT: { zones: ['Asia/Hong_Kong'], what: 'Hong Kong Time' },
  SGT: { zones: ['Asia/Singapore'], what: 'Singapore Time' },
  PKT: { zones: ['Asia/Karachi'], what: 'Pakistan Standard Time' },
  SAST: { zones: ['Africa/Johannesburg'], what: 'South Africa Standard Time' },
  WAT: { zones: ['Africa/Lagos'], what: 'West Africa Time' },
  EAT: { zones: ['Africa/Nairobi'], what: 'East Africa Time' },
  BRT: { zones: ['America/Sao_Paulo'], what: 'Brasília Time' },
  ART: { zones: ['America/Argentina/Buenos_Aires'], what: 'Argentina Time' },
  GST: { zones: ['Asia/Dubai'], what: 'Gulf Standard Time' },
  Z: { zones: ['UTC'], what: 'Zulu (UTC)' },
  ZULU: { zones: ['UTC'], what: 'Zulu (UTC)' },
};

export interface ZoneProblem {
  message: string;
  /** The zones to suggest, most likely first (may be empty). */
  suggestions: string[];
  hint: string;
}

/** The name Intl resolves `zone` to, or undefined when it is no zone at all. */
function resolvedName(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every zone name Intl knows. Asked for only when a zone is not written as Intl writes it, so not kept. */
const knownZones = (): string[] => [...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), 'UTC'];

function closest(input: string): string[] {
  const lower = input.toLowerCase();
  const tail = lower.split('/').pop()!;
  const zones = knownZones();
  const exactCity = zones.filter((z) => z.toLowerCase().split('/').pop() === tail);
  if (exactCity.length) return exactCity.slice(0, 3);
  let best: [number, string][] = [];
  for (const z of zones) {
    const d = levenshtein(lower, z.toLowerCase());
    best.push([d, z]);
  }
  best = best.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const limit = Math.max(2, Math.floor(input.length / 3));
  const top = best[0]?.[0] ?? Infinity;
  return best
    .filter(([d]) => d <= limit && d === top)
    .slice(0, 3)
    .map(([, z]) => z);
}

const didYouMean = (zones: string[]): string => (zones.length ? `; did you mean ${zones.join(' or ')}?` : '');
const HINT = 'Write the zone as an IANA Area/City name in its exact case, e.g. Europe/London, America/New_York, Asia/Kolkata or UTC.';

/** undefined when `zone` is a name cocoon accepts; otherwise what is wrong and what to write instead. */
export function timeZoneProblem(zone: string): ZoneProblem | undefined {
  if (zone === 'UTC') return undefined;
  const abbr = ABBREVIATIONS[zone.toUpperCase()];
  if (abbr)
    return {
      message: `"${zone}" is an abbreviation (${abbr.what}), not a time zone name${didYouMean(abbr.zones)}`,
      suggestions: abbr.zones,
      hint: `Abbreviations are ambiguous and do not follow summer time; write the place instead, e.g. ${abbr.zones[0]}.`,
    };
  const resolved = resolvedName(zone);
  if (!resolved) {
    const near = closest(zone);
    return { message: `"${zone}" is not an IANA time zone${didYouMean(near)}`, suggestions: near, hint: HINT };
  }
  if (resolved === zone)
    return zone.includes('/') || zone === 'UTC'
      ? undefined
      : {
          message: `"${zone}" is a legacy zone name, not an Area/City name${didYouMean([resolved === 'UTC' ? 'UTC' : resolved])}`,
          suggestions: [resolved],
          hint: HINT,
        };
  const zones = knownZones();
  if (resolved.toLowerCase() === zone.toLowerCase() || zones.some((z) => z.toLowerCase() === zone.toLowerCase() && z !== zone)) {
    const right = zones.find((z) => z.toLowerCase() === zone.toLowerCase()) ?? resolved;
    return { message: `"${zone}" is not written in the zone's exact case${didYouMean([right])}`, suggestions: [right], hint: HINT };
  }
  // A link such as Europe/Kyiv (ICU still calls it Europe/Kiev) or Asia/Calcutta names a real place: accept it.
  if (/^[A-Z][A-Za-z_-]+(\/[A-Z0-9][A-Za-z0-9_+-]+)+$/.test(zone) && !zone.startsWith('Etc/') && !zone.startsWith('US/') && !zone.startsWith('SystemV/'))
    return undefined;
  return { message: `"${zone}" is an alias, not an Area/City name${didYouMean([resolved])}`, suggestions: [resolved], hint: HINT };
}
