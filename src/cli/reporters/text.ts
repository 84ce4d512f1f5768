import { countBySeverity, type Diagnostic } from '../../model/diagnostics.js';
import { inert, plural } from '../../model/text.js';
import type { Paint } from '../paint.js';

/**
 * Text format, grouped by file like the best linters:
 *   roles/finance.yaml
 *     42:9  error  Prompt uses {{period}} but declares no such variable  prompt/undeclared-variable
 *           hint: Declare it under `variables:` …
 */
export function formatText(list: readonly Diagnostic[], options: { paint: Paint; hints?: boolean; summary?: boolean }): string {
  const c = options.paint;
  if (!list.length) return '';
  const byFile = new Map<string, Diagnostic[]>();
  // Every value shown came from a file or names one: made inert (model/text.ts) before it is painted.
  // Appended in place (not copied per diagnostic): 60 000 diagnostics in one file print in linear time.
  for (const d of list) {
    const ds = byFile.get(d.file);
    if (ds) ds.push(d);
    else byFile.set(d.file, [d]);
  }
  const lines: string[] = [];
  for (const [file, ds] of byFile) {
    lines.push(c.underline(inert(file)));
    const posWidth = ds.reduce((w, d) => Math.max(w, `${d.line}:${d.column}`.length), 0);
    for (const d of ds) {
      const pos = `${d.line}:${d.column}`.padEnd(posWidth);
      const sev = d.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      lines.push(`  ${c.dim(pos)}  ${sev}  ${inert(d.message)}  ${c.dim(inert(d.rule))}`);
      if (options.hints !== false && d.hint) lines.push(`  ${' '.repeat(posWidth)}  ${c.dim(`hint: ${inert(d.hint)}`)}`);
    }
    lines.push('');
  }
  if (options.summary !== false) {
    const { errors, warnings } = countBySeverity(list);
    const text = `${errors ? '✖' : '⚠'} ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(byFile.size, 'file')}`;
    lines.push(errors ? c.errorSummary(text) : c.warningSummary(text));
  }
  return `${lines.join('\n')}\n`;
}

/** One line per diagnostic, for stderr notes during plan/build. */
export function formatCompact(list: readonly Diagnostic[], c: Paint): string {
  return list
    .map((d) => `${inert(d.file)}:${d.line}:${d.column} ${d.severity === 'error' ? c.red('error') : c.yellow('warning')}  ${inert(d.message)}  ${c.dim(inert(d.rule))}\n  ${c.dim(`hint: ${inert(d.hint)}`)}\n`)
    .join('');
}
