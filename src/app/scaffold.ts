import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { NotRegularFileError, readRegularFile } from '../pipeline/load/safe-fs.js';
import { join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { RefusedError, UsageError } from '../model/errors.js';
import { BUILTIN_ROLES_DIR, TEMPLATES_DIR } from '../assets/paths.js';
import { discoverRoles, displayPath } from '../pipeline/load/load.js';
import { writeNewFiles } from '../pipeline/write/new-files.js';
import type { Format, ProjectConfig } from '../model/model.js';
import { didYouMean, fill } from '../model/text.js';
import { DEFAULT_TIMEZONE } from '../model/timezones.js';

const titleCase = (id: string): string =>
  id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(?![a-z])/, 'w-')
    .slice(0, 60) || 'workflow';

export interface NewRoleOptions {
  cwd: string;
  id: string;
  from?: string;
  name?: string;
  audience?: string[];
  workflows?: string[];
}

/** The roles directory of the project in cwd: roles_dir from cocoon.yaml, else ./roles. */
function projectRolesDir(cwd: string): string {
  const config = resolve(cwd, 'cocoon.yaml');
  if (existsSync(config)) {
    try {
      const data = YAML.parse(readFileSync(config, 'utf8')) as ProjectConfig | null;
      if (data?.roles_dir) return resolve(cwd, data.roles_dir);
    } catch {
      /* a broken cocoon.yaml is validate's business; fall back to roles/ */
    }
  }
  return resolve(cwd, 'roles');
}

/** Editors resolve the modeline against the installed package, the same path on every machine. */
function schemaRef(fromDir: string, cwd: string, name: string): string {
  const rel = relative(fromDir, join(cwd, 'node_modules', 'cocoon-cli', 'schema', `${name}.schema.json`));
  return rel.split('\\').join('/');
}

