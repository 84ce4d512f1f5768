import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { libraries } from './libraries.js';
import { once } from './once.js';
import { SCHEMA_DIR } from './paths.js';
import { prebuilt } from './prebuilt.js';

export type SchemaName = 'role' | 'programme' | 'config';
const NAMES = ['role', 'programme', 'config'] as const;

const require = createRequire(import.meta.url);

/** The JSON Schemas are the single source of truth for the file formats. */
export function schemaJson(name: SchemaName): Record<string, unknown> {
  return require(join(SCHEMA_DIR, `${name}.schema.json`)) as Record<string, unknown>;
}

function schemaHash(): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const texts = NAMES.map((n) => readFileSync(join(SCHEMA_DIR, `${n}.schema.json`), 'utf8'));
  return createHash('sha256').update(texts.join('\0')).digest('hex');
}

/** The schemas' validators, compiled once, on first use. */
export const schemaValidators = once((): Record<SchemaName, ValidateFunction> => {
  // Generated at build time by scripts/build-validators.mjs; used only if built from these exact schemas.
  try {
    const built = prebuilt('validators') as Record<SchemaName, ValidateFunction> & { schemaHash: string };
    if (built.schemaHash === schemaHash()) return { role: built.role, programme: built.programme, config: built.config };
  } catch {
    /* not built yet (running from source): compile below */
  }
  const Ajv = libraries.ajv();
  const addFormats = libraries.ajvFormats();
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, allowUnionTypes: true });
  addFormats(ajv, ['date']);
  for (const name of NAMES) ajv.addSchema(schemaJson(name), `${name}.schema.json`);
  return { role: ajv.getSchema('role.schema.json')!, programme: ajv.getSchema('programme.schema.json')!, config: ajv.getSchema('config.schema.json')! };
});
