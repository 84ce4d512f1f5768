import type { Loc, PathSegment } from '../../model/loc.js';
import { sub } from '../../model/loc.js';
import { defineRule, type Report } from '../types.js';

/**
 * The placeholders `cocoon new role` and `cocoon init` write for a person to replace. Only authored YAML
 * is checked: `cocoon plan` says "to be named" for a sponsor nobody gave, which is its own honest wording.
 */
const TODO = /\bTODO\b/;
const UNNAMED = /^\s*(to be named|tbd|tbc)\s*$/i;
const ORG = /^\s*(your organisation|your organization|your company)\s*$/i;

/**
 * Every placeholder in one authored file's data (a role, a programme file or cocoon.yaml), as reports,
 * in document order. The walk keeps one path and makes a place only for a string that is reported.
 */
export function placeholderReports(data: unknown, at: Loc): Report[] {
  const out: Report[] = [];
  const path: PathSegment[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const report = placeholderIn(value, path);
      if (report) out.push(report(sub(at, ...path)));
    } else if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    else if (value && typeof value === 'object')
      for (const k of Object.keys(value)) {
        path.push(k);
        visit((value as Record<string, unknown>)[k]);
        path.pop();
      }
  };
  visit(data);
  return out;
}

/** The report a string at `path` makes, given its place, or undefined when it holds no placeholder. */
function placeholderIn(text: string, path: readonly PathSegment[]): ((where: Loc) => Report) | undefined {
  if (TODO.test(text)) return (where) => ({ messageId: 'todo', data: { text: short(text) }, at: { ...where, find: 'TODO' } });
  if (UNNAMED.test(text)) return (where) => ({ messageId: 'unnamed', data: { text: text.trim(), field: fieldName([...path]) }, at: where });
  const isOrgName = path.length === 2 && path[0] === 'org' && path[1] === 'name';
  if (isOrgName && ORG.test(text)) return (where) => ({ messageId: 'org', data: { text: text.trim() }, at: where });
  return undefined;
}

const short = (t: string): string => {
  const line =
    t
      .trim()
      .split('\n')
      .find((l) => TODO.test(l)) ?? t.trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
};

/** "owner", "sponsor", "facilitators" — the person the placeholder stands for. */
function fieldName(path: PathSegment[]): string {
  const named = path.filter((p): p is string => typeof p === 'string' && !['name', 'team', 'title', 'programmes'].includes(p));
  return named[named.length - 1] ?? String(path[path.length - 1]);
}

export default defineRule({
  meta: {
    id: 'content/placeholder',
    severity: 'warning',
    failureMode: 'input',
    description: 'A scaffold placeholder is still in an authored file: TODO, "To be named", "Your organisation".',
    hint: 'Replace it with the real content before the pack reaches people: the real name, the real work. `--strict` fails until every placeholder is gone.',
    explanation:
      '`cocoon new role` and `cocoon init` write placeholders so a file is valid from the first minute. Left in, they ship to participants as "TODO first workflow" and a sponsor called "To be named" — which tells the room nobody prepared. The rule is a warning so a draft builds; CI with `--strict` keeps drafts out of a release. A pack made by `cocoon plan` without --sponsor says "to be named" on purpose and is not checked.',
    example: 'owner: { name: Priya Shah, team: Finance Operations }\nsponsor: { name: Dana Lee, title: CFO }',
    messages: {
      todo: 'Placeholder left in: "{text}"',
      unnamed: '"{text}" is a placeholder for the {field}: name the person',
      org: '"{text}" is a placeholder for the organisation\'s name',
    },
  },
  checkRole(target, ctx) {
    for (const r of placeholderReports(target.role, target.at)) ctx.report(r);
  },
});
