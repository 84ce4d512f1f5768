import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../rules/index.js';
import { FAILURE_MODES } from '../rules/types.js';
import { listRoles } from '../app/roles-list.js';
import { createWorkspace } from '../app/workspace.js';
import { PACKAGE_ROOT } from '../assets/paths.js';

/** The committed example's first facilitator agenda: the date line and the agenda table, verbatim. */
export const SAMPLE_SOURCE = 'examples/consultancy/programmes/finance-2027q1/facilitator/session-1.md';

function sample(): string {
  const lines = readFileSync(join(PACKAGE_ROOT, SAMPLE_SOURCE), 'utf8').split('\n');
  const when = lines.find((l) => l.startsWith('**')) ?? '';
  const from = lines.indexOf('## Agenda');
  const table: string[] = [];
  for (const l of lines.slice(from + 1)) {
    if (l.startsWith('|')) table.push(l);
    else if (table.length) break;
  }
  return [
    `What the trainer gets — the agenda of session 1 from [the example project](${SAMPLE_SOURCE}),`,
    'a four-week finance programme planned for a Tuesday-morning cohort:',
    '',
    `> ${when}`,
    '',
    ...table,
    '',
    'Below the agenda, every block has its instructions: the demo prompt filled in with its own demo',
    "material, the checks to say aloud and a pre-run output for when the tool is slow; the exercise's",
    'complete material to print, its answer key, brief, what to cut when late and an extension for fast',
    "pairs; participants get a handout with the material and steps and none of the facilitator's notes.",
  ].join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function rulesTable(): string {
  const rows = RULES.map(
    (r) =>
      `| \`${r.meta.id}\` | ${r.meta.id === 'safety/group-size' ? 'error > 20, warning > 12' : r.meta.severity} | ${cell(FAILURE_MODES[r.meta.failureMode])} | ${cell(r.meta.description)} |`,
  );
  return ['| rule | severity | failure mode | fires when |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function rolesTable(): string {
  const rows = listRoles(createWorkspace({ cwd: PACKAGE_ROOT, env: {} }))
    .filter((r) => r.source === 'built-in')
    .map((r) => `| \`${r.id}\` | ${cell(r.name)} | ${cell(r.summary)} | ${r.workflows} | ${r.prompts} | ${r.capstones} |`);
  return ['| id | role | who it is for | workflows | prompts | capstones |', '| --- | --- | --- | ---: | ---: | ---: |', ...rows].join('\n');
}

/** README.md with the text between <!-- RULES --> … <!-- /RULES --> (and ROLES, SAMPLE) regenerated. */
export function readmeTables(readme: string): string {
  const put = (text: string, marker: string, body: string): string => {
    const re = new RegExp(`<!-- ${marker} -->[\\s\\S]*?(<!-- /${marker} -->|$(?![\\s\\S]))`);
    const block = `<!-- ${marker} -->\n${body}\n<!-- /${marker} -->`;
    return text.includes(`<!-- /${marker} -->`) ? text.replace(re, () => block) : text.replace(`<!-- ${marker} -->`, () => block);
  };
  return put(put(put(readme, 'SAMPLE', sample()), 'RULES', rulesTable()), 'ROLES', rolesTable());
}
