import type { Person, Role } from './model.js';

/**
 * Who runs a programme (issue 19): IT detection for owners, sponsors and facilitators, the cascade
 * variant of a role whose participants will sponsor their own teams' programmes, and the
 * `--facilitators "Name, Team; Name, Team"` list. Pure.
 */

/** Team names that mean IT. Word-bounded, so "Audit" or "Credit" never match. */
const IT_TEAM =
  /\bIT\b|\bICT\b|\bI\.T\.|information (technology|systems)|\btech(nology)? (team|services|department|support)\b|^tech(nology)?$|service ?desk|help ?desk|infrastructure|end[- ]user computing/i;
/** Job titles that mean the person leads IT: a CIO sponsor makes a programme look like an IT roll-out. */
const IT_TITLE =
  /\bCIO\b|\bCTO\b|\bCDO\b|chief (information|technology|digital) officer|\bhead of (IT|technology|infrastructure)\b|\bIT director\b|director of (IT|technology)/i;

export const isItTeam = (team: string | undefined): boolean => Boolean(team && IT_TEAM.test(team));

/** A person in IT: by team, or (a sponsor has a title, not a team) by a title that leads IT. */
export const isInIt = (p: Person | undefined): boolean =>
  Boolean(p && !p.tbd && (isItTeam(p.team) || Boolean(p.title && (IT_TITLE.test(p.title) || isItTeam(p.title)))));

/** The capstone that makes a role a cascade: its participants leave with their own team's programme drafted. */
export const CASCADE_CAPSTONE = 'team-programme';

export const isCascade = (role: Role): boolean => Boolean(role.capstones?.some((c) => c.id === CASCADE_CAPSTONE));

/** The capstone a programme gets when it names none: a cascade role's team programme, else the role's first. */
export const defaultCapstoneId = (role: Role): string | undefined => (isCascade(role) ? CASCADE_CAPSTONE : role.capstones?.[0]?.id);

/** "Name, Team" → { name, team } (or title for the sponsor). */
export function parsePerson(value: string, second: 'team' | 'title'): Person {
  const i = value.indexOf(',');
  const name = (i < 0 ? value : value.slice(0, i)).trim();
  const rest = i < 0 ? '' : value.slice(i + 1).trim();
  return rest ? { name, [second]: rest } : { name };
}

/** "Sam Ortiz, FP&A; Lee Chen, IT Enablement" → two people; empty entries are dropped. */
export const parseFacilitators = (value: string): Person[] =>
  value
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parsePerson(s, 'team'));
