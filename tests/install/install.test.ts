import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillGenerated, installFigures } from '../../src/devtools/readme-tables.js';
import { ROOT, tempDir } from '../helpers.js';

/**
 * The install story, end to end, as a newcomer outside the clone: `npm pack`, a global install in a
 * temp prefix, `cocoon plan` from an empty directory, `cocoon init` + `npm install` + the commands of
 * the workflow init wrote. cocoon-cli is not on the npm registry yet, so a small local registry serves
 * the packed tarball under its name and passes every other package through to the real registry.
 * Needs the npm registry (as `npm ci` does); set COCOON_SKIP_INSTALL_TESTS=1 to skip offline.
 */
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const skip = process.env.COCOON_SKIP_INSTALL_TESTS === '1';
const upstream = (spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim() || 'https://registry.npmjs.org/').replace(/\/?$/, '/');

let work: string;
let tarball: string;
let manifestFile: string;
let registryProcess: ChildProcess;
let registry: string;

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      npm_config_registry: registry,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
      ...env,
    },
  });
}

const ok = (r: SpawnSyncReturns<string>, what: string): string => {
  expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
};

beforeAll(async () => {
  if (skip) return;
  work = tempDir('cocoon-install-');
  // `npm pack` as a maintainer runs it, lifecycle scripts and all: prepack writes the user's manifest
  // (scripts/pack-manifest.mjs), postpack puts the developer's back. It packs what `npm run build` made.
  const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(work, (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string }[])[0]!.filename);
  manifestFile = join(work, 'packed-package.json');
  writeFileSync(manifestFile, spawnSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }).stdout);
  registryProcess = spawn(process.execPath, [join(import.meta.dirname, 'registry.mjs'), tarball, manifestFile, upstream], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    registryProcess.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    registryProcess.once('exit', (code) => reject(new Error(`registry exited ${code}`)));
  });
  registry = `http://127.0.0.1:${port}/`;
}, 120_000);

afterAll(() => {
  registryProcess?.kill();
});

/** The `run:` steps of the workflow `cocoon init` wrote, in order, with their `if:` conditions. */
function workflowSteps(project: string): { run: string; if?: string }[] {
  const wf = YAML.parse(readFileSync(join(project, '.github/workflows/cocoon.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { run?: string; if?: string }[] }>;
  };
  return Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [{ run: s.run, ...(s.if ? { if: s.if } : {}) }] : [])));
}
const workflowCommands = (project: string): string[] => workflowSteps(project).map((s) => s.run);

/** Files under `dir` whose path ends `responses/<name>.csv`, outside node_modules: the workflow's hashFiles(). */
function hasResponses(dir: string): boolean {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((p) => !p.split('/').includes('node_modules') && /(^|\/)responses\/[^/]+\.csv$/.test(p));
}

/**
 * Run the workflow's steps in `dir` as the runner would: in order, a step with `if:` only when it holds
 * (the only condition init writes is "some responses exist"). Returns the commands that ran.
 */
function runWorkflow(dir: string, env: Record<string, string> = {}): string[] {
  const ran: string[] = [];
  for (const step of workflowSteps(dir)) {
    if (step.if !== undefined) {
      expect(step.if).toBe("hashFiles('**/responses/*.csv', '!node_modules/**') != ''");
      if (!hasResponses(dir)) continue;
    }
    ok(sh('sh', ['-c', step.run], dir, env), `${step.run} (${JSON.stringify(env)})`);
    ran.push(step.run);
  }
  return ran;
}

