import type { Diagnostic } from '../../model/diagnostics.js';
import { jsonText } from '../../model/escape/json.js';

/** A stable array of {file,line,column,severity,rule,message,hint}, keys in that order. */
export function formatJson(list: readonly Diagnostic[]): string {
  const rows = list.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.rule, message: d.message, hint: d.hint }));
  return jsonText(rows);
}
