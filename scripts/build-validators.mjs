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
// minLength and maxLength count code points with ajv's ucs2length, a loop over every UTF-16 unit of
// every string (each text field has a maxLength). It counts length − the number of high surrogates
// directly followed by a low one, which is what this counts with two native regex scans: a text without
// a high surrogate (almost every text) costs one. tests/core/schema-length.test.ts checks it against
// ajv's on random text and the validators against ones ajv compiles at run time.
const UCS2LENGTH = 'require("ajv/dist/runtime/ucs2length").default';
const fastLength =
  '((high, pair) => function ucs2length(s) { if (!high.test(s)) return s.length; const m = s.match(pair); return s.length - (m ? m.length : 0); })(/[\\uD800-\\uDBFF]/, /[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]/g)';
const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, `${n}.schema.json`])))
  .split(UCS2LENGTH)
  .join(fastLength);
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'validators.cjs'), `${code}\nexports.schemaHash = ${JSON.stringify(hash)};\nexports.ucs2length = ${fastLength};\n`);
