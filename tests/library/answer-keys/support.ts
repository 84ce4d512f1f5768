import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect } from 'vitest';
import type { Role, Workflow } from '../../../src/model/model.js';
import { ROOT } from '../../helpers.js';

/** A built-in role as the library ships it. */
export function loadRole(id: string): Role {
  return parse(readFileSync(join(ROOT, 'roles', `${id}.yaml`), 'utf8')) as Role;
}

export function workflow(role: Role, id: string): Workflow {
  const w = role.workflows.find((x) => x.id === id);
  if (!w) throw new Error(`${role.id} has no workflow ${id}`);
  return w;
}

/** Runs of white space as one space, so a figure wrapped across lines in the YAML still reads as written. */
export const flat = (s: string): string => s.replace(/\s+/g, ' ');

/** The exercise's materials (as written) and answer key (flattened; `key` keeps its lines). */
export function exercise(role: Role, id: string): { materials: string; solution: string; key: string } {
  const ex = workflow(role, id).exercise!;
  return { materials: ex.materials ?? '', solution: flat(ex.solution ?? ''), key: ex.solution ?? '' };
}

/** "412,300" / "£412,300" / "(3,000)" → number. */
export const num = (s: string): number => {
  const t = s
    .replace(/[£$,\s]/g, '')
    .replace(/^\((.*)\)$/, '-$1')
    .replace('−', '-');
  const n = Number(t);
  if (Number.isNaN(n)) throw new Error(`not a number: ${s}`);
  return n;
};

/** 33500 → "33,500". */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

/** The first capture of a pattern that must be in the text. */
export function grab(text: string, re: RegExp): string[] {
  const m = text.match(re);
  expect(m, `${re} in the material`).not.toBeNull();
  return m!.slice(1);
}

/** Rows of a pipe table whose first cell matches, split into trimmed cells. */
export function rows(text: string, first: RegExp): string[][] {
  return text
    .split('\n')
    .filter((l) => l.includes('|'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((cells) => first.test(cells[0]!));
}

export const pct = (part: number, whole: number, dp = 0): string => `${((part / whole) * 100).toFixed(dp)}%`;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Every "Friday 16 April 2027" in a text names the right weekday. Returns how many were checked. */
export function expectWeekdaysRight(text: string, where: string): number {
  const re = new RegExp(`\\b(${WEEKDAYS.join('|')}) (\\d{1,2}) (${MONTHS.join('|')}) (\\d{4})\\b`, 'g');
  let n = 0;
  for (const m of text.matchAll(re)) {
    const d = new Date(Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]!), Number(m[2])));
    expect(WEEKDAYS[d.getUTCDay()], `${where}: "${m[0]}"`).toBe(m[1]);
    n++;
  }
  return n;
}

/** dd/mm/yyyy → UTC date. */
export const dmy = (s: string): Date => {
  const [d, m, y] = s.split('/').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
};

export const iso = (d: Date): string => d.toISOString().slice(0, 10);

const isWorkingDay = (d: Date, holidays: string[]) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.includes(iso(d));

/** Move n working days from a date (n < 0 goes back), skipping weekends and the holidays given (ISO dates). */
export function addWorkingDays(from: Date, n: number, holidays: string[] = []): Date {
  const d = new Date(from);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    d.setUTCDate(d.getUTCDate() + step);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to`. */
export function workingDaysBetween(from: Date, to: Date, holidays: string[] = []): number {
  let n = 0;
  const d = new Date(from);
  while (d < to) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(d, holidays)) n++;
  }
  return n;
}

export const longDate = (d: Date): string => `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** "09:40" → minutes after midnight. */
export const hm = (s: string): number => {
  const [h, m] = s.split(':').map(Number);
  return h! * 60 + m!;
};

/** minutes → "09:40" (wrapping round midnight). */
export const clock = (mins: number): string => {
  const t = ((mins % 1440) + 1440) % 1440;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

/** minutes → "7h15". */
export const dur = (mins: number): string => `${Math.floor(mins / 60)}h${String(mins % 60).padStart(2, '0')}`;
