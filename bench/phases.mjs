// Where `cocoon validate` spends its time, in one cold process: imports, YAML parsing (the fast path,
// then the positional parse of the same files for comparison), schema validation (ajv standalone) and
// the lint rules. Prints JSON.
// Files are parsed here even when they are built-in roles (which cocoon itself reads pre-parsed from
// dist/parsed.json), so the figures show what the same amount of a project's own YAML costs.
// Usage: node bench/phases.mjs <dir of role files>
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const t0 = performance.now();
const { parseYaml, parseYamlPositional } = await import('../dist/pipeline/load/source.js');
const { validateSchema } = await import('../dist/pipeline/validate/validate.js');
const { lintRole } = await import('../dist/pipeline/lint/lint.js');
const t1 = performance.now();
const ms = { imports: t1 - t0, parse: 0, positional: 0, schema: 0, lint: 0 };
let bytes = 0;
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
for (const f of files) {
  const file = join(dir, f);
  bytes += statSync(file).size;
  const a = performance.now();
  const parsed = parseYaml(readFileSync(file), file);
  const b = performance.now();
  validateSchema('role', parsed.data, parsed.source);
  const c = performance.now();
  lintRole({ role: parsed.data, at: { source: parsed.source, path: [] } });
  ms.parse += b - a;
  ms.schema += c - b;
  ms.lint += performance.now() - c;
}
for (const f of files) {
  const a = performance.now();
  parseYamlPositional(readFileSync(join(dir, f)), f);
  ms.positional += performance.now() - a;
}
console.log(JSON.stringify({ files: files.length, kib: bytes / 1024, ...ms }));
