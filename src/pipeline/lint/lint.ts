import { RULES, ruleById } from '../../rules/index.js';
import type { LoadedRole, Report, Rule, RuleMeta } from '../../rules/types.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { effectiveLoc, locate } from '../load/source.js';
import { fill } from '../../model/text.js';

/** Turn a rule's report (an id, data and a path) into a positioned diagnostic. Rules never build strings or positions. */
export function toDiagnostic(meta: RuleMeta, r: Report): Diagnostic {
  const template = meta.messages[r.messageId];
  if (template === undefined) throw new Error(`Rule ${meta.id} reported unknown messageId ${r.messageId}`);
  const at = effectiveLoc(r.at);
  const pos = locate(at);
  const lines = at.source.text ? at.source.text.split('\n').length : 1;
  if (pos.line < 1 || pos.line > Math.max(1, lines)) throw new Error(`Rule ${meta.id} reported line ${pos.line} outside ${at.source.path}`);
  return {
    file: at.source.path,
    line: pos.line,
    column: pos.column,
    severity: r.severity ?? meta.severity,
    rule: meta.id,
    message: fill(template, r.data ?? {}),
    hint: fill(meta.hints?.[r.messageId] ?? meta.hint, r.data ?? {}),
  };
}

/** A diagnostic for a rule the pipeline itself detects (an unknown role id), with the rule's own text. */
export function reportFor(id: string, r: Report): Diagnostic {
  const rule = ruleById(id);
  if (!rule) throw new Error(`No rule ${id}`);
  return toDiagnostic(rule.meta, r);
}

function run(rules: readonly Rule[], visit: (rule: Rule, report: (r: Report) => void) => void): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) visit(rule, (r) => out.push(toDiagnostic(rule.meta, r)));
  return out;
}

export const lintRole = (target: LoadedRole, rules: readonly Rule[] = RULES): Diagnostic[] =>
  run(rules, (rule, report) => rule.checkRole?.(target, { report }));

export const lintProgramme = (programme: PlannedProgramme, rules: readonly Rule[] = RULES): Diagnostic[] =>
  run(rules, (rule, report) => rule.checkProgramme?.(programme, { report }));
