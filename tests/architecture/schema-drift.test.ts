import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * schema/*.json is the contract for the file formats; src/model/model.ts is kept beside it by hand.
 * This walks each schema from its root and, with the TypeScript checker, follows the matching model
 * type property by property: a field the schema allows must be a field of the type (and the reverse),
 * so the two cannot drift apart silently.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const MODEL = join(ROOT, 'src', 'model', 'model.ts');
const program = ts.createProgram([MODEL], {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
});
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(MODEL)!)!;
const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
const typeNamed = (name: string): ts.Type => checker.getDeclaredTypeOfSymbol(exported.get(name)!);

type Json = Record<string, any>;
const schemas: Record<string, Json> = Object.fromEntries(
  ['role', 'programme', 'config'].map((n) => [`${n}.schema.json`, JSON.parse(readFileSync(join(ROOT, 'schema', `${n}.schema.json`), 'utf8'))]),
);

function deref(node: Json, file: string): { node: Json; file: string } {
  while (node.$ref) {
    const [target, pointer = ''] = (node.$ref as string).split('#');
    if (target) file = target;
    node = pointer
      .split('/')
      .filter(Boolean)
      .reduce((n: Json, k) => n[k], schemas[file]!);
  }
  return { node, file };
}

/** Object-shaped parts of a schema node: its own properties plus those of allOf/anyOf/oneOf/then branches. */
function objectParts(node: Json, file: string): { node: Json; file: string }[] {
  const d = deref(node, file);
  const out = d.node.properties || d.node.additionalProperties?.type || d.node.additionalProperties?.$ref ? [d] : [];
  for (const k of ['allOf', 'anyOf', 'oneOf']) for (const b of (d.node[k] ?? []) as Json[]) out.push(...objectParts(b, d.file));
  for (const k of ['then', 'else']) if (d.node[k]) out.push(...objectParts(d.node[k], d.file));
  return out;
}

/** The object types a TS type can be (undefined and primitives dropped, arrays unwrapped when asked). */
function objectTypes(type: ts.Type, unwrapArray: boolean): ts.Type[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.flatMap((t) => {
    if (unwrapArray && checker.isArrayType(t)) return objectTypes(checker.getTypeArguments(t as ts.TypeReference)[0]!, false);
    return t.flags & ts.TypeFlags.Object && !checker.isArrayType(t) ? [t] : [];
  });
}

const drift: string[] = [];
/** For the reverse check: per model type, every field any schema place that uses the type allows. */
const allowedByType = new Map<string, { typeProps: Set<string>; schemaProps: Set<string> }>();
/** Fields the model carries that no file may hold, each with its reason. */
const MODEL_ONLY = new Set([
  'Person.tbd', // set by `cocoon plan` when no --owner/--sponsor is given; never read from a file
]);
function walk(node: Json, file: string, types: ts.Type[], path: string, seen: Set<string>): void {
  const d = deref(node, file);
  if (d.node.type === 'array' || d.node.items) {
    walk(
      d.node.items ?? {},
      d.file,
      types.flatMap((t) => objectTypes(t, true)),
      `${path}[]`,
      seen,
    );
    return;
  }
  const parts = objectParts(d.node, d.file);
  if (!parts.length || !types.length) return;
  const key = `${path}`;
  if (seen.has(key)) return;
  seen.add(key);
  const schemaProps = new Map<string, { node: Json; file: string }>();
  for (const p of parts)
    for (const [k, v] of Object.entries((p.node.properties ?? {}) as Json)) if (!schemaProps.has(k)) schemaProps.set(k, { node: v, file: p.file });
  const typeProps = new Set(types.flatMap((t) => checker.getPropertiesOfType(t).map((s) => s.name)));
  for (const [k, v] of schemaProps) {
    if (!typeProps.has(k)) {
      drift.push(`${path}.${k}: in the schema, not in the model type`);
      continue;
    }
    const propTypes = types.flatMap((t) => {
      const s = checker.getPropertyOfType(t, k);
      return s ? objectTypes(checker.getNonNullableType(checker.getTypeOfSymbol(s)), true) : [];
    });
    walk(v.node, v.file, propTypes, `${path}.${k}`, seen);
  }
  // A Record<string, X> in the model is the schema's additionalProperties.
  const extra = parts.find((p) => typeof p.node.additionalProperties === 'object');
  if (extra) {
    const valueTypes = types.flatMap((t) => {
      const index = checker.getIndexTypeOfType(t, ts.IndexKind.String);
      return index ? objectTypes(index, true) : [];
    });
    walk(extra.node.additionalProperties, extra.file, valueTypes, `${path}.*`, seen);
  }
  if (schemaProps.size) {
    const name = types
      .map((t) => checker.typeToString(t))
      .sort()
      .join(' | ');
    const entry = allowedByType.get(name) ?? { typeProps, schemaProps: new Set<string>() };
    for (const k of schemaProps.keys()) entry.schemaProps.add(k);
    allowedByType.set(name, entry);
  }
}

