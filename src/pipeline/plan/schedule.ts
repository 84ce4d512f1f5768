import { DateTime, IANAZone, Settings } from 'luxon';

/** Dates and time zones go through luxon: DST, calendars and IANA zone validation are not ours to hand-write. */

// No labels come from luxon (they are fixed English names, below), so it need not ask the machine for
// its locale: without a default, its first DateTime probes Intl for the system locale (about 25 ms cold).
Settings.defaultLocale = 'en-US';

/** Luxon's check builds an Intl.DateTimeFormat every call; a build of 20 programmes asks hundreds of times. */
export const isValidTimeZone = memo((zone: string): boolean => IANAZone.isValidZone(zone));

/** Pure date functions are called with the same arguments for every programme of a build: remember them. */
function memo<A extends string[], R>(fn: (...args: A) => R): (...args: A) => R {
  const seen = new Map<string, R>();
  return (...args: A) => {
    const key = args.join('\u0000');
    let value = seen.get(key);
    if (value === undefined && !seen.has(key)) seen.set(key, (value = fn(...args)));
    return value as R;
  };
}

/**
 * A real date, YYYY-MM-DD, in the years 1000–9999: ICS (RFC 5545) and the pages print four-digit years,
 * and before year 1000 the calendar said 1950 for 0050 and the weekdays were wrong (B20).
 */
export function isValidDate(iso: string): boolean {
  return /^[1-9]\d{3}-\d{2}-\d{2}$/.test(iso) && DateTime.fromISO(iso, { zone: 'UTC' }).isValid;
}

const addDaysMemo = memo((isoDate: string, days: string) =>
  DateTime.fromISO(isoDate, { zone: 'UTC' })
    .plus({ days: Number(days) })
    .toISODate()!,
);

export function addDays(isoDate: string, days: number): string {
  return addDaysMemo(isoDate, String(days));
}

export interface Moment {
  /** "Tuesday 23 March 2027": English names regardless of the machine's locale. */
  dateLabel: string;
  /** "Tue 23 Mar 2027". */
  shortLabel: string;
  /** The UTC instant of the local wall-clock time, ISO with Z. */
  startUtc: string;
  /** The zone's offset then, e.g. "UTC" or "UTC+1". */
  offset: string;
  /**
   * A wall-clock time a summer-time change skips ("gap": the clocks jump from `from` to `to`, so the
   * time does not exist) or passes twice ("repeated": the first is used).
   */
  dst?: { kind: 'gap' | 'repeated'; from: string; to: string };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Everything a plan prints about a local date and time in `zone`. The instant and the offset come from
 * luxon (time zones and DST are not ours to write); the labels are fixed English names, not the
 * machine's ICU: a newer ICU writes "Sept" for "Sep", and a pack must not change with the Node version
 * that built it (`build --check` in CI would call that drift).
 */
export const moment = memo((isoDate: string, hhmm: string, zone: string): Moment => {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const iana = IANAZone.create(zone);
  // The wall time read as if it were UTC; each offset the zone has that day gives one candidate instant,
  // which is real only if the zone has that offset at that instant. None: a gap. Two: the hour repeats.
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsets = [...new Set([iana.offset(wall - DAY_MS), iana.offset(wall), iana.offset(wall + DAY_MS)])];
  const instants = offsets
    .map((o) => wall - o * 60_000)
    .filter((t) => iana.offset(t) * 60_000 === wall - t)
    .sort((a, b) => a - b);
  let dst: Moment['dst'];
  let instant = instants[0];
  if (instant === undefined) {
    const change = transitionBefore(iana, wall + DAY_MS / 2, wall - DAY_MS);
    dst = { kind: 'gap', from: wallClock(change, iana.offset(change - 1)), to: wallClock(change, iana.offset(change)) };
    instant = wall - iana.offset(change - 1) * 60_000;
  } else if (instants.length > 1) {
    const change = transitionBefore(iana, instants[instants.length - 1]!, instants[0]!);
    dst = { kind: 'repeated', from: wallClock(change, iana.offset(change)), to: wallClock(change, iana.offset(change - 1)) };
  }
  const local = DateTime.fromMillis(instant, { zone });
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
  const month = MONTHS[m - 1]!;
  return {
    dateLabel: `${weekday} ${d} ${month} ${y}`,
    shortLabel: `${weekday.slice(0, 3)} ${d} ${month.slice(0, 3)} ${y}`,
    startUtc: local.toUTC().toISO({ suppressMilliseconds: true })!,
    offset: offsetLabel(local.offset),
    ...(dst ? { dst } : {}),
  };
});

const DAY_MS = 86_400_000;

/** The instant (to the minute) in (lo, hi] at which the zone's offset changes; hi when it does not. */
function transitionBefore(zone: IANAZone, hi: number, lo: number): number {
  const target = zone.offset(hi);
  if (zone.offset(lo) === target) return hi;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (zone.offset(mid) === target) hi = mid;
    else lo = mid;
  }
  return hi;
}

function wallClock(instant: number, offsetMinutes: number): string {
  const t = new Date(instant + offsetMinutes * 60_000);
  return `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * The local wall-clock time `minutes` after a UTC instant: agenda end times come from the same zone
 * arithmetic as the calendar, so a session across a summer-time change ends when the calendar says.
 */
export const clockAfter = memo((startUtc: string, minutes: string, zone: string): string => {
  const t = Date.parse(startUtc) + Number(minutes) * 60_000;
  return wallClock(t, IANAZone.create(zone).offset(t));
});

function offsetLabel(mins: number): string {
  if (mins === 0) return 'UTC';
  const sign = mins > 0 ? '+' : '-';
  const h = Math.floor(Math.abs(mins) / 60);
  const m = Math.abs(mins) % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

export function addMinutes(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  const day = 24 * 60;
  const wrapped = ((total % day) + day) % day;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

/** An instant as a local ISO 8601 date-time with its offset in `zone` (e.g. 2027-03-16T09:30:00+00:00): the form an LMS session import reads. */
export const isoLocal = (utc: string, zone: string): string => DateTime.fromISO(utc, { zone: 'utc' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
