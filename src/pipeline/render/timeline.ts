import type { PlannedProgramme } from '../plan/plan.js';
import type { Messages } from './messages.js';
import { html } from '../../model/escape/html.js';

const W = 760;
const LEFT = 40;
const RIGHT = 40;
const AXIS_Y = 78;

/**
 * An inline SVG of the whole programme: sessions, the practice gaps between them, the check-ins,
 * and where the sponsor and the capstone showcase come in. Accessible: role="img" with a title and a
 * description that say in words what the picture shows.
 */
export function timelineSvg(p: PlannedProgramme, msg: Messages): string {
  const t = msg.t;
  const last = p.sessions[p.sessions.length - 1];
  if (!last) return '';
  const end = Math.max(last.day, ...p.checkIns.map((c) => last.day + c.afterDays), 1);
  const x = (day: number): number => Math.round(LEFT + (day / end) * (W - LEFT - RIGHT));
  const label = (s: { shortLabel?: string; week: number; date?: string | null }): string => msg.dayMonth(s) ?? t('timeline.week', { week: s.week });
  const parts: string[] = [];
  parts.push(`<line x1="${x(0)}" y1="${AXIS_Y}" x2="${x(end)}" y2="${AXIS_Y}" stroke="#c5ccd4" stroke-width="2"/>`);
  p.sessions.forEach((s, i) => {
    const next = p.sessions[i + 1];
    if (next && s.practice.length)
      parts.push(`<rect x="${x(s.day) + 14}" y="${AXIS_Y - 5}" width="${Math.max(0, x(next.day) - x(s.day) - 28)}" height="10" rx="5" fill="#bfe3df"/>`);
  });
  if (p.checkIns.length)
    parts.push(`<line x1="${x(last.day) + 14}" y1="${AXIS_Y}" x2="${x(end)}" y2="${AXIS_Y}" stroke="#8a96a3" stroke-width="2" stroke-dasharray="4 4"/>`);
  for (const s of p.sessions) {
    const cx = x(s.day);
    const leader = s.blocks.some((b) => b.kind === 'leader');
    const showcase = s.blocks.some((b) => b.kind === 'showcase');
    if (showcase) parts.push(`<circle cx="${cx}" cy="${AXIS_Y}" r="19" fill="none" stroke="#b7791f" stroke-width="3"/>`);
    parts.push(`<circle cx="${cx}" cy="${AXIS_Y}" r="14" fill="#0b6e69"/>`);
    parts.push(`<text x="${cx}" y="${AXIS_Y + 5}" text-anchor="middle" font-size="14" font-weight="700" fill="#ffffff">${s.number}</text>`);
    parts.push(`<text x="${cx}" y="${AXIS_Y + 40}" text-anchor="middle" font-size="12" fill="#1c2430">${html(label(s))}</text>`);
    if (leader) parts.push(`<path d="M${cx - 7} ${AXIS_Y - 34} l7 10 l7 -10 z" fill="#b7791f"/>`);
  }
  for (const c of p.checkIns) {
    const cx = x(last.day + c.afterDays);
    parts.push(`<path d="M${cx} ${AXIS_Y - 11} l11 11 l-11 11 l-11 -11 z" fill="#ffffff" stroke="#1c2430" stroke-width="2"/>`);
    parts.push(
      `<text x="${cx}" y="${AXIS_Y + 40}" text-anchor="middle" font-size="12" fill="#1c2430">+${c.afterDays}${c.shortLabel ? ` · ${html(label(c))}` : ''}</text>`,
    );
  }
  const legendY = 150;
  parts.push(
    `<g font-size="12" fill="#1c2430">` +
      `<circle cx="${LEFT + 6}" cy="${legendY - 4}" r="6" fill="#0b6e69"/><text x="${LEFT + 18}" y="${legendY}">${html(t('timeline.legend.session'))}</text>` +
      `<rect x="${LEFT + 90}" y="${legendY - 9}" width="26" height="10" rx="5" fill="#bfe3df"/><text x="${LEFT + 122}" y="${legendY}">${html(t('timeline.legend.practice'))}</text>` +
      `<path d="M${LEFT + 275} ${legendY - 10} l6 9 l6 -9 z" fill="#b7791f"/><text x="${LEFT + 293}" y="${legendY}">${html(t('timeline.legend.sponsor'))}</text>` +
      `<circle cx="${LEFT + 375}" cy="${legendY - 4}" r="7" fill="none" stroke="#b7791f" stroke-width="2.5"/><text x="${LEFT + 388}" y="${legendY}">${html(t('timeline.legend.showcase'))}</text>` +
      `<path d="M${LEFT + 525} ${legendY - 11} l7 7 l-7 7 l-7 -7 z" fill="#ffffff" stroke="#1c2430" stroke-width="1.5"/><text x="${LEFT + 538}" y="${legendY}">${html(t('timeline.legend.checkIn'))}</text>` +
      `</g>`,
  );
  const words = [
    ...p.sessions.map((s) => {
      const extras = [
        s.blocks.some((b) => b.kind === 'leader') && t('timeline.withSponsor'),
        s.blocks.some((b) => b.kind === 'showcase') && t('timeline.showcase'),
      ].filter((x): x is string => Boolean(x));
      return t(s.practice.length ? 'timeline.sessionPractice' : 'timeline.session', {
        n: s.number,
        when: msg.longOf(s) ?? t('timeline.week', { week: s.week }),
        title: s.title,
        extras: extras.length ? t('timeline.extras', { extras: extras.join(', ') }) : '',
      });
    }),
    ...p.checkIns.map((c) =>
      msg.longOf(c) ? t('timeline.checkInDated', { days: c.afterDays, date: msg.longOf(c)! }) : t('timeline.checkIn', { days: c.afterDays }),
    ),
  ].join(' ');
  const id = `tl-${p.id}`;
  return `<figure class="timeline">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} 165" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">${html(t('timeline.title'))}</title>
<desc id="${id}-desc">${html(words)}</desc>
${parts.join('\n')}
</svg>
<figcaption>${html(words)}</figcaption>
</figure>`;
}
