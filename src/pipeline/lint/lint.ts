import { RULES, ruleById } from '../../rules/index.js';
import type { LoadedRole, Report, Rule, RuleMeta } from '../../rules/types.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { effectiveLoc, locate } from '../load/source.js';
import { fill } from '../../model/text.js';

/** Turn a rule's report (an id, data and a path) into a positioned diagnostic. Rules never build strings or positions. */
function toDiagnostic(meta: RuleMeta, r: Report): Diagnostic {
  const at = effectiveLoc(r.at);
  const pos = locate(at);
  const lines = at.source.text ? at.source.text.split('\n').length : 1;
  if (pos.line < 1 || pos.line > Math.max(1, lines)) throw new Error(`Rule ${meta.id} reported line ${pos.line} outside ${at.source.path}`);
  return worded(meta, r, { file: at.source.path, line: pos.line, column: pos.column });
}

/** The rule's message and hint for a report, filled with its data: the only place a rule's words are filled in. */
function worded(meta: RuleMeta, r: Pick<Report, 'messageId' | 'data' | 'severity'>, pos: { file: string; line: number; column: number }): Diagnostic {
  const template = meta.messages[r.messageId];
  if (template === undefined) throw new Error(`Rule ${meta.id} reported unknown messageId ${r.messageId}`);
  return {
    ...pos,
    severity: r.severity ?? meta.severity,
    rule: meta.id,
    message: fill(template, r.data ?? {}),
    hint: fill(meta.hints?.[r.messageId] ?? meta.hint, r.data ?? {}),
  };
}

const metaOf = (id: string): RuleMeta => {
  const rule = ruleById(id);
  if (!rule) throw new Error(`No rule ${id}`);
  return rule.meta;
};

/** A diagnostic for a rule the pipeline itself detects (an unknown role id), with the rule's own text. */
export const reportFor = (id: string, r: Report): Diagnostic => toDiagnostic(metaOf(id), r);

/**
 * The same for a place that has no YAML path, only a position (a CSV cell, a template's line): the
 * rule's own words, filled in here, never copied where the problem is found.
 */
export const reportAt = (id: string, r: Pick<Report, 'messageId' | 'data' | 'severity'>, pos: { file: string; line: number; column: number }): Diagnostic =>
  worded(metaOf(id), r, pos);

function run(rules: readonly Rule[], visit: (rule: Rule, report: (r: Report) => void) => void): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) visit(rule, (r) => out.push(toDiagnostic(rule.meta, r)));
  return out;
}

export const lintRole = (target: LoadedRole, rules: readonly Rule[] = RULES): Diagnostic[] =>
  run(rules, (rule, report) => rule.checkRole?.(target, { report }));

export const lintProgramme = (programme: PlannedProgramme, rules: readonly Rule[] = RULES): Diagnostic[] =>
  run(rules, (rule, report) => rule.checkProgramme?.(programme, { report }));
