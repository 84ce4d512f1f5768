import type { PlannedProgramme } from './plan.js';
import { addDays, addMinutes, moment } from './schedule.js';

/**
 * Dates of the people kits (issue 19), counted from session 1: the owner's run-up from eight weeks
 * before, reminders two days before each session, and the champions' forums after the last check-in.
 * Without a start date every date is a phrase ("4 weeks before session 1"). Pure.
 */

export interface KitDate {
  /** "Tue 19 Jan 2027", or a phrase when the programme has no start date. */
  label: string;
  /** YYYY-MM-DD when known. */
  date: string | null;
}

/** A day counted from session 1 (negative: before it). */
export function kitDate(p: PlannedProgramme, day: number, phrase: string): KitDate {
  if (!p.schedule.start) return { label: phrase, date: null };
  const date = addDays(p.schedule.start, day);
  return { label: moment(date, p.schedule.time, p.schedule.timezone).shortLabel, date };
}

/**
 * A working day `n` working days before (negative n: after) a day counted from session 1: a reminder
 * two days before a Tuesday session goes out on Friday, not on Sunday.
 */
export function workingDay(p: PlannedProgramme, day: number, n: number, phrase: string): KitDate {
  if (!p.schedule.start) return { label: phrase, date: null };
  const step = n > 0 ? -1 : 1;
  let d = day;
  for (let left = Math.abs(n); left > 0;) {
    d += step;
    const wd = new Date(`${addDays(p.schedule.start, d)}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return kitDate(p, d, phrase);
}

export interface ChampionForum {
  number: number;
  /** Days after session 1. */
  day: number;
  date: string | null;
  label: string;
  start: string;
  end: string;
  minutes: number;
  startUtc: string | null;
  endUtc: string | null;
}

const FORUM_MINUTES = 45;
/** Four weeks, not a calendar month: the forum stays on the weekday people have kept free. */
const FORUM_EVERY_DAYS = 28;
export const FORUM_COUNT = 3;

/** Three monthly 45-minute forums, the first four weeks after the last check-in (or the last session). */
export function championForums(p: PlannedProgramme): ChampionForum[] {
  const last = p.sessions.at(-1);
  if (!last) return [];
  const anchor = p.checkIns.at(-1)?.day ?? last.day;
  const anchorLabel = p.checkIns.length ? `the last check-in` : `the last session`;
  const start = p.schedule.time;
  const end = addMinutes(start, FORUM_MINUTES);
  return Array.from({ length: FORUM_COUNT }, (_, i) => {
    const day = anchor + FORUM_EVERY_DAYS * (i + 1);
    const base = { number: i + 1, day, start, end, minutes: FORUM_MINUTES };
    if (!p.schedule.start) return { ...base, date: null, label: `${4 * (i + 1)} weeks after ${anchorLabel}`, startUtc: null, endUtc: null };
    const date = addDays(p.schedule.start, day);
    const m = moment(date, start, p.schedule.timezone);
    const endUtc = new Date(Date.parse(m.startUtc) + FORUM_MINUTES * 60_000).toISOString().replace('.000Z', 'Z');
    return { ...base, date, label: m.shortLabel, startUtc: m.startUtc, endUtc };
  });
}
