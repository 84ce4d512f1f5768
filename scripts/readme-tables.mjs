// Regenerate the generated parts of README.md (the rules table and the role library) from the code
// and the built-in roles: `node scripts/readme-tables.mjs`. tests/docs.test.ts fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeTables } from '../dist/devtools/readme-tables.js';
import { PACKAGE_ROOT } from '../dist/assets/paths.js';

const file = join(PACKAGE_ROOT, 'README.md');
writeFileSync(file, readmeTables(readFileSync(file, 'utf8')));
