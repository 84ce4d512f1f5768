import type { ErrorObject } from 'ajv';
import { schemaValidators, type SchemaName } from '../../assets/validators.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { documentOf, locate } from '../load/source.js';
import { type Loc, type PathSegment, type SourceFile } from '../../model/loc.js';
import { didYouMean } from '../../model/text.js';

export { schemaJson, type SchemaName } from '../../assets/validators.js';

const toPath = (instancePath: string): PathSegment[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const describe = (v: unknown): string =>
  Array.isArray(v)
    ? 'a list'
    : v === null
      ? 'null'
      : typeof v === 'object'
        ? 'a mapping'
        : typeof v === 'string'
          ? `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`
          : // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a number, boolean or undefined: objects and text are described above
            `${typeof v} ${String(v)}`;

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = data;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[seg as string] : undefined;
  return v;
}

/** `audience[2]`, `schedule`, or "the file": how a message names the place. */
function nameOf(path: readonly PathSegment[]): string {
  if (!path.length) return 'the file';
  const last = path[path.length - 1]!;
  if (typeof last === 'string') return `\`${last}\``;
  const parent = path.slice(0, -1).findLast((s) => typeof s === 'string');
  return parent === undefined ? `Entry ${last + 1}` : `\`${parent}\` entry ${last + 1}`;
}

/** Whether the mapping at path was written inline, `{ a: 1, b: 2 }`, where a comma ends a value. */
function isFlowMap(source: SourceFile | undefined, path: readonly PathSegment[]): boolean {
  const node = (source && documentOf(source))?.doc.getIn(path, true) as { flow?: boolean } | undefined;
  return Boolean(node && typeof node === 'object' && node.flow);
}

/** What to write instead of a value of the wrong type: the shape the person meant, made from what they wrote. */
function typeHint(expected: string, value: unknown, path: readonly PathSegment[], schema: SchemaName): string {
  const key = [...path].reverse().find((s): s is string => typeof s === 'string') ?? '';
  const person = ['owner', 'sponsor', 'facilitators'].includes(key) || (typeof path[path.length - 1] === 'number' && key === 'facilitators');
  if (expected === 'object' && typeof value === 'string' && person) {
    // `owner: Priya Shah, Finance` is the flag's form (--owner "Name, Team"); the file wants a mapping.
    const second = key === 'sponsor' ? 'title' : 'team';
    const [name, ...rest] = value.split(',');
    const mapping = `{ name: ${name!.trim()}${rest.length ? `, ${second}: ${rest.join(',').trim()}` : `, ${second}: …`} }`;
    return key === 'facilitators' ? `Write each facilitator as a mapping: \`- ${mapping}\`.` : `Write \`${key}: ${mapping}\`.`;
  }
  if (expected === 'string' && value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && typeof entries[0]![1] === 'string') {
      // `- Draft: a report` — a colon and a space turned the text into a mapping.
      const text = `${entries[0]![0]}: ${entries[0]![1]}`;
      return `A colon followed by a space made this a key and a value: put the whole text in quotes, "${text}".`;
    }
    return 'Write it as text on one line, in quotes if it holds a colon.';
  }
  if (expected === 'string') return 'Put the value in quotes so YAML keeps it as text (unquoted, 012 is the number 12).';
  if (expected === 'array' && typeof value === 'string') {
    if (/(^|\s)-\S/.test(value)) return 'A dash needs a space after it to start a list item: write `- analyst`, one item per line.';
    return `Write a list: \`${key}: [${value}]\`, or one \`- item\` per line below \`${key}:\`.`;
  }
  return `Write ${TYPE_WORDS[expected] ?? expected} here; \`cocoon schema ${schema}\` prints the full shape of the file.`;
}

