import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * The same agenda in German and French: session 1 of the built-in finance role, planned in each language
 * by the CLI itself (so the README shows what `--lang` prints today). Only languages whose page templates
 * cocoon ships are shown.
 */
function languages(): string {
  const out: string[] = [];
  for (const [lang, name] of [
    ['de', 'German'],
    ['fr', 'French'],
  ] as const) {
    if (!existsSync(join(PACKAGE_ROOT, 'templates', 'i18n', lang))) continue;
    const dir = mkdtempSync(join(tmpdir(), 'cocoon-readme-'));
    try {
      const args = [
        'plan',
        '--role',
        'finance',
        '--lang',
        lang,
        '--start',
        '2027-01-12',
        '--timezone',
        'Europe/Berlin',
        '--sponsor',
        'Dana Lee, CFO',
        '--format',
        'md',
        '--out',
        dir,
      ];
      const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'cocoon.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      if (r.status !== 0) throw new Error(`cocoon ${args.join(' ')}: ${r.stderr}`);
      const lines = readFileSync(join(dir, 'facilitator', 'session-1.md'), 'utf8').split('\n');
      const when = lines.find((l) => l.startsWith('**')) ?? '';
      const table = lines
        .slice(lines.findIndex((l) => l.startsWith('| ')))
        .filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((x) => x.startsWith('|')));
      out.push(`${name} (\`cocoon plan --role finance --lang ${lang}\`):`, '', `> ${when}`, '', ...table.slice(0, 7), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  out.push(
    "The role's own text (here the finance workflows and exercises) stays as written; every other word, date and time follows `--lang`. [Languages](docs/languages.md) says how to add one.",
  );
  return out.join('\n');
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

type LockEntry = { dev?: boolean; devOptional?: boolean; optional?: boolean; os?: string[]; cpu?: string[] };

/** The unpacked size of the package `npm pack` would make now, in bytes (needs a built dist/). */
function packedSize(): number {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { unpackedSize: number }[])[0]!.unpackedSize;
}

/** What an install costs, from package-lock.json and the packed size, never typed (tests/install measures it). */
export function installFigures(): { userPackages: number; userMegabytes: number; devPackages: number; platformBuilds: number } {
  const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const entries = Object.entries(lock.packages).filter(([path]) => path !== '');
  return {
    // cocoon-cli itself, and every package it needs at run time (none while the bundle holds them all).
    userPackages: 1 + entries.filter(([, e]) => !e.dev && !e.devOptional).length,
    // Rounded up to half a megabyte, so the figure moves only when the package really grows.
    userMegabytes: Math.ceil((packedSize() / 1e6) * 2) / 2,
    devPackages: entries.length,
    platformBuilds: entries.filter(([, e]) => e.os ?? e.cpu).length,
  };
}

function install(): string {
  const f = installFigures();
  return [
    `A user's install of the package adds **${f.userPackages} package${f.userPackages === 1 ? '' : 's'}**, under **${f.userMegabytes} MB**`,
    'unpacked: every library cocoon runs is inside its bundle, so it declares no runtime dependencies.',
    `A development install (\`npm ci\` in a clone) installs from a lock of ${f.devPackages} packages, ${f.platformBuilds} of which are`,
    "native builds for one platform each (npm installs only your platform's).",
  ].join('\n');
}

const GENERATED: Readonly<Record<string, () => string>> = { SAMPLE: sample, LANGUAGES: languages, RULES: rulesTable, ROLES: rolesTable, INSTALL: install };

/**
 * A documentation file with every generated block it has (`<!-- NAME -->` … `<!-- /NAME -->`, NAME one of
 * SAMPLE, LANGUAGES, RULES, ROLES, INSTALL) made again from the code, the built-in roles, the example and the lock.
 */
export function fillGenerated(text: string): string {
  const put = (t: string, marker: string, body: () => string): string => {
    if (!t.includes(`<!-- ${marker} -->`)) return t;
    const re = new RegExp(`<!-- ${marker} -->[\\s\\S]*?(<!-- /${marker} -->|$(?![\\s\\S]))`);
    const block = `<!-- ${marker} -->\n${body()}\n<!-- /${marker} -->`;
    return t.includes(`<!-- /${marker} -->`) ? t.replace(re, () => block) : t.replace(`<!-- ${marker} -->`, () => block);
  };
  return Object.entries(GENERATED).reduce((t, [marker, body]) => put(t, marker, body), text);
}

/** The files that may hold generated blocks: README.md and docs/*.md. */
export function generatedFiles(): string[] {
  const docs = join(PACKAGE_ROOT, 'docs');
  return [
    join(PACKAGE_ROOT, 'README.md'),
    ...(existsSync(docs)
      ? readdirSync(docs)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => join(docs, f))
      : []),
  ];
}