/** cocoon new role: a scaffold with guidance, or a copy of an existing role under a new id. */
export function newRole(o: NewRoleOptions): { path: string } {
  const dir = projectRolesDir(o.cwd);
  const path = join(dir, `${o.id}.yaml`);
  const shown = displayPath(path, o.cwd);
  let content: string;
  if (o.from) {
    const entries = discoverRoles(existsSync(dir) ? dir : undefined);
    const source = entries.find((e) => e.id === o.from);
    if (!source) {
      const guess = didYouMean(
        o.from,
        entries.map((e) => e.id),
      );
      throw new UsageError(
        `--from: unknown role \`${o.from}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
        `Known roles: ${entries.map((e) => e.id).join(', ')}.`,
      );
    }
    content = readFileSync(source.file, 'utf8')
      .replace(/^id: .*$/m, () => `id: ${o.id}`)
      .replace(/^# yaml-language-server: \$schema=.*$/m, () => `# yaml-language-server: $schema=${schemaRef(dir, o.cwd, 'role')}`);
  } else {
    const name = o.name ?? titleCase(o.id);
    const titles = o.workflows?.length ? o.workflows : ['TODO first workflow', 'TODO second workflow', 'TODO third workflow'];
    const ids = titles.map((t, i) => (o.workflows?.length ? slug(t) : `workflow-${i + 1}`));
    const workflowText = readFileSync(join(TEMPLATES_DIR, 'role-scaffold-workflow.yaml'), 'utf8');
    // Values from flags go in as JSON strings (valid YAML double-quoted scalars: a line break stays inside
    // the string) or, inside the prompt's block scalar, as one line without control characters. Every
    // replacement is a function, so `$'` or `$&` in a name is text, not a String.replace pattern.
    const oneLine = (v: string) => v.replace(/[\0-\x1f\x7f-\x9f\u2028\u2029]+/g, ' ').trim();
    const workflows = titles
      .map((t, i) => {
        // Formats vary across a role: at most half of its exercises start from the weak prompt.
        const [format, steps] = SCAFFOLD_FORMATS[i % SCAFFOLD_FORMATS.length]!;
        return fill(workflowText, { wid: ids[i]!, title: JSON.stringify(t), role_lower: oneLine(name.toLowerCase()), format, steps });
      })
      .join('')
      .trimEnd();
    content = fill(readFileSync(join(TEMPLATES_DIR, 'role-scaffold.yaml'), 'utf8'), {
      schema: schemaRef(dir, o.cwd, 'role'),
      id: o.id,
      name: JSON.stringify(name),
      audience: (o.audience?.length ? o.audience : [`TODO ${oneLine(name.toLowerCase())} job titles`]).map((a) => JSON.stringify(a)).join(', '),
      workflows,
      first_workflow: ids[0]!,
    });
  }
  writeNewFiles(o.cwd, [{ path: relative(o.cwd, path), content }]);
  return { path: shown };
}

export interface InitAnswers {
  org: string;
  timezone: string;
  roles: string[];
  programme: { role: string; start?: string; sessions: number; owner: string; sponsor: string };
  ci: boolean;
}

export const INIT_DEFAULTS: InitAnswers = {
  org: 'Your organisation',
  timezone: DEFAULT_TIMEZONE,
  roles: ['finance'],
  programme: { role: 'finance', sessions: 4, owner: 'To be named', sponsor: 'To be named' },
  ci: true,
};

/*
 * The workflow \`cocoon init\` writes. Actions are pinned by commit, because a tag can be moved to other code;
 * the comment names the release (Dependabot and Renovate update both). The SHAs are the tags' commits in
 * github.com/actions/checkout, actions/setup-node and github/codeql-action.
 */
const CI_WORKFLOW = `# cocoon: fail a pull request whose curriculum is broken or unsafe, or whose packs or reports are stale.
name: cocoon
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
concurrency:
  group: cocoon-\${{ github.ref }}
  cancel-in-progress: true
jobs:
  curriculum:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0
        with:
          persist-credentials: false
      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0
        with:
          node-version: 20
          cache: npm
      # cocoon-cli is a devDependency pinned by package-lock.json: a new release changes no pack until
      # someone upgrades it in a pull request of its own. --include=dev installs it under NODE_ENV=production too.
      - name: Install cocoon
        run: npm ci --include=dev --no-audit --no-fund
      # \`npm exec --no\` runs the cocoon installed above, and fails rather than fetch a registry package of that name.
      - name: Lint roles and programmes
        run: npm exec --no -- cocoon validate --format github
      - name: Packs are up to date
        run: npm exec --no -- cocoon build --check
      - name: Reports are up to date
        if: hashFiles('**/responses/*.csv', '!node_modules/**') != ''
        run: npm exec --no -- cocoon report --check
      # Code scanning: uncomment these two steps, and add \`security-events: write\` under permissions, to see
      # every diagnostic in the repository's Security tab.
      # - name: Lint as SARIF
      #   if: always()
      #   run: npm exec --no -- cocoon validate --format sarif > cocoon.sarif || true
      # - uses: github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2
      #   if: always()
      #   with:
      #     sarif_file: cocoon.sarif
`;

/** What a cocoon project keeps out of git: a new .gitignore, comments and all. */
const GITIGNORE: readonly string[] = [
  '# cocoon: the installed packages (package-lock.json is committed: CI installs from it)',
  'node_modules/',
  '# a cocoon run in progress: its lock, journal and temp files (a crashed run leaves them; the next one recovers)',
  '.cocoon-lock',
  '.cocoon-journal.json',
  '*.cocoon-tmp',
  '*.cocoon-tmp-*',
  "# cocoon's caches, when COCOON_CACHE_DIR or XDG_CACHE_HOME points into the project (CI caches often do)",
  '.cache/',
];

/** How git would read a pattern line, near enough to spot one already there: `/node_modules` = `node_modules/`. */
const patternKey = (line: string): string => line.trim().replace(/^\//, '').replace(/\/$/, '');
const isPattern = (line: string): boolean => line.trim() !== '' && !line.trimStart().startsWith('#');

/**
 * The .gitignore after init: a new one is GITIGNORE; an existing one keeps every line it has, byte for
 * byte, and gains only the patterns it lacks, under one comment; undefined when it lacks none.
 */
function gitignore(cwd: string): { content: string; update: boolean; added: string[] } | undefined {
  const file = resolve(cwd, '.gitignore');
  if (!existsSync(file)) return { content: `${GITIGNORE.join('\n')}\n`, update: false, added: GITIGNORE.filter(isPattern) };
  const text = readFileSync(file, 'utf8');
  const have = new Set(text.split(/\r?\n/).filter(isPattern).map(patternKey));
  const added = GITIGNORE.filter((l) => isPattern(l) && !have.has(patternKey(l)));
  if (!added.length) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const end = text === '' || text.endsWith('\n') ? '' : eol;
  const gap = text.trim() ? eol : '';
  return { content: `${text}${end}${gap}# added by cocoon init${eol}${added.join(eol)}${eol}`, update: true, added };
}

/**
 * The project's package.json with cocoon-cli as a devDependency at exactly the running version, so
 * `npm ci` in CI runs the cocoon that built the committed packs. An existing package.json keeps
 * everything it has (an existing cocoon-cli entry too); a missing one is created, minimal.
 */
/** A package.json is at most this large; a FIFO, a device or /dev/zero behind a link is refused, never read (L13). */
const MAX_PACKAGE_JSON = 1024 * 1024;

function readPackageJson(file: string): string {
  try {
    return readRegularFile(file, MAX_PACKAGE_JSON).toString('utf8');
  } catch (e) {
    if (e instanceof NotRegularFileError)
      throw new UsageError(
        e.reason === 'too-large'
          ? `package.json is larger than ${MAX_PACKAGE_JSON / 1024 / 1024} MiB`
          : 'package.json is not a regular file (a FIFO, socket or device)',
        'Replace package.json with a real JSON file (or move it away), then run `cocoon init` again.',
      );
    throw e;
  }
}

function packageJson(cwd: string, version: string): { content: string; update: boolean; note?: string } {
  const file = resolve(cwd, 'package.json');
  if (!existsSync(file)) {
    // No name: a private project is never published, and the file stays the same wherever it is created.
    return { content: `${JSON.stringify({ private: true, devDependencies: { 'cocoon-cli': version } }, null, 2)}\n`, update: false };
  }
  const text = readPackageJson(file);
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`package.json is not valid JSON: ${(e as Error).message}`, 'Fix package.json (or move it away), then run `cocoon init` again.');
  }
  const deps = { ...((pkg.devDependencies as Record<string, string> | undefined) ?? {}) };
  const pinned = deps['cocoon-cli'] ?? (pkg.dependencies as Record<string, string> | undefined)?.['cocoon-cli'];
  if (pinned)
    return {
      content: text,
      update: true,
      note: pinned === version ? undefined : `package.json already asks for cocoon-cli ${pinned}; left as it is (this is ${version}).`,
    };
  deps['cocoon-cli'] = version;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return {
    content: `${JSON.stringify({ ...pkg, devDependencies: Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : 1))) }, null, indent)}\n`,
    update: true,
  };
}

/** The names a person gave, split into the programme's fields; "To be named" stays a clear placeholder. */
function personField(value: string, key: 'team' | 'title', fallback: string): Record<string, string> {
  const i = value.indexOf(',');
  return i < 0 ? { name: value.trim(), [key]: fallback } : { name: value.slice(0, i).trim(), [key]: value.slice(i + 1).trim() };
}

/** Exercise formats the scaffold cycles through, with steps that fit each one. */
const SCAFFOLD_FORMATS: readonly (readonly [string, string])[] = [
  ['improve-weak', 'Run the weak prompt on the material, Run the library prompt on the same material, Mark what each got wrong and fix it'],
  ['verify-output', 'Check every claim of the AI output in the materials against the source, Mark each as correct or wrong, Write the corrected version'],
  ['from-scratch', 'Write your own prompt for the task, Run it and then the library prompt, Keep the best of both as your own prompt'],
];

/** cocoon init: cocoon.yaml, the chosen roles copied into roles/, and optionally a CI workflow. */
export function initProject(cwd: string, a: InitAnswers, version: string): { written: string[]; notes: string[] } {
  const builtin = discoverRoles(undefined);
  for (const id of [...a.roles, a.programme.role])
    if (!builtin.some((e) => e.id === id)) throw new UsageError(`Unknown role \`${id}\``, `Built-in roles: ${builtin.map((e) => e.id).join(', ')}.`);
  const roleName = (id: string): string => (YAML.parse(readFileSync(join(BUILTIN_ROLES_DIR, `${id}.yaml`), 'utf8')) as { name: string }).name;
  const name = roleName(a.programme.role);
  const formats: Format[] = a.programme.start ? ['md', 'html', 'ics'] : ['md', 'html'];
  const config = {
    org: { name: a.org, timezone: a.timezone, tools: [] as string[] },
    defaults: { group_size: 8, formats, schedule: { minutes: 90, every: 7, time: '09:30' } },
    roles_dir: 'roles',
    programmes: [
      {
        id: `${a.programme.role}-pilot`,
        role: a.programme.role,
        title: `AI for ${name} — pilot cohort`,
        owner: personField(a.programme.owner, 'team', name),
        sponsor: personField(a.programme.sponsor, 'title', `Head of ${name}`),
        facilitators: [{ name: 'To be named', team: name }],
        schedule: { ...(a.programme.start ? { start: a.programme.start } : {}), sessions: a.programme.sessions },
        out: `programmes/${a.programme.role}-pilot`,
      },
    ],
  };
  const header = [
    `# yaml-language-server: $schema=${schemaRef(cwd, cwd, 'config')}`,
    '# cocoon project. `cocoon build` writes each programme below into its pack; `cocoon validate` lints.',
    '# org.tools names the approved AI tools in the packs; left empty, they say "your organisation\'s approved AI assistant".',
    '# Replace "To be named" with the real owner, sponsor and facilitators before the programme starts.',
    '',
  ].join('\n');
  const files = [{ path: 'cocoon.yaml', content: header + YAML.stringify(config, { lineWidth: 0 }) }];
  for (const id of [...new Set(a.roles)].sort()) {
    const target = join('roles', `${id}.yaml`);
    if (existsSync(resolve(cwd, target))) continue;
    files.push({
      path: target,
      content: readFileSync(join(BUILTIN_ROLES_DIR, `${id}.yaml`), 'utf8').replace(
        /^# yaml-language-server: \$schema=.*$/m,
        () => `# yaml-language-server: $schema=${schemaRef(resolve(cwd, 'roles'), cwd, 'role')}`,
      ),
    });
  }
  if (a.ci) files.push({ path: '.github/workflows/cocoon.yml', content: CI_WORKFLOW });
  if (existsSync(resolve(cwd, 'cocoon.yaml')))
    throw new RefusedError('Refusing to overwrite cocoon.yaml', ['cocoon.yaml'], 'This directory already has a project; edit cocoon.yaml instead.');
  const pkg = packageJson(cwd, version);
  const notes = pkg.note ? [pkg.note] : [];
  const all: { path: string; content: string; update?: boolean }[] = [...files];
  if (!pkg.update || pkg.content !== readPackageJson(resolve(cwd, 'package.json')))
    all.push({ path: 'package.json', content: pkg.content, update: pkg.update });
  const ignore = gitignore(cwd);
  if (ignore) all.push({ path: '.gitignore', content: ignore.content, update: ignore.update });
  const written = writeNewFiles(cwd, all).map((f) =>
    f === 'package.json' && pkg.update
      ? 'package.json (cocoon-cli added to devDependencies)'
      : f === '.gitignore' && ignore?.update
        ? `.gitignore (added ${ignore.added.join(' ')})`
        : f,
  );
  return { written, notes };
}

/**
 * `cocoon init --templates`: the built-in page templates (flat, as templates_dir overrides them by
 * file name) and the message catalogues (messages/<lang>.yaml) copied into a project's templates
 * directory to start from. Files already there are kept. Returns what was written and what was kept.
 */
export function copyTemplates(cwd: string): { dir: string; written: string[]; kept: string[]; setting: boolean } {
  let dirName = 'templates';
  let setting = false;
  const configFile = resolve(cwd, 'cocoon.yaml');
  if (existsSync(configFile)) {
    const config = YAML.parse(readFileSync(configFile, 'utf8')) as ProjectConfig | null;
    if (config?.templates_dir) dirName = config.templates_dir;
    else setting = true;
  }
  const sources: { path: string; from: string }[] = [];
  for (const sub of ['md', join('md', 'partials')])
    for (const f of readdirSync(join(TEMPLATES_DIR, sub))
      .filter((n) => n.endsWith('.hbs'))
      .sort())
      sources.push({ path: join(dirName, f), from: join(TEMPLATES_DIR, sub, f) });
  for (const f of readdirSync(join(TEMPLATES_DIR, 'messages'))
    .filter((n) => n.endsWith('.yaml'))
    .sort())
    sources.push({ path: join(dirName, 'messages', f), from: join(TEMPLATES_DIR, 'messages', f) });
  const kept = sources.filter((s) => existsSync(resolve(cwd, s.path))).map((s) => s.path);
  const written = writeNewFiles(
    cwd,
    sources.filter((s) => !kept.includes(s.path)).map((s) => ({ path: s.path, content: readFileSync(s.from, 'utf8') })),
  );
  return { dir: dirName, written, kept, setting };
}