const git = (cwd: string, ...args: string[]): string =>
  ok(sh('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], cwd), `git ${args.join(' ')}`);

describe.skipIf(skip)('install story (npm pack → global install → init → npm install → the workflow)', () => {
  it("the packed manifest is the user's: no scripts (no `prepare`), no dependencies; the developer's package.json is back", () => {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest).toMatchObject({ name: 'cocoon-cli', version: VERSION, bin: { cocoon: 'bin/cocoon.js' } });
    const dev = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(dev.scripts.prepare).toBe('npm run build');
    expect(existsSync(join(ROOT, '.package.json.dev'))).toBe(false);
  });

  it('no file in the tarball fits only one Node build (no V8 code cache, no native addon), and it holds only what runs', () => {
    const listing = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(listing.filter((f) => /\.(v8cache|node|blob)$|\.cache\b/.test(f))).toEqual([]);
    expect(listing).toContain('package/dist/bundle/cocoon.cjs');
    expect(listing).toContain('package/dist/help.txt');
    expect(listing).toContain('package/roles/finance.yaml');
    // tsc's per-module output and the generated validators/templates are inside the bundle: not shipped twice.
    expect(listing.filter((f) => f.startsWith('package/dist/') && !/^package\/dist\/(bundle\/|parsed\/|help\.txt$)/.test(f))).toEqual([]);
    for (const dir of ['src/', 'tests/', 'scripts/', 'bench/', 'examples/']) expect(listing.filter((f) => f.startsWith(`package/${dir}`))).toEqual([]);
  });

  it(
    "a user's install of the tarball: the package count and size the docs give, measured; installed globally, `cocoon plan --role finance` works from an empty directory",
    { timeout: 300_000 },
    () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
      for (const benchOnly of ['@11ty/eleventy', 'ajv-cli']) expect(pkg.devDependencies).not.toHaveProperty(benchOnly);

      // A project's install, as `npm install cocoon-cli` does it: count what npm added and measure it on disk.
      const user = join(work, 'user');
      mkdirSync(user);
      ok(sh('npm', ['init', '-y'], user), 'npm init -y');
      ok(sh('npm', ['install', '--save-dev', 'cocoon-cli'], user), 'npm install cocoon-cli');
      const lock = JSON.parse(readFileSync(join(user, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
      const installed = Object.keys(lock.packages).filter((p) => p !== '');
      const bytes = readdirSync(join(user, 'node_modules'), { recursive: true, encoding: 'utf8' })
        .map((f) => statSync(join(user, 'node_modules', f)))
        .filter((st) => st.isFile())
        .reduce((sum, st) => sum + st.size, 0);
      const figures = installFigures();
      expect(installed).toHaveLength(figures.userPackages);
      expect(installed).toEqual(['node_modules/cocoon-cli']);
      expect(bytes / 1e6).toBeLessThanOrEqual(figures.userMegabytes);
      expect(bytes / 1e6).toBeGreaterThan(figures.userMegabytes - 0.5);
      // …and those are the figures the docs print (generated by scripts/readme-tables.mjs).
      const docs = readFileSync(join(ROOT, 'README.md'), 'utf8');
      expect(docs).toContain(`adds **${figures.userPackages} package`);
      expect(docs).toContain(`under **${figures.userMegabytes} MB**`);
      expect(fillGenerated(docs)).toBe(docs);

      const prefix = join(work, 'prefix');
      ok(sh('npm', ['install', '-g', '--prefix', prefix, tarball], work), 'npm install -g');
      const cocoon = join(prefix, 'bin', 'cocoon');
      const empty = join(work, 'empty');
      mkdirSync(empty);
      expect(ok(sh(cocoon, ['--version'], empty), 'cocoon --version').trim()).toBe(VERSION);
      const out = ok(sh(cocoon, ['plan', '--role', 'finance'], empty), 'cocoon plan');
      expect(out).toContain('Start with programmes/finance/README.md');
      expect(existsSync(join(empty, 'programmes/finance/facilitator/session-1.md'))).toBe(true);
      expect(readdirSync(empty)).toEqual(['programmes']);
    },
  );

  it(
    '`cocoon init` pins cocoon-cli; `git add . && git commit` commits no node_modules; the workflow passes in a fresh clone, under NODE_ENV=production too',
    { timeout: 600_000 },
    () => {
      const cocoon = join(work, 'prefix', 'bin', 'cocoon');
      const project = join(work, 'project');
      mkdirSync(project);
      ok(sh(cocoon, ['init', '--yes'], project), 'cocoon init --yes');
      const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
      expect(pkg.devDependencies).toEqual({ 'cocoon-cli': VERSION });
      const commands = workflowCommands(project);
      expect(commands).toEqual([
        'npm ci --include=dev --no-audit --no-fund',
        'npm exec --no -- cocoon validate --format github',
        'npm exec --no -- cocoon build --check',
        'npm exec --no -- cocoon report --check',
      ]);
      for (const c of commands) expect(c).not.toContain('--yes');
      ok(sh('npm', ['install'], project), 'npm install');
      expect((JSON.parse(readFileSync(join(project, 'node_modules/cocoon-cli/package.json'), 'utf8')) as { version: string }).version).toBe(VERSION);
      // The packs are built once and committed; CI then checks them.
      ok(sh('npm', ['exec', '--no', '--', 'cocoon', 'build'], project), 'cocoon build');
      git(project, 'init', '-q');
      git(project, 'add', '.');
      git(project, 'commit', '-q', '-m', 'cocoon init');
      const tracked = git(project, 'ls-files').split('\n');
      expect(tracked.filter((f) => f.startsWith('node_modules/'))).toEqual([]);
      expect(tracked).toEqual(expect.arrayContaining(['.gitignore', 'package-lock.json', 'programmes/finance-pilot/README.md']));

      for (const env of [{}, { NODE_ENV: 'production' }] as Record<string, string>[]) {
        const clone = join(work, `clone-${Object.keys(env).length}`);
        git(work, 'clone', '-q', project, clone);
        // Before any responses are in, the report step is skipped; everything else runs.
        expect(runWorkflow(clone, env)).toEqual(commands.slice(0, 3));
      }

      // The first responses: the report is made and committed, and from then on the workflow checks it.
      const responses = join(project, 'programmes', 'finance-pilot', 'responses');
      mkdirSync(responses);
      const example = join(ROOT, 'examples', 'consultancy', 'programmes', 'finance-2027q1', 'responses');
      for (const f of readdirSync(example)) copyFileSync(join(example, f), join(responses, f));
      ok(sh('npm', ['exec', '--no', '--', 'cocoon', 'report'], project), 'cocoon report');
      git(project, 'add', '.');
      git(project, 'commit', '-q', '-m', 'first responses');
      const clone = join(work, 'clone-report');
      git(work, 'clone', '-q', project, clone);
      expect(runWorkflow(clone, { NODE_ENV: 'production' })).toEqual(commands);
    },
  );

  it('before cocoon-cli is on the registry: a vendored tarball as the devDependency, which init keeps', { timeout: 300_000 }, () => {
    const project = join(work, 'vendored');
    mkdirSync(join(project, 'vendor'), { recursive: true });
    const name = tarball.split('/').pop()!;
    copyFileSync(tarball, join(project, 'vendor', name));
    ok(sh('npm', ['init', '-y'], project), 'npm init -y');
    ok(sh('npm', ['install', '--save-dev', `./vendor/${name}`], project, { npm_config_registry: upstream }), 'npm install vendored tarball');
    const init = sh('npx', ['cocoon', 'init', '--yes'], project, { npm_config_registry: upstream });
    ok(init, 'npx cocoon init --yes');
    expect((JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['cocoon-cli']).toBe(
      `file:vendor/${name}`,
    );
    ok(sh('npx', ['cocoon', 'build'], project, { npm_config_registry: upstream }), 'npx cocoon build');
    runWorkflow(project, { npm_config_registry: upstream });
  });
});
