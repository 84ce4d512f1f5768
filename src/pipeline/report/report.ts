import type MarkdownIt from 'markdown-it';
import type { PlannedProgramme } from '../plan/plan.js';
import type { ReportData } from './report-data.js';
import { BLOCKER_CODES } from '../render/forms.js';
import { html } from '../../model/escape/html.js';
import { mdCell, mdInline } from '../../model/escape/markdown.js';
import { uriPath } from '../../model/escape/uri.js';
import { htmlDocument, renderHtmlPage } from '../render/html.js';
import { tidyMarkdown } from '../render/markdown.js';

/**
 * The report's pages: report.md (every number, in tables), report.html (the same page with SVG bar
 * charts, each an image with a title and a description that state its values in words), and
 * leader/results.md (one page the sponsor can paste into a team update). No page names a participant.
 */

const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)} %`);
const num = (x: number | null): string => (x === null ? '—' : String(x));
const SUPPRESSED = (min: number) => `fewer than ${min} answered: not shown`;

interface Bar {
  label: string;
  value: number | null;
  text: string;
}

/** A horizontal bar chart; bars with no value (suppressed, no data) are drawn as a label with a note. */
function barChart(id: string, title: string, bars: readonly Bar[], max: number): string {
  const rowH = 26;
  const left = 300;
  const width = 760;
  const height = bars.length * rowH + 16;
  const scale = (v: number) => Math.max(0, Math.round(((width - left - 90) * v) / (max || 1)));
  const rows = bars.map((b, i) => {
    const y = 8 + i * rowH;
    const w = b.value === null ? 0 : scale(b.value);
    return `<text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="13" fill="#1f2933">${html(b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label)}</text>${b.value === null ? '' : `<rect x="${left}" y="${y + 4}" width="${w}" height="16" rx="3" fill="#1f6f68"/>`}<text x="${left + w + 6}" y="${y + 16}" font-size="13" fill="#1f2933">${html(b.text)}</text>`;
  });
  const desc = bars.map((b) => `${b.label}: ${b.text}`).join('; ');
  return `<figure class="chart"><svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${html(title)}</title><desc id="${id}-d">${html(desc)}.</desc>${rows.join('')}</svg></figure>`;
}

function charts(d: ReportData): Record<string, string> {
  const last = [...d.check_ins].reverse().find((c) => c.workflows.some((w) => !w.suppressed)) ?? d.check_ins[d.check_ins.length - 1];
  const minutes: Bar[] = (last?.workflows ?? []).flatMap((w) => [
    { label: `${w.title}: baseline`, value: w.baseline_median, text: w.baseline_median === null ? SUPPRESSED(d.min_group) : `${w.baseline_median} min` },
    { label: `${w.title}: now`, value: w.now_median, text: w.now_median === null ? SUPPRESSED(d.min_group) : `${w.now_median} min` },
  ]);
  const maxMinutes = Math.max(1, ...minutes.map((b) => b.value ?? 0));
  const perCheckIn = (f: (w: ReportData['check_ins'][number]['workflows'][number]) => number | null): Bar[] =>
    d.check_ins.flatMap((c) =>
      c.workflows.map((w) => ({
        label: `+${c.after_days} days: ${w.title}`,
        value: f(w),
        text: f(w) === null ? (w.suppressed ? SUPPRESSED(d.min_group) : 'no data') : pct(f(w)),
      })),
    );
  const blockerTotals = BLOCKER_CODES.map((code) => ({ code, n: d.check_ins.reduce((t, c) => t + (c.blockers?.[code] ?? 0), 0) }));
  return {
    'Baseline vs now': barChart('chart-minutes', `Median minutes per occurrence, baseline and at check-in ${last?.n ?? 1}`, minutes, maxMinutes),
    Adoption: barChart(
      'chart-adoption',
      'Adoption: share of respondents using AI for each workflow, per check-in',
      perCheckIn((w) => w.adoption),
      1,
    ),
    Blockers: barChart(
      'chart-blockers',
      'Blockers named at the check-ins (rows citing each code)',
      blockerTotals.map((b) => ({ label: b.code, value: b.n, text: String(b.n) })),
      Math.max(1, ...blockerTotals.map((b) => b.n)),
    ),
    'Target attainment': barChart(
      'chart-target',
      "Share of users at or under the role's target time",
      perCheckIn((w) => w.target_attainment),
      1,
    ),
    'Session pulse': barChart(
      'chart-pulse',
      'Session pulse: mean usefulness out of 5',
      d.pulse.map((s) => ({
        label: `Session ${s.session}`,
        value: s.useful_mean,
        text: s.useful_mean === null ? SUPPRESSED(d.min_group) : `${s.useful_mean} of 5`,
      })),
      5,
    ),
    'Skills check': barChart(
      'chart-skills',
      'Skills check: mean share of correct answers, before and after',
      [
        {
          label: 'Before (pre)',
          value: d.skills.pre.mean_score,
          text: d.skills.pre.mean_score === null ? SUPPRESSED(d.min_group) : pct(d.skills.pre.mean_score),
        },
        {
          label: 'After (post)',
          value: d.skills.post.mean_score,
          text: d.skills.post.mean_score === null ? SUPPRESSED(d.min_group) : pct(d.skills.post.mean_score),
        },
      ],
      1,
    ),
  };
}

export function reportMarkdown(d: ReportData, p: PlannedProgramme): string {
  const L: string[] = [];
  L.push('# Results', '');
  L.push(`${[p.org.name, p.title].filter(Boolean).map(mdInline).join(' · ')}`, '');
  L.push(
    `What the filled forms in \`responses/\` say: ${d.group_size} places, baseline from ${d.baseline.respondents} people, ${d.check_ins.map((c) => `${c.respondents} at check-in ${c.n} (+${c.after_days} days)`).join(', ')}. A number drawn from fewer than ${d.min_group} people is not shown (\`--min-group\`), so no one's answers can be read from it. Medians are of minutes one occurrence takes; hours reclaimed add up (baseline − now) × times a month over the people using AI who gave a baseline, and are negative when people got slower.`,
    '',
  );
  for (const c of d.check_ins) {
    L.push(`## Check-in ${c.n} (+${c.after_days} days)`, '');
    L.push(
      c.suppressed
        ? `${c.respondents} people answered: ${SUPPRESSED(d.min_group)}.`
        : `${c.respondents} people answered. Hours reclaimed a month: **${num(c.hours_reclaimed_per_month)}**.`,
      '',
    );
    L.push(
      '| Workflow | Answered | Using AI | Adoption | Baseline median (min) | Now median (min) | Hours reclaimed / month | At target |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const w of c.workflows)
      L.push(
        `| ${mdCell(w.title)} | ${w.respondents} | ${num(w.using)} | ${pct(w.adoption)} | ${num(w.baseline_median)} | ${num(w.now_median)} | ${num(w.hours_reclaimed_per_month)} | ${w.target_attainment === null ? '—' : `${w.at_target} (${pct(w.target_attainment)})`} |`,
      );
    L.push('');
  }
  L.push(
    '## Baseline vs now',
    '',
    'Median minutes one occurrence takes: the baseline people gave in session 1, and now, among those using AI for it (latest check-in with enough answers).',
    '',
  );
  L.push('## Adoption', '', 'The share of the people who answered for a workflow who used AI for it at least once since the last session or check-in.', '');
  L.push(
    '## Blockers',
    '',
    '| Blocker | ' + d.check_ins.map((c) => `Check-in ${c.n}`).join(' | ') + ' |',
    '| --- |' + d.check_ins.map(() => ' ---: |').join(''),
  );
  for (const code of BLOCKER_CODES) L.push(`| ${code} | ${d.check_ins.map((c) => (c.blockers ? String(c.blockers[code]) : '—')).join(' | ')} |`);
  L.push('');
  L.push(
    '## Target attainment',
    '',
    "Among people using AI who gave a baseline: those whose minutes now are at or under the role's target, scaled to their own baseline.",
    '',
  );
  L.push('## Session pulse', '', '| Session | Answered | Useful (mean of 5) | Recommend (mean of 10) |', '| ---: | ---: | ---: | ---: |');
  for (const s of d.pulse) L.push(`| ${s.session} | ${s.respondents} | ${num(s.useful_mean)} | ${num(s.recommend_mean)} |`);
  L.push('');
  L.push(
    '## Skills check',
    '',
    `${d.skills.questions} questions, the same before session 1 and after the last session (the answers are in \`facilitator/skills-check.md\`).`,
    '',
  );
  L.push(
    '| Sitting | Answered | Mean score |',
    '| --- | ---: | ---: |',
    `| Before (pre) | ${d.skills.pre.respondents} | ${pct(d.skills.pre.mean_score)} |`,
    `| After (post) | ${d.skills.post.respondents} | ${pct(d.skills.post.mean_score)} |`,
    '',
  );
  L.push('| Question | Correct before | Correct after |', '| --- | ---: | ---: |');
  for (const q of d.skills.per_question) L.push(`| ${q.id} | ${pct(q.pre_correct_rate)} | ${pct(q.post_correct_rate)} |`);
  L.push('', 'Generated by `cocoon report` from `responses/`; edit the responses, not this page.');
  return tidyMarkdown(L.join('\n'));
}