function reverseDrift(): string[] {
  const out: string[] = [];
  for (const [name, { typeProps, schemaProps }] of allowedByType)
    for (const k of typeProps) if (!schemaProps.has(k) && !MODEL_ONLY.has(`${name}.${k}`)) out.push(`${name}.${k}: in the model type, not in the schema`);
  return out;
}

describe('schema/*.json and src/model/model.ts', () => {
  it.each([
    ['role.schema.json', 'Role', /^(?=.*Workflow)(?=.*Prompt)(?=.*Exercise)(?=.*Demo)(?=.*Capstone)/s],
    ['programme.schema.json', 'Programme', /^(?=.*AuthoredSession)(?=.*AuthoredBlock)(?=.*Person)(?=.*Schedule)/s],
    ['config.schema.json', 'ProjectConfig', /^(?=.*Org)(?=.*Programme)/s],
  ])('%s matches %s field by field', (file, type, minTypes) => {
    drift.length = 0;
    allowedByType.clear();
    walk(schemas[file]!, file, [typeNamed(type)], type, new Set());
    expect(drift).toEqual([]);
    expect(reverseDrift()).toEqual([]);
    // Not vacuous: the walk reaches the nested types (workflows, prompts, exercises, sessions, blocks, …).
    expect([...allowedByType.keys()].join(', ')).toMatch(minTypes);
  });

  it('the check notices a field the type does not have', () => {
    drift.length = 0;
    const schema = structuredClone(schemas['role.schema.json']!);
    schema.properties.invented_field = { type: 'string' };
    schemas['probe.schema.json'] = schema;
    walk(schema, 'probe.schema.json', [typeNamed('Role')], 'Role', new Set());
    expect(drift).toEqual(['Role.invented_field: in the schema, not in the model type']);
    allowedByType.clear();
    delete schema.properties.invented_field;
    delete schema.properties.summary;
    walk(schema, 'probe.schema.json', [typeNamed('Role')], 'Role', new Set());
    expect(reverseDrift()).toEqual(['Role.summary: in the model type, not in the schema']);
  });
});

describe('block kinds are declared once (src/model/model.ts BLOCK_KIND_INFO)', () => {
  const kindNode = () => deref(schemas['programme.schema.json']!.definitions.block, 'programme.schema.json').node.properties.kind as Json;

  it("the schema's `kind` enum is BLOCK_KINDS, in the same order, and its description names the hands-on kinds", async () => {
    const { BLOCK_KINDS, HANDS_ON } = await import('../../src/model/model.js');
    expect(kindNode().enum).toEqual([...BLOCK_KINDS]);
    expect(BLOCK_KINDS.length).toBeGreaterThanOrEqual(13);
    const listed = /Hands-on kinds: ([^.]+)\./.exec(kindNode().description as string)![1]!.split(', ');
    expect(listed).toEqual([...HANDS_ON]);
  });

  it('the blueprint uses only declared kinds, and its shrink and grow orders name each at most once', async () => {
    const { BLOCK_KINDS } = await import('../../src/model/model.js');
    const { parse } = await import('yaml');
    const blueprint = parse(readFileSync(join(ROOT, 'templates', 'blueprint.yaml'), 'utf8')) as {
      arcs: Record<string, { blocks: { kind: string }[] }>;
      shrink: string[];
      grow: string[];
    };
    const used = Object.values(blueprint.arcs).flatMap((a) => a.blocks.map((b) => b.kind));
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((k) => !(BLOCK_KINDS as readonly string[]).includes(k))).toEqual([]);
    for (const order of [blueprint.shrink, blueprint.grow]) {
      expect(order.filter((k) => !(BLOCK_KINDS as readonly string[]).includes(k))).toEqual([]);
      expect(new Set(order).size).toBe(order.length);
    }
  });
});
