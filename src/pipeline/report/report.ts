import type MarkdownIt from 'markdown-it';
import type { Published, ReportData, Roi } from './report-data.js';
import { BLOCKER_CODES } from '../render/forms.js';
import { html } from '../../model/escape/html.js';
import { mdCell, mdInline } from '../../model/escape/markdown.js';
import { uriPath } from '../../model/escape/uri.js';
import { htmlDocument } from '../render/html.js';
import { tidyMarkdown, type MarkdownTemplates } from '../render/markdown.js';

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

/** What templates/md/partials/report-roi.hbs reads: the cost and return, formatted, or why there is none. */
function roiView(d: ReportData, pageInfo: ReportPage) {
  const r = d.roi;
  return {
    roiMissing: d.roi_missing ?? null,
    planPack: pageInfo.planPack === true,
    roi: r
      ? {
          cost: money(r, r.cost),
          participantHours: r.participant_hours,
          fromAttendance: r.cost_basis === 'attendance',
          hoursPerMonth: r.hours_per_month,
          checkIn: r.check_in,
          hourlyCost: money(r, r.hourly_cost, true),
          adjusted: r.adjusted,
          attribution: Math.round(r.attribution * 100),
          confidence: Math.round(r.estimate_confidence * 100),
          benefit: money(r, r.benefit_per_year),
          net: money(r, r.net),
          roiPercent: num(r.roi_percent),
          ratio: num(r.benefit_cost_ratio),
          halfBenefit: money(r, r.if_use_halves.benefit_per_year),
          halfNet: money(r, r.if_use_halves.net),
          halfRoi: num(r.if_use_halves.roi_percent),
        }
      : null,
  };
}

/**
 * What templates/md/report.md.hbs reads: every number already formatted (— where it is hidden), and
 * which sentence applies; the words are the template's, so a project's templates_dir can change them.
 */
function reportView(d: ReportData, pageInfo: ReportPage) {
  return {
    org: pageInfo.org ?? null,
    title: d.title,
    groupSize: d.group_size,
    baselineRespondents: d.baseline.respondents,
    minGroup: d.min_group,
    onReport: true,
    checkIns: d.check_ins.map((c) => ({
      n: c.n,
      afterDays: c.after_days,
      respondents: c.respondents,
      suppressed: c.suppressed,
      days: c.days_covered,
      hours: num(c.hours_reclaimed_per_month),
      potential: num(c.hours_potential_per_month),
      workflows: c.workflows.map((w) => ({
        title: w.title,
        respondents: w.respondents,
        using: num(w.using),
        adoption: pct(w.adoption),
        uses: num(w.uses_per_month),
        baseline: num(w.baseline_median),
        now: num(w.now_median),
        hours: num(w.hours_reclaimed_per_month),
        potential: num(w.hours_potential_per_month),
        corrected: pct(w.corrected_share),
        target: w.target_attainment === null ? HIDDEN : `${w.at_target} (${pct(w.target_attainment)})`,
      })),
    })),
    charts: charts(d).map((c) => ({ id: c.id, heading: c.heading, title: c.title, bars: c.bars.map((b) => ({ label: b.label, text: b.text })) })),
    pulse: d.pulse.map((p) => ({ session: p.session, respondents: p.respondents, useful: num(p.useful_mean), recommend: num(p.recommend_mean) })),
    skills: {
      questions: d.skills.questions,
      pre: { respondents: d.skills.pre.respondents, mean: pct(d.skills.pre.mean_score) },
      post: { respondents: d.skills.post.respondents, mean: pct(d.skills.post.mean_score) },
      gain: num(d.skills.normalised_gain),
      items: d.skills.per_question.map((q) => ({
        id: q.id,
        pre: pct(q.pre_correct_rate),
        post: pct(q.post_correct_rate),
        discrimination: num(q.discrimination),
        everyoneRightBefore: q.everyone_right_before === true,
        weak: q.discrimination !== null && q.discrimination < 0.2,
      })),
    },
    attendance: d.attendance.some((a) => a.marked) ? d.attendance.map((a) => ({ session: a.session, marked: a.marked, attended: num(a.attended) })) : null,
    ...roiView(d, pageInfo),
  };
}

export function reportMarkdown(d: ReportData, page: ReportPage, t: MarkdownTemplates): string {
  return tidyMarkdown(t['report.md.hbs'](reportView(d, page)));
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

/** What templates/md/leader-results.md.hbs reads: one page in the leader guide's voice, in numbers a sponsor can repeat. */
function resultsView(d: ReportData, pageInfo: ReportPage) {
  const last = [...d.check_ins].reverse().find((c) => !c.suppressed && c.workflows.some((w) => !w.suppressed));
  const blockers = last?.blockers;
  const named = blockers
    ? BLOCKER_CODES.filter((c) => c !== 'none' && (blockers[c] ?? 0) > 0).sort((a, b) => blockers[b]! - blockers[a]! || (a < b ? -1 : 1))
    : [];
  const pulses = d.pulse.filter((s) => s.useful_mean !== null);
  return {
    org: pageInfo.org ?? null,
    title: d.title,
    minGroup: d.min_group,
    onReport: false,
    last: last
      ? {
          afterDays: last.after_days,
          workflows: last.workflows.map((w) => {
            const h = w.hours_reclaimed_per_month;
            return {
              title: w.title,
              suppressed: w.suppressed,
              usingShown: w.using !== null,
              using: num(w.using),
              respondents: w.respondents,
              adoption: pct(w.adoption),
              typical: w.baseline_median !== null && w.now_median !== null ? { baseline: w.baseline_median, now: w.now_median } : null,
              back: h !== null && h >= 0 ? { hours: h, potential: num(w.hours_potential_per_month) } : null,
              more: h !== null && h < 0 ? { hours: -h } : null,
              caught: w.corrected_share === null ? null : pct(w.corrected_share),
            };
          }),
          total: last.hours_reclaimed_per_month === null ? null : { hours: last.hours_reclaimed_per_month, potential: num(last.hours_potential_per_month) },
          blockersShown: blockers !== null,
          blockers: named.slice(0, 3).map((code) => ({ code, people: blockers![code]! })),
        }
      : null,
    pulses: pulses.map((s) => ({ session: s.session, useful: s.useful_mean })),
    skills:
      d.skills.pre.mean_score !== null && d.skills.post.mean_score !== null
        ? {
            pre: pct(d.skills.pre.mean_score),
            post: pct(d.skills.post.mean_score),
            gainShown: d.skills.normalised_gain !== null,
            gain: num(d.skills.normalised_gain),
          }
        : null,
    ...roiView(d, pageInfo),
  };
}

export function resultsMarkdown(d: ReportData, pageInfo: ReportPage, t: MarkdownTemplates): string {
  return tidyMarkdown(t['leader-results.md.hbs'](resultsView(d, pageInfo)));
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
