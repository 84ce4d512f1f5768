// Build step (after tsc): parse the built-in YAML — roles/*.yaml and templates/blueprint.yaml — into
// dist/parsed/<sha256 of the bytes>.json, one file each, so a run never parses a file that ships with
// cocoon and reads only the one it needs (src/assets/shipped.ts); dist/parsed.json records them all. A
// built-in file that does not parse cleanly fails the build.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
rmSync(join(PACKAGE_ROOT, 'dist', 'parsed'), { recursive: true, force: true });
mkdirSync(join(PACKAGE_ROOT, 'dist', 'parsed'));
for (const [key, json] of Object.entries(entries)) writeFileSync(join(PACKAGE_ROOT, 'dist', 'parsed', `${key}.json`), json);
