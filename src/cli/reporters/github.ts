import type { Diagnostic } from '../../model/diagnostics.js';
import { inert } from '../../model/text.js';

// GitHub workflow commands: data escapes %, CR, LF; properties also escape : and ,. Values are made inert
// first (model/text.ts): no terminal escapes, and no `::` that a log viewer could take for a command.
const escapeData = (s: string): string => inert(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(list: readonly Diagnostic[]): string {
  return list
    .map(
      (d) =>
        `::${d.severity === 'error' ? 'error' : 'warning'} file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(d.rule)}::${escapeData(`${d.message}. ${d.hint}`)}\n`,
    )
    .join('');
}
