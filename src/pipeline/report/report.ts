import type MarkdownIt from 'markdown-it';
import type { Published, ReportData, Roi } from './report-data.js';
import { BLOCKER_CODES } from '../render/forms.js';
import { html } from '../../model/escape/html.js';
import { mdCell, mdInline } from '../../model/escape/markdown.js';
import { uriPath } from '../../model/escape/uri.js';
import { htmlDocument } from '../render/html.js';
import { tidyMarkdown } from '../render/markdown.js';

/**
 * The report's pages: report.md (every number, in tables: one table for every chart), report.html
 * (the same page with SVG bar charts, each an image with a title and a description that state its
 * values in words), and leader/results.md|html (one page the sponsor can paste into a team update).
 * They see only ReportData: what survived suppression in report-data.ts. No page names a participant.
 */

/** What a page shows of the programme besides the numbers. */
export interface ReportPage {
  org?: string;
  /** A pack made by `cocoon plan`: no cocoon.yaml to hold the money. */
  planPack?: boolean;
}

const HIDDEN = '—';
const pct = (x: Published): string => (x === null ? HIDDEN : `${Math.round(x * 100)} %`);
const num = (x: Published): string => (x === null ? HIDDEN : String(x));
const SUPPRESSED = (min: number) => `fewer than ${min} people: not shown`;
const REALISED = 'Hours back a month, at the use people reported';
const POTENTIAL = 'hours a month if every occurrence were done with AI';

/** Money in the report's currency, as Intl formats it (en-GB, the pages' language). */
const money = (roi: Pick<Roi, 'currency'>, x: number, cents = false): string =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: roi.currency, minimumFractionDigits: 0, maximumFractionDigits: cents ? 2 : 0 }).format(x);

interface Bar {
  label: string;
  value: Published;
  text: string;
}
interface Chart {
  heading: string;
  id: string;
  title: string;
  bars: Bar[];
  max: number;
}

/** A horizontal bar chart; bars with no value (suppressed, no data) are drawn as a label with a note. */
function barChart(c: Chart): string {
  const rowH = 26;
  const left = 300;
  const width = 760;
  const height = c.bars.length * rowH + 16;
  const scale = (v: number) => Math.max(0, Math.round(((width - left - 90) * v) / (c.max || 1)));
  const rows = c.bars.map((b, i) => {
    const y = 8 + i * rowH;
    const w = b.value === null ? 0 : scale(b.value);
    return `<text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="13" fill="#1f2933">${html(b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label)}</text>${b.value === null ? '' : `<rect x="${left}" y="${y + 4}" width="${w}" height="16" rx="3" fill="#1f6f68"/>`}<text x="${left + w + 6}" y="${y + 16}" font-size="13" fill="#1f2933">${html(b.text)}</text>`;
  });
  const desc = c.bars.map((b) => `${b.label}: ${b.text}`).join('; ');
  return `<figure class="chart"><svg role="img" aria-labelledby="${c.id}-t ${c.id}-d" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title id="${c.id}-t">${html(c.title)}</title><desc id="${c.id}-d">${html(desc)}.</desc>${rows.join('')}</svg></figure>`;
}

/** The same bars as a small Markdown table, so report.md carries what every chart of report.html shows. */
const chartTable = (c: Chart): string[] => [
  '| ' + mdCell(c.title) + ' | Value |',
  '| --- | ---: |',
  ...c.bars.map((b) => `| ${mdCell(b.label)} | ${mdCell(b.text)} |`),
  '',
];

const latestShown = (d: ReportData) => [...d.check_ins].reverse().find((c) => c.workflows.some((w) => !w.suppressed)) ?? d.check_ins[d.check_ins.length - 1];