function message(
  err: ErrorObject,
  data: unknown,
  path: readonly PathSegment[],
  source?: SourceFile,
  prefix: readonly PathSegment[] = [],
  schema: SchemaName = 'role',
): { text: string; hint: string; loc: PathSegment[]; key?: boolean } | undefined {
  const p = err.params as Record<string, unknown>;
  const where = nameOf(path);
  const value = valueAt(data, path);
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const props = Object.keys((err.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
      const guess = didYouMean(key, props);
      const map = value as Record<string, unknown> | undefined;
      // `{ do: Draft scope, levels and criteria, ai: augment }` reads "levels and criteria" as a key.
      const commaSplit = !guess && map?.[key] === null && isFlowMap(source, [...prefix, ...path]);
      return {
        text: `Unknown key \`${key}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
        hint: commaSplit
          ? 'Inside `{ … }` a comma ends a value: put the whole text in quotes, e.g. `"Draft the scope, levels and criteria"`.'
          : props.length
            ? `Known keys here: ${props.join(', ')}.`
            : 'Remove the key.',
        loc: [...path, key],
        key: true,
      };
    }
    case 'required':
      return {
        text: `Missing required key \`${String(p.missingProperty)}\``,
        hint: `Add \`${String(p.missingProperty)}:\` to ${path.length ? where : 'the top level'}.`,
        loc: [...path],
      };
    case 'type':
      return {
        text: `${where} must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}, not ${describe(value)}`,
        hint: typeHint(String(p.type), value, path, schema),
        loc: [...path],
      };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return {
        text: `${where} is ${describe(value)}; expected one of ${allowed.join(', ')}${guess ? ` (did you mean \`${guess}\`?)` : ''}`,
        hint: `Use one of: ${allowed.join(', ')}.`,
        loc: [...path],
      };
    }
    case 'pattern':
      if (String(p.pattern).startsWith('^[a-z][a-z0-9-]'))
        return {
          text: `${where} ${describe(value)} is not a valid id`,
          hint: 'Ids use lowercase letters, digits and hyphens, start with a letter, and have at most 63 characters.',
          loc: [...path],
        };
      if (String(p.pattern) === '^[1-9][0-9]{3}-')
        return {
          text: `${where} ${describe(value)} is outside the years 1000–9999`,
          hint: 'A calendar cannot say an earlier year: write the real date, e.g. 2027-03-16.',
          loc: [...path],
        };
      if (String(p.pattern).startsWith('^([01]'))
        return { text: `${where} ${describe(value)} is not a time`, hint: 'Write a 24-hour time in quotes, e.g. "09:30".', loc: [...path] };
      return { text: `${where} ${describe(value)} has the wrong form`, hint: `It must match ${String(p.pattern)}.`, loc: [...path] };
    case 'propertyNames':
      return undefined;
    case 'format':
      return { text: `${where} ${describe(value)} is not a real date`, hint: 'Write the date as YYYY-MM-DD, e.g. 2027-01-12.', loc: [...path] };
    case 'minimum':
    case 'maximum': {
      const range = err.parentSchema as { minimum?: number; maximum?: number } | undefined;
      const hint =
        range?.minimum !== undefined && range?.maximum !== undefined
          ? `Use a number from ${range.minimum} to ${range.maximum}.`
          : `Use ${String(p.limit)} or ${err.keyword === 'minimum' ? 'more' : 'less'}.`;
      return {
        text: `${where} is ${String(value)}; it must be ${err.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}`,
        hint,
        loc: [...path],
      };
    }
    case 'minItems':
      return {
        text: `${where} needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`,
        hint: `Add ${p.limit === 1 ? 'an entry' : 'entries'} under ${where}, or remove the key to use the default.`,
        loc: [...path],
      };
    case 'maxItems':
      return {
        text: `${where} has ${Array.isArray(value) ? value.length : 'too many'} items; at most ${String(p.limit)} are allowed`,
        hint: 'A programme is a few sessions of a few dozen blocks: split it into cohorts or shorten the list.',
        loc: [...path],
      };
    case 'minLength':
      return { text: `${where} is empty`, hint: 'Write a value or remove the key.', loc: [...path] };
    case 'maxLength':
      return {
        text: `${where} is longer than ${String(p.limit)} characters`,
        hint: `Shorten it to ${String(p.limit)} characters or fewer; long material belongs in \`materials:\` or a block of its own.`,
        loc: [...path],
      };
    case 'uniqueItems':
      return { text: `${where} lists the same value twice`, hint: `Remove the second copy from ${where}.`, loc: [...path] };
    case 'anyOf':
      return {
        text: `${where} must be an id or a list of ids, not ${describe(value)}`,
        hint: 'Write `practice: workflow-id` or `practice: [id-one, id-two]`.',
        loc: [...path],
      };
    case 'if':
    case 'const':
      return undefined;
    default:
      return { text: `${where} ${err.message ?? 'is invalid'}`, hint: `\`cocoon schema ${schema}\` prints the expected shape of the file.`, loc: [...path] };
  }
}

/**
 * Validate data against a schema. `prefix` places the data inside its file (a programme inside cocoon.yaml).
 * One diagnostic per place: ajv with allErrors reports every branch, which would bury the real problem.
 */
/** At most this many schema diagnostics per file, then one that says there are more. */
const MAX_SCHEMA_DIAGNOSTICS = 200;

export function validateSchema(name: SchemaName, data: unknown, source: SourceFile, prefix: readonly PathSegment[] = []): Diagnostic[] {
  const validate = schemaValidators()[name];
  if (validate(data)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const errors = [...(validate.errors ?? [])];
  // Narrow, specific problems first so a wrong enum is not reported as a failed anyOf.
  const rank = (e: ErrorObject): number => (e.keyword === 'anyOf' ? 2 : e.keyword === 'type' ? 1 : 0);
  errors.sort((a, b) => b.instancePath.length - a.instancePath.length || rank(a) - rank(b));
  for (const err of errors) {
    const path = toPath(err.instancePath);
    const m = message(err, data, path, source, prefix, name);
    if (!m) continue;
    const k = m.key ? `${m.loc.join('/')}#key` : path.join('/');
    if (seen.has(k)) continue;
    // A parent's anyOf/type error adds nothing once a child error has been reported.
    if ((err.keyword === 'anyOf' || err.keyword === 'type') && [...seen].some((s) => s.startsWith(`${path.join('/')}/`))) continue;
    seen.add(k);
    const loc: Loc = { source, path: [...prefix, ...m.loc], key: m.key };
    const pos = locate(loc);
    if (out.length === MAX_SCHEMA_DIAGNOSTICS) {
      // A generated or corrupted file can break the schema tens of thousands of times: list the first
      // ones and say how many more, so output and memory stay bounded (issue 13).
      out.push({
        file: source.path,
        line: pos.line,
        column: pos.column,
        severity: 'error',
        rule: 'schema',
        message: `…and more schema problems from here on; only the first ${MAX_SCHEMA_DIAGNOSTICS} are listed`,
        hint: 'Fix these and validate again; this file looks generated or corrupted.',
      });
      break;
    }
    out.push({ file: source.path, line: pos.line, column: pos.column, severity: 'error', rule: 'schema', message: m.text, hint: m.hint });
  }
  return out;
}
