// Build step (after tsc): parse the built-in YAML — roles/*.yaml and templates/blueprint.yaml — into
// dist/parsed.json, keyed by a hash of each file's bytes, so a run never parses a file that ships with
// cocoon (src/pipeline/load/parse-cache.ts), and their keys into dist/parsed-keys.txt. A built-in file that does not parse cleanly fails the build.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../dist/assets/paths.js';
import { contentKey } from '../dist/pipeline/load/parse-cache.js';
import { parseYaml } from '../dist/pipeline/load/source.js';

const files = [
  ...readdirSync(join(PACKAGE_ROOT, 'roles'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join('roles', f)),
  join('templates', 'blueprint.yaml'),
];
const entries = {};
for (const file of files) {
  const bytes = readFileSync(join(PACKAGE_ROOT, file));
  const parsed = parseYaml(bytes, file);
  if (parsed.diagnostics.length) {
    const d = parsed.diagnostics[0];
    console.error(`${d.file}:${d.line}:${d.column}: ${d.message}`);
    process.exit(1);
  }
  entries[contentKey(bytes)] = JSON.stringify(parsed.data);
}
writeFileSync(join(PACKAGE_ROOT, 'dist', 'parsed.json'), `${JSON.stringify({ generator: 'scripts/build-data.mjs', files: entries })}\n`);
// The keys alone, one a line: a run reads parsed.json only when one of its files is among them.
writeFileSync(join(PACKAGE_ROOT, 'dist', 'parsed-keys.txt'), `${Object.keys(entries).sort().join('\n')}\n`);
