import type { Diagnostic } from '../../model/diagnostics.js';
import type { RuleMeta } from '../../rules/types.js';
import { uriPath } from '../../model/escape/uri.js';
import { jsonText } from '../../model/escape/json.js';

/**
 * SARIF 2.1.0 (OASIS), the format code-scanning dashboards read. One run; the driver lists the rules the
 * results refer to, each result points at its rule by index. Paths are relative to the working directory
 * (uriBaseId %SRCROOT%), so the log carries no absolute path and is the same on every machine.
 */
export function formatSarif(list: readonly Diagnostic[], options: { version: string; rules: readonly RuleMeta[] }): string {
  const used = [...new Set(list.map((d) => d.rule))].sort();
  const meta = new Map(options.rules.map((r) => [r.id, r]));
  const rules = used.map((id) => {
    const m = meta.get(id);
    return {
      id,
      name: id.replace(/(^|[/-])([a-z])/g, (_, _s: string, c: string) => c.toUpperCase()),
      shortDescription: { text: m?.description ?? id },
      ...(m ? { fullDescription: { text: m.explanation }, help: { text: `${m.hint}\n\nExample:\n${m.example}` } } : {}),
      defaultConfiguration: { level: m?.severity === 'warning' ? 'warning' : 'error' },
      properties: { ...(m ? { failureMode: m.failureMode } : {}) },
    };
  });
  const index = new Map(used.map((id, i) => [id, i]));
  const results = list.map((d) => ({
    ruleId: d.rule,
    ruleIndex: index.get(d.rule)!,
    level: d.severity === 'error' ? 'error' : 'warning',
    message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriPath(d.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) },
        },
      },
    ],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cocoon', version: options.version, semanticVersion: options.version, rules } },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return jsonText(log);
}
