// Regenerate the generated blocks of README.md and docs/*.md (the rules table, the role library, the
// sample agenda, the install figures) from the code, the built-in roles, the example and the lock:
// `npm run build && node scripts/readme-tables.mjs`. tests/docs.test.ts fails when one is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fillGenerated, generatedFiles } from '../dist/devtools/readme-tables.js';

for (const file of generatedFiles()) {
  const text = readFileSync(file, 'utf8');
  const next = fillGenerated(text);
  if (next !== text) writeFileSync(file, next);
}
