// Build step (after tsc): generate ajv standalone validation code for the three schemas, so the CLI
// does not compile schemas at start-up. pipeline/validate/validate.ts uses it only when its schema hash matches
// the schema files (a stale dist/ after a schema edit falls back to compiling at run time).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const names = ['role', 'programme', 'config'];
const texts = names.map((n) => readFileSync(join(root, 'schema', `${n}.schema.json`), 'utf8'));
const hash = createHash('sha256').update(texts.join('\0')).digest('hex');
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true, code: { source: true, esm: false } });
addFormats(ajv, ['date']);
names.forEach((n, i) => ajv.addSchema(JSON.parse(texts[i]), `${n}.schema.json`));
const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, `${n}.schema.json`])));
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'validators.cjs'), `${code}\nexports.schemaHash = ${JSON.stringify(hash)};\n`);
