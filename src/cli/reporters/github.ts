import type { Diagnostic } from '../../model/diagnostics.js';
import { escapeData, escapeProperty } from '../../model/escape/workflow.js';

export function formatGithub(list: readonly Diagnostic[]): string {
  return list
    .map(
      (d) =>
        `::${d.severity === 'error' ? 'error' : 'warning'} file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(d.rule)}::${escapeData(`${d.message}. ${d.hint}`)}\n`,
    )
    .join('');
}
