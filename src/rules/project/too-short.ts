import { sub } from '../../model/loc.js';
import { CAPSTONE_MIN_DAYS, CAPSTONE_MIN_MINUTES } from '../../model/shape.js';
import { defineRule } from '../types.js';

/** A capstone needs a real piece of work to come round and some practice before it: two weeks and about two and a half hours. */
const MIN_DAYS = CAPSTONE_MIN_DAYS;
const MIN_MINUTES = CAPSTONE_MIN_MINUTES;

export default defineRule({
  meta: {
    id: 'project/too-short',
    severity: 'warning',
    failureMode: 'project',
    description: 'A programme is too short to carry a capstone: under two weeks from first to last session, or under 150 minutes in all.',
    hint: 'Add a session or space them further apart (`every: 7` or more), or run it as a taster without a capstone showcase.',
    explanation:
      'A capstone is real work finished with AI: it needs the work to come round, practice on it, and time to check it. Two sessions of 45 minutes a week apart is a lunch-and-learn; promising a showcase in it sets people up to show something unfinished.',
    example: 'schedule: { sessions: 3, every: 7, minutes: 90 }',
    messages: {
      days: 'The sessions span {days} days; a capstone needs at least two weeks of real work between the first and the last',
      minutes: 'The sessions add up to {minutes} minutes; a capstone needs about {min} minutes of teaching and work',
    },
  },
  checkProgramme(p, ctx) {
    const last = p.sessions[p.sessions.length - 1];
    if (!last || !p.capstone) return;
    const at = p.handwritten ? sub(p.at, 'sessions') : sub(p.at, 'schedule');
    const total = p.sessions.reduce((t, s) => t + s.minutes, 0);
    if (last.day < MIN_DAYS) ctx.report({ messageId: 'days', data: { days: last.day }, at });
    else if (total < MIN_MINUTES) ctx.report({ messageId: 'minutes', data: { minutes: total, min: MIN_MINUTES }, at });
  },
});