function charts(d: ReportData): Chart[] {
  const last = latestShown(d);
  const hidden = SUPPRESSED(d.min_group);
  const minutes: Bar[] = (last?.workflows ?? []).flatMap((w) => [
    { label: `${w.title}: baseline`, value: w.baseline_median, text: w.baseline_median === null ? hidden : `${w.baseline_median} min` },
    { label: `${w.title}: now`, value: w.now_median, text: w.now_median === null ? hidden : `${w.now_median} min` },
  ]);
  const perCheckIn = (f: (w: ReportData['check_ins'][number]['workflows'][number]) => Published): Bar[] =>
    d.check_ins.flatMap((c) => c.workflows.map((w) => ({ label: `+${c.after_days} days: ${w.title}`, value: f(w), text: f(w) === null ? hidden : pct(f(w)) })));
  const hours: Bar[] = (last?.workflows ?? []).flatMap((w) => [
    {
      label: `${w.title}: at reported use`,
      value: w.hours_reclaimed_per_month,
      text: w.hours_reclaimed_per_month === null ? hidden : `${w.hours_reclaimed_per_month} h`,
    },
    {
      label: `${w.title}: if always with AI`,
      value: w.hours_potential_per_month,
      text: w.hours_potential_per_month === null ? hidden : `${w.hours_potential_per_month} h`,
    },
  ]);
  const blockers: Bar[] = last?.blockers
    ? BLOCKER_CODES.map((code) => ({
        label: code,
        value: last.blockers![code],
        text: last.blockers![code] === null ? hidden : `${last.blockers![code]} people`,
      }))
    : [];
  return [
    {
      heading: 'Baseline vs now',
      id: 'chart-minutes',
      title: `Median minutes per occurrence, baseline and at check-in ${last?.n ?? 1}`,
      bars: minutes,
      max: Math.max(1, ...minutes.map((b) => b.value ?? 0)),
    },
    {
      heading: 'Hours back',
      id: 'chart-hours',
      title: `Hours a month at check-in ${last?.n ?? 1}: at the use people reported, and if every occurrence were done with AI`,
      bars: hours,
      max: Math.max(1, ...hours.map((b) => b.value ?? 0)),
    },
    {
      heading: 'Adoption',
      id: 'chart-adoption',
      title: 'Adoption: share of respondents using AI for each workflow, per check-in',
      bars: perCheckIn((w) => w.adoption),
      max: 1,
    },
    {
      heading: 'The checks caught something',
      id: 'chart-corrected',
      title: 'Share of AI users who corrected an output before using it, per check-in',
      bars: perCheckIn((w) => w.corrected_share),
      max: 1,
    },
    {
      heading: 'Blockers',
      id: 'chart-blockers',
      title: `People naming each blocker at check-in ${last?.n ?? 1}`,
      bars: blockers,
      max: Math.max(1, ...blockers.map((b) => b.value ?? 0)),
    },
    {
      heading: 'Target attainment',
      id: 'chart-target',
      title: "Share of users at or under the role's target time",
      bars: perCheckIn((w) => w.target_attainment),
      max: 1,
    },
    {
      heading: 'Session pulse',
      id: 'chart-pulse',
      title: 'Session pulse: mean usefulness out of 5',
      bars: d.pulse.map((s) => ({ label: `Session ${s.session}`, value: s.useful_mean, text: s.useful_mean === null ? hidden : `${s.useful_mean} of 5` })),
      max: 5,
    },
    {
      heading: 'Skills check',
      id: 'chart-skills',
      title: 'Skills check: mean share of correct answers, before and after',
      bars: [
        { label: 'Before (pre)', value: d.skills.pre.mean_score, text: d.skills.pre.mean_score === null ? hidden : pct(d.skills.pre.mean_score) },
        { label: 'After (post)', value: d.skills.post.mean_score, text: d.skills.post.mean_score === null ? hidden : pct(d.skills.post.mean_score) },
      ],
      max: 1,
    },
  ];
}

