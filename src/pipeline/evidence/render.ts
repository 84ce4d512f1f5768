import type MarkdownIt from 'markdown-it';
import { renderShellPage } from '../render/html.js';
import { plainMessages } from '../render/messages.js';
import { jsonText } from '../../model/escape/json.js';
import { tidyMarkdown, type MarkdownTemplates } from '../render/markdown.js';
import type { PackFile } from '../../model/pack.js';
import type { EvidenceData } from './evidence-data.js';
import type { EvidencePlan } from './plan-file.js';

/** What templates/md/evidence.md.hbs reads: the record, and the labels the plan already made for its dates. */
function evidenceView(plan: EvidencePlan, e: EvidenceData) {
  return {
    programme: plan.shell,
    evidence: e,
    measures: {
      sessions: e.measures.sessions.map((s, i) => ({ ...s, when: plan.when.sessions[i] })),
      checkIns: e.measures.check_ins.map((c, i) => ({ number: c.number, when: plan.when.check_ins[i] })),
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
    review: { dateLabel: plan.when.review ?? undefined },
  };
}

export const EVIDENCE_PATHS = {
  md: 'evidence/ai-literacy.md',
  html: 'evidence/ai-literacy.html',
  json: 'evidence/ai-literacy.json',
  register: 'evidence/register.csv',
};

export function evidenceMarkdown(plan: EvidencePlan, e: EvidenceData, t: MarkdownTemplates): string {
  return tidyMarkdown(t['evidence.md.hbs'](evidenceView(plan, e)));
}

/** The print-ready page: the pack's page shell, each numbered section on a page of its own. */
export function evidenceHtml(plan: EvidencePlan, markdown: string, md: MarkdownIt): PackFile {
  return { path: EVIDENCE_PATHS.html, content: renderShellPage(EVIDENCE_PATHS.md, markdown, plan.shell, md, plainMessages()) };
}

export const evidenceJson = (e: EvidenceData): string => jsonText(e);