export function reportHtml(d: ReportData, p: PlannedProgramme, markdown: string, md: MarkdownIt): string {
  let page = renderHtmlPage('report/report.md', markdown, p, md);
  for (const [heading, svg] of Object.entries(charts(d)))
    // A function replacer: the chart holds role text, which must never be read as a `$&` pattern.
    page = page.replace(`<h2>${heading}</h2>\n`, () => `<h2>${heading}</h2>\n${svg}\n`);
  return page;
}

/** One page in the leader guide's voice: what happened, in numbers a sponsor can repeat. */
export function resultsMarkdown(d: ReportData, p: PlannedProgramme): string {
  const last = [...d.check_ins].reverse().find((c) => !c.suppressed);
  const L: string[] = ['# Results for the sponsor', '', `${[p.org.name, p.title].filter(Boolean).map(mdInline).join(' · ')}`, ''];
  L.push(`For the sponsor. One page you can paste into a team update; the full figures are in [the report](../report/report.md).`, '');
  if (!last) {
    L.push(`Not enough answers yet: fewer than ${d.min_group} people answered each check-in, so no number is shown. Ask about the check-ins in your 1:1s.`);
    return tidyMarkdown(L.join('\n'));
  }
  L.push(`## ${last.after_days} days after the last session`, '');
  for (const w of last.workflows) {
    if (w.suppressed) {
      L.push(`- **${mdInline(w.title)}:** fewer than ${d.min_group} people answered; not shown.`);
      continue;
    }
    const time = w.baseline_median !== null && w.now_median !== null ? ` Typical time went from ${w.baseline_median} to ${w.now_median} minutes.` : '';
    const hours =
      w.hours_reclaimed_per_month === null
        ? ''
        : w.hours_reclaimed_per_month >= 0
          ? ` Together that is about ${w.hours_reclaimed_per_month} hours a month back.`
          : ` So far it costs about ${-w.hours_reclaimed_per_month} hours a month more: say so, and ask what would help.`;
    L.push(`- **${mdInline(w.title)}:** ${w.using} of ${w.respondents} people who answered use AI for it (${pct(w.adoption)}).${time}${hours}`);
  }
  L.push('');
  if (last.hours_reclaimed_per_month !== null) L.push(`In total: about **${last.hours_reclaimed_per_month} hours a month** across the workflows shown.`, '');
  if (last.blockers) {
    const top = BLOCKER_CODES.filter((c) => c !== 'none' && last.blockers![c] > 0).sort((a, b) => last.blockers![b] - last.blockers![a] || (a < b ? -1 : 1));
    L.push(
      top.length
        ? `What got in the way most: ${top
            .slice(0, 3)
            .map((c) => `${c} (${last.blockers![c]})`)
            .join(', ')}. Your part: remove one of these, and say that you did.`
        : 'Nobody named a blocker.',
      '',
    );
  }
  const pulses = d.pulse.filter((s) => s.useful_mean !== null);
  if (pulses.length)
    L.push(`The sessions: usefulness ${pulses.map((s) => `${s.useful_mean}`).join(', ')} out of 5 (sessions ${pulses.map((s) => s.session).join(', ')}).`, '');
  if (d.skills.pre.mean_score !== null && d.skills.post.mean_score !== null)
    L.push(`Skills check: ${pct(d.skills.pre.mean_score)} correct before, ${pct(d.skills.post.mean_score)} after.`, '');
  L.push('Say what you will do next with AI yourself, and thank the people who showed their corrections: that is what keeps it going.');
  return tidyMarkdown(L.join('\n'));
}

