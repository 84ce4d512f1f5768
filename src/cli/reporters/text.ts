import { countBySeverity, type Diagnostic } from '../../model/diagnostics.js';
import { plural } from '../../model/text.js';
import { inert } from '../../model/escape/terminal.js';
import type { Paint } from '../paint.js';

/**
 * Text format, grouped by file like the best linters:
 *   roles/finance.yaml
 *     42:9  error  Prompt uses {{period}} but declares no such variable  prompt/undeclared-variable
 *           hint: Declare it under `variables:` …
 */
export function formatText(list: readonly Diagnostic[], options: { paint: Paint; hints?: boolean; summary?: boolean; strict?: boolean }): string {
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
      if (d.excerpt !== undefined) lines.push(...excerpt(d, `  ${' '.repeat(posWidth)}  `, c).map(inert));
      if (options.hints !== false && d.hint) lines.push(`  ${' '.repeat(posWidth)}  ${c.dim(`hint: ${inert(d.hint)}`)}`);
    }
    lines.push('');
  }
  if (options.summary !== false) {
    const { errors, warnings } = countBySeverity(list);
    const failed = errors > 0 || (options.strict && warnings > 0);
    const text = `${failed ? '✖' : '⚠'} ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(byFile.size, 'file')}${!errors && failed ? ' (--strict: warnings fail)' : ''}`;
    lines.push(failed ? c.errorSummary(text) : c.warningSummary(text));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The source line under the message with a caret at the column, like a compiler:
 *      2 | name:Priya
 *        |      ^
 * Tabs are shown as one space each so the caret stays under the right character.
 */
function excerpt(d: Diagnostic, indent: string, c: Paint): string[] {
  const number = String(d.line);
  const text = (d.excerpt ?? '').replace(/\t/g, ' ');
  // A long line is shown as a window around the column, so the caret stays on screen.
  const start = text.length > 160 ? Math.max(0, d.column - 60) : 0;
  const shown = `${start ? '…' : ''}${text.slice(start, start + 160)}${start + 160 < text.length ? '…' : ''}`;
  const caretAt = d.column - 1 - start + (start ? 1 : 0);
  return [`${indent}${c.dim(`${number} |`)} ${shown}`, `${indent}${' '.repeat(number.length)} ${c.dim('|')} ${' '.repeat(Math.max(0, caretAt))}${c.red('^')}`];
}

/** One line per diagnostic, for stderr notes during plan/build. */
export function formatCompact(list: readonly Diagnostic[], c: Paint): string {
  return list
    .map(
      (d) =>
        `${d.file.startsWith('cocoon ') ? inert(d.file) : `${inert(d.file)}:${d.line}:${d.column}`} ${d.severity === 'error' ? c.red('error') : c.yellow('warning')}  ${inert(d.message)}  ${c.dim(inert(d.rule))}\n${d.excerpt !== undefined ? `${excerpt(d, '  ', c).map(inert).join('\n')}\n` : ''}  ${c.dim(`hint: ${inert(d.hint)}`)}\n`,
    )
    .join('');
}