function roiLines(d: ReportData, where: 'report' | 'results', pageInfo: ReportPage): string[] {
  const r = d.roi;
  if (!r)
    return [
      d.roi_missing === 'no-hours'
        ? `No check-in has hours back from at least ${d.min_group} people yet, so there is no return to set against the cost.`
        : pageInfo.planPack
          ? 'To see what the programme cost and returned, the report needs the loaded cost of one hour of a participant and its currency. A pack made by `cocoon plan` has no project file to hold them: run `cocoon init`, add `hourly_cost` and `currency` (e.g. EUR, GBP) under `org:` in cocoon.yaml and the programme (optionally with `costs: { facilitator_hours, other }`), build it, and report with `cocoon report --programme <id>`.'
          : 'To see what the programme cost and returned, add `hourly_cost` (the loaded cost of one hour of a participant) and `currency` (e.g. EUR, GBP) under `org:` in cocoon.yaml, and optionally `costs: { facilitator_hours, other }` to the programme; then run `cocoon report --programme <id>` again.',
      '',
    ];
  const L = [
    '| Cost and return | Amount |',
    '| --- | ---: |',
    `| Cost: participants' time in the sessions (${num(r.participant_hours)} hours, ${r.cost_basis === 'attendance' ? 'as attended' : 'the whole group at every session'}), facilitator hours and other costs | ${money(r, r.cost)} |`,
    `| Benefit a year: ${r.hours_per_month} hours back a month (check-in ${r.check_in}) × 12 × ${money(r, r.hourly_cost, true)} an hour${r.adjusted ? ` × ${Math.round(r.attribution * 100)} % put down to the programme × ${Math.round(r.estimate_confidence * 100)} % confidence in the estimate` : ''} | ${money(r, r.benefit_per_year)} |`,
    `| Net benefit (benefit − cost) | ${money(r, r.net)} |`,
    `| ROI (net ÷ cost) | ${num(r.roi_percent)} % |`,
    `| Benefit–cost ratio (benefit ÷ cost) | ${num(r.benefit_cost_ratio)} |`,
    '',
    `If use halves: benefit ${money(r, r.if_use_halves.benefit_per_year)} a year, net ${money(r, r.if_use_halves.net)}, ROI ${num(r.if_use_halves.roi_percent)} %.`,
    '',
  ];
  if (!r.adjusted)
    L.push(
      `Not adjusted: fewer than ${d.min_group} people said how much of the change they put down to the programme and how sure they are (the check-in's \`attribution\` and \`estimate_confidence\` columns), so the benefit is the full realised hours — an upper bound.`,
      '',
    );
  if (where === 'report') L.push('The method and its limits: `docs/report.md` in cocoon ("Cost and return").', '');
  return L;
}

