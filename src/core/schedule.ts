import { DateTime, IANAZone } from 'luxon';

/** Dates and time zones go through luxon: DST, calendars and IANA zone validation are not ours to hand-write. */

const zoneValidity = new Map<string, boolean>();

/** Luxon's check builds an Intl.DateTimeFormat every call; a build of 20 programmes asks hundreds of times. */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) zoneValidity.set(zone, (valid = IANAZone.isValidZone(zone)));
  return valid;
}

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

export function isValidDate(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && DateTime.fromISO(iso, { zone: 'UTC' }).isValid;
}

const addDaysMemo = memo((isoDate: string, days: string) => DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days: Number(days) }).toISODate()!);

export function addDays(isoDate: string, days: number): string {
  return addDaysMemo(isoDate, String(days));
}

/** "Tuesday 23 March 2027" — English names regardless of the machine's locale. */
export const longDate = memo((isoDate: string): string => DateTime.fromISO(isoDate, { zone: 'UTC', locale: 'en-GB' }).toFormat('cccc d LLLL yyyy'));

export const shortDate = memo((isoDate: string): string => DateTime.fromISO(isoDate, { zone: 'UTC', locale: 'en-GB' }).toFormat('ccc d LLL yyyy'));

/** Local wall-clock date and time in `zone` → UTC instant as an ISO string with Z. */
export const toUtc = memo((isoDate: string, hhmm: string, zone: string): string => DateTime.fromISO(`${isoDate}T${hhmm}`, { zone }).toUTC().toISO({ suppressMilliseconds: true })!);

/** Offset label of a zone on a date, e.g. "GMT" or "BST" style "UTC+1". */
export const utcOffsetLabel = memo(offsetLabel);

function offsetLabel(isoDate: string, hhmm: string, zone: string): string {
  const dt = DateTime.fromISO(`${isoDate}T${hhmm}`, { zone });
  const mins = dt.offset;
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