export interface PortfolioRow {
  data: ReportData;
  out: string;
}

export function portfolioMarkdown(rows: readonly PortfolioRow[], org?: string): string {
  const L = ['# Results across programmes', '', ...(org ? [mdInline(org), ''] : [])];
  L.push('The latest check-in with enough answers of each programme. A dash: fewer answered than the minimum group.', '');
  L.push('| Programme | Role | Check-in | Answered | Hours reclaimed / month | Report |', '| --- | --- | ---: | ---: | ---: | --- |');
  for (const { data: d, out } of rows) {
    const c = [...d.check_ins].reverse().find((x) => !x.suppressed) ?? d.check_ins[d.check_ins.length - 1];
    L.push(
      `| ${mdCell(d.title)} | ${mdCell(d.role)} | ${c ? `+${c.after_days} days` : '—'} | ${c?.respondents ?? 0} | ${num(c?.hours_reclaimed_per_month ?? null)} | [report](../${uriPath(out)}/report/report.md) |`,
    );
  }
  return tidyMarkdown(L.join('\n'));
}

export function portfolioHtml(markdown: string, md: MarkdownIt, org?: string): string {
  const body = md.render(markdown);
  return htmlDocument({
    title: `Results across programmes${org ? ` · ${html(org)}` : ''}`,
    brand: html(org ?? 'cocoon'),
    body,
    footer: 'Generated by cocoon report. Edit the responses, not this page.',
  });
}