export function reportMarkdown(d: ReportData, page: ReportPage): string {
  const L: string[] = [];
  const hidden = SUPPRESSED(d.min_group);
  L.push('# Results', '');
  L.push(
    `${[page.org, d.title]
      .filter(Boolean)
      .map((x) => mdInline(x!))
      .join(' · ')}`,
    '',
  );
  L.push(
    `What the filled forms in \`responses/\` say: ${d.group_size} places, baseline from ${d.baseline.respondents} people, ${d.check_ins.map((c) => `${c.respondents} at check-in ${c.n} (+${c.after_days} days)`).join(', ')}. A number drawn from fewer than ${d.min_group} people is not shown (— on this page; \`--min-group\`), so no one's answers can be read from it, and totals add up only what is shown. Medians are of minutes one occurrence takes. **Hours back** are at the use people reported: (baseline − now) minutes × the times a month they now do it with AI; **if always with AI** counts every occurrence of their baseline instead — what full adoption would give, not what happened. Both are negative when people got slower.`,
    '',
  );
  for (const c of d.check_ins) {
    L.push(`## Check-in ${c.n} (+${c.after_days} days)`, '');
    L.push(
      c.suppressed
        ? `${c.respondents} people answered: ${hidden}.`
        : `${c.respondents} people answered, about the last ${c.days_covered} days. ${REALISED}: **${num(c.hours_reclaimed_per_month)}**; ${POTENTIAL}: ${num(c.hours_potential_per_month)}.`,
      '',
    );
    L.push(
      '| Workflow | Answered | Using AI | Adoption | Uses a month | Baseline median (min) | Now median (min) | Hours back a month (at reported use) | Hours a month if always with AI | Checks caught something | At target |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const w of c.workflows)
      L.push(
        `| ${mdCell(w.title)} | ${w.respondents} | ${num(w.using)} | ${pct(w.adoption)} | ${num(w.uses_per_month)} | ${num(w.baseline_median)} | ${num(w.now_median)} | ${num(w.hours_reclaimed_per_month)} | ${num(w.hours_potential_per_month)} | ${pct(w.corrected_share)} | ${w.target_attainment === null ? HIDDEN : `${w.at_target} (${pct(w.target_attainment)})`} |`,
      );
    L.push('');
  }
  const words: Record<string, string> = {
    'Baseline vs now':
      'Median minutes one occurrence takes: the baseline people gave in session 1, and now, among those using AI for it (latest check-in with enough answers).',
    'Hours back': `${REALISED}, beside ${POTENTIAL}. The first is what happened; the second is the ceiling.`,
    Adoption: 'The share of the people who answered for a workflow who used AI for it at least once since the last session or check-in.',
    'The checks caught something':
      'The share of AI users who had to correct an output before using it. A good sign: the checks people learnt are catching what the tool got wrong, before it reached anyone.',
    Blockers: 'People who named each blocker (one person may name several).',
    'Target attainment': "Among people using AI who gave a baseline: those whose minutes now are at or under the role's target, scaled to their own baseline.",
    'Session pulse': '',
    'Skills check': '',
  };
  for (const c of charts(d)) {
    L.push(`## ${c.heading}`, '');
    if (words[c.heading]) L.push(words[c.heading]!, '');
    if (c.heading === 'Session pulse') {
      L.push('| Session | Answered | Useful (mean of 5) | Recommend (mean of 10) |', '| ---: | ---: | ---: | ---: |');
      for (const s of d.pulse) L.push(`| ${s.session} | ${s.respondents} | ${num(s.useful_mean)} | ${num(s.recommend_mean)} |`);
      L.push('');
      continue;
    }
    if (c.heading === 'Skills check') {
      L.push(
        `${d.skills.questions} questions, the same before session 1 and after the last session (the answers are in \`facilitator/skills-check.md\`).`,
        '',
        '| Sitting | Answered | Mean score |',
        '| --- | ---: | ---: |',
        `| Before (pre) | ${d.skills.pre.respondents} | ${pct(d.skills.pre.mean_score)} |`,
        `| After (post) | ${d.skills.post.respondents} | ${pct(d.skills.post.mean_score)} |`,
        '',
        `Normalised gain, (after − before) ÷ (100 % − before): **${num(d.skills.normalised_gain)}** (0: nothing learnt; 1: everything there was to learn).`,
        '',
        '### Item analysis',
        '',
        'Difficulty is the share who got a question right; discrimination is how well it separates people who did well on the rest of the check from those who did not (the correlation of the item with the rest of the score, after; below 0.2 is weak). A question everyone got right before the programme measures nothing it taught: rewrite it.',
        '',
        '| Question | Right before | Right after | Discrimination | Flag |',
        '| --- | ---: | ---: | ---: | --- |',
      );
      for (const q of d.skills.per_question)
        L.push(
          `| ${q.id} | ${pct(q.pre_correct_rate)} | ${pct(q.post_correct_rate)} | ${num(q.discrimination)} | ${q.everyone_right_before ? 'everyone right before: measures nothing taught' : q.discrimination !== null && q.discrimination < 0.2 ? 'weak discrimination' : '—'} |`,
        );
      L.push('');
      continue;
    }
    L.push(...chartTable(c));
  }
  if (d.attendance.some((a) => a.marked)) {
    L.push(
      '## Attendance',
      '',
      'From `responses/attendance.csv`: the people marked for each session, and how many attended.',
      '',
      '| Session | Marked | Attended |',
      '| ---: | ---: | ---: |',
    );
    for (const a of d.attendance) L.push(`| ${a.session} | ${a.marked} | ${num(a.attended)} |`);
    L.push('');
  }
  L.push('## Cost and return', '', ...roiLines(d, 'report', page));
  L.push('Generated by `cocoon report` from `responses/`; edit the responses, not this page.');
  return tidyMarkdown(L.join('\n'));
}

/** A report page's HTML: the one page shell, a nav to the pack's overview, report and results. */
function page(path: 'report/report.md' | 'leader/results.md', content: string, d: ReportData, pageInfo: ReportPage, title: string): string {
  // A wide table scrolls sideways on a narrow screen: keyboard users must be able to reach it (WCAG 2.1.1).
  const body = content.replaceAll('<div class="table-wrap">', '<div class="table-wrap" tabindex="0">');
  const up = '../';
  const nav = [
    { label: 'Overview', href: `${up}index.html` },
    { label: 'Report', href: `${up}report/report.html` },
    { label: 'Results for the sponsor', href: `${up}leader/results.html` },
  ]
    .map((n) => `<li><a href="${html(n.href)}"${n.href.endsWith(path.replace(/\.md$/, '.html')) ? ' aria-current="page"' : ''}>${html(n.label)}</a></li>`)
    .join('');
  return htmlDocument({
    title: `${html(title)} · ${html(d.title)}`,
    brand: html([pageInfo.org, d.title].filter(Boolean).join(' · ')),
    nav: `<nav class="pack" aria-label="Pack"><ul>${nav}</ul></nav>\n`,
    body,
    footer: 'Generated by cocoon report from responses/. Edit the responses, not this page.',
  });
}

export function reportHtml(d: ReportData, pageInfo: ReportPage, markdown: string, md: MarkdownIt): string {
  let body = md.render(markdown);
  // A function replacer: a chart holds role text, which must never be read as a `$&` pattern.
  for (const c of charts(d)) body = body.replace(`<h2>${html(c.heading)}</h2>\n`, () => `<h2>${html(c.heading)}</h2>\n${barChart(c)}\n`);
  return page('report/report.md', body, d, pageInfo, 'Results');
}

export function resultsHtml(d: ReportData, pageInfo: ReportPage, markdown: string, md: MarkdownIt): string {
  return page('leader/results.md', md.render(markdown), d, pageInfo, 'Results for the sponsor');
}

/** One page in the leader guide's voice: what happened, in numbers a sponsor can repeat. */
export function resultsMarkdown(d: ReportData, pageInfo: ReportPage): string {
  const last = [...d.check_ins].reverse().find((c) => !c.suppressed && c.workflows.some((w) => !w.suppressed));
  const L: string[] = [
    '# Results for the sponsor',
    '',
    `${[pageInfo.org, d.title]
      .filter(Boolean)
      .map((x) => mdInline(x!))
      .join(' · ')}`,
    '',
  ];
  L.push(`For the sponsor. One page you can paste into a team update; the full figures are in [the report](../report/report.md).`, '');
  if (!last) {
    L.push(
      `Not enough answers yet: no check-in has a workflow that at least ${d.min_group} people answered and use AI for, so no number is shown. Ask about the check-ins in your 1:1s.`,
      '',
    );
    L.push('## Cost and return', '', ...roiLines(d, 'results', pageInfo));
    return tidyMarkdown(L.join('\n'));
  }
  L.push(`## ${last.after_days} days after the last session`, '');
  for (const w of last.workflows) {
    if (w.suppressed) {
      L.push(`- **${mdInline(w.title)}:** fewer than ${d.min_group} people answered or use AI for it; not shown.`);
      continue;
    }
    const time = w.baseline_median !== null && w.now_median !== null ? ` Typical time went from ${w.baseline_median} to ${w.now_median} minutes.` : '';
    const hours =
      w.hours_reclaimed_per_month === null
        ? ''
        : w.hours_reclaimed_per_month >= 0
          ? ` At the use people reported, that is about ${w.hours_reclaimed_per_month} hours a month back (${num(w.hours_potential_per_month)} if every occurrence were done with AI).`
          : ` So far it costs about ${-w.hours_reclaimed_per_month} hours a month more at the use people reported: say so, and ask what would help.`;
    const caught =
      w.corrected_share === null ? '' : ` ${pct(w.corrected_share)} of the users corrected an output before using it: the checks caught something.`;
    L.push(`- **${mdInline(w.title)}:** ${w.using} of ${w.respondents} people who answered use AI for it (${pct(w.adoption)}).${time}${hours}${caught}`);
  }
  L.push('');
  if (last.hours_reclaimed_per_month !== null)
    L.push(
      `In total: about **${last.hours_reclaimed_per_month} hours a month back at the use people reported** across the workflows shown (${num(last.hours_potential_per_month)} if every occurrence were done with AI).`,
      '',
    );
  if (last.blockers) {
    const named = BLOCKER_CODES.filter((c) => c !== 'none' && (last.blockers![c] ?? 0) > 0).sort(
      (a, b) => last.blockers![b]! - last.blockers![a]! || (a < b ? -1 : 1),
    );
    L.push(
      named.length
        ? `What got in the way most: ${named
            .slice(0, 3)
            .map((c) => `${c} (${last.blockers![c]} people)`)
            .join(', ')}. Your part: remove one of these, and say that you did.`
        : `No blocker was named by ${d.min_group} or more people.`,
      '',
    );
  }
  const pulses = d.pulse.filter((s) => s.useful_mean !== null);
  if (pulses.length)
    L.push(`The sessions: usefulness ${pulses.map((s) => `${s.useful_mean}`).join(', ')} out of 5 (sessions ${pulses.map((s) => s.session).join(', ')}).`, '');
  if (d.skills.pre.mean_score !== null && d.skills.post.mean_score !== null)
    L.push(
      `Skills check: ${pct(d.skills.pre.mean_score)} correct before, ${pct(d.skills.post.mean_score)} after${d.skills.normalised_gain === null ? '' : ` (normalised gain ${d.skills.normalised_gain})`}.`,
      '',
    );
  L.push('## Cost and return', '', ...roiLines(d, 'results', pageInfo));
  L.push('Say what you will do next with AI yourself, and thank the people who showed their corrections: that is what keeps it going.');
  return tidyMarkdown(L.join('\n'));
}

export interface PortfolioRow {
  data: ReportData;
  out: string;
}

export function portfolioMarkdown(rows: readonly PortfolioRow[], org?: string): string {
  const L = ['# Results across programmes', '', ...(org ? [mdInline(org), ''] : [])];
  L.push('The latest check-in with enough answers of each programme. A dash: drawn from fewer people than the minimum group.', '');
  L.push(
    '| Programme | Role | Check-in | Answered | Hours back a month (at reported use) | Hours a month if always with AI | Report |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  );
  for (const { data: d, out } of rows) {
    const c = [...d.check_ins].reverse().find((x) => !x.suppressed) ?? d.check_ins[d.check_ins.length - 1];
    L.push(
      `| ${mdCell(d.title)} | ${mdCell(d.role)} | ${c ? `+${c.after_days} days` : HIDDEN} | ${c?.respondents ?? 0} | ${num(c?.hours_reclaimed_per_month ?? null)} | ${num(c?.hours_potential_per_month ?? null)} | [report](../${uriPath(out)}/report/report.md) |`,
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
