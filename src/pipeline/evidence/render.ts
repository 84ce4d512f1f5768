import type MarkdownIt from 'markdown-it';
import { jsonText } from '../../model/escape/json.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { moment } from '../plan/schedule.js';
import { renderHtmlPage } from '../render/html.js';
import { tidyMarkdown, type MarkdownTemplates } from '../render/markdown.js';
import type { PackFile } from '../render/markdown.js';
import type { EvidenceData } from './evidence-data.js';

/** What templates/md/evidence.md.hbs reads: the record, and the labels the plan already made for its dates. */
function evidenceView(p: PlannedProgramme, e: EvidenceData) {
  const when = (x: { dateLabel?: string; week: number; start: string; end: string }) =>
    x.dateLabel ? `${x.dateLabel}, ${x.start}–${x.end}` : `week ${x.week}, ${x.start}–${x.end}`;
  return {
    programme: p,
    evidence: e,
    measures: {
      sessions: e.measures.sessions.map((s, i) => ({ ...s, when: when(p.sessions[i]!) })),
      checkIns: p.checkIns.map((c) => ({ number: c.number, when: c.dateLabel ?? `${c.afterDays} days after the last session` })),
      leaderSessions: e.measures.sessions.filter((s) => s.leader_block).map((s) => s.number),
    },
    records: {
      ...e.records,
      preShown: e.records.skills_pre_mean !== null,
      postShown: e.records.skills_post_mean !== null,
    },
    // The data-policy items taught but not checked share one fix: one line for all of them.
    gaps: {
      dataUnchecked: e.gaps.filter((g) => g.kind === 'unchecked-risk' && g.ref === 'data_policy').map((g) => g.what),
      other: e.gaps.filter((g) => !(g.kind === 'unchecked-risk' && g.ref === 'data_policy')),
    },
    review: { dateLabel: e.review.date ? moment(e.review.date, p.schedule.time, p.schedule.timezone).dateLabel : undefined },
  };
}

export const EVIDENCE_PATHS = {
  md: 'evidence/ai-literacy.md',
  html: 'evidence/ai-literacy.html',
  json: 'evidence/ai-literacy.json',
  register: 'evidence/register.csv',
};

export function evidenceMarkdown(p: PlannedProgramme, e: EvidenceData, t: MarkdownTemplates): string {
  return tidyMarkdown(t['evidence.md.hbs'](evidenceView(p, e)));
}

/** The print-ready page: the pack's page shell, each numbered section on a page of its own. */
export function evidenceHtml(p: PlannedProgramme, markdown: string, md: MarkdownIt): PackFile {
  return { path: EVIDENCE_PATHS.html, content: renderHtmlPage(EVIDENCE_PATHS.md, markdown, p, md) };
}

export const evidenceJson = (e: EvidenceData): string => jsonText(e);
