import { schemaJson, type SchemaName } from '../pipeline/validate/validate.js';

/**
 * A self-contained schema for editors: config.schema.json refers to programme.schema.json, so the
 * printed config schema carries the programme schema under definitions and points there instead.
 */
export function bundledSchema(name: SchemaName): Record<string, unknown> {
  const schema = structuredClone(schemaJson(name));
  if (name !== 'config') return schema;
  const programme = structuredClone(schemaJson('programme'));
  const definitions = { ...(programme.definitions as Record<string, unknown>) };
  delete programme.definitions;
  delete programme.$schema;
  delete programme.$id;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('programme.schema.json')) {
        const frag = v.slice('programme.schema.json'.length);
        out[k] = frag === '' || frag === '#' ? '#/definitions/programme' : frag.startsWith('#/definitions/') ? frag : `#/definitions/programme${frag.slice(1)}`;
      } else out[k] = rewrite(v);
    }
    return out;
  };
  const bundled = rewrite(schema) as Record<string, unknown>;
  bundled.definitions = { ...definitions, programme };
  return bundled;
}
