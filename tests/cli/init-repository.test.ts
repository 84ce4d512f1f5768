import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

/**
 * Issue 29: the repository `cocoon init` starts is right from its first commit. It keeps node_modules and
 * a run's lock and temp files out of git (merging into a .gitignore the user has), and its workflow runs
 * the project's own cocoon with least privilege. The workflow's steps themselves run in tests/install.
 */

const git = (cwd: string, ...args: string[]): string => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  expect(r.status, `git ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

describe('cocoon init: .gitignore', () => {
  it('`init`, then `git add . && git commit`, commits no node_modules and none of the files a run leaves', async () => {
    const cwd = tempDir();
    const init = await cli(['init', '--yes'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toBe('Created cocoon.yaml, roles/finance.yaml, .github/workflows/cocoon.yml, package.json, .gitignore\n');
    // What `npm install` and an interrupted `cocoon build` leave behind.
    mkdirSync(join(cwd, 'node_modules', 'cocoon-cli', 'dist'), { recursive: true });
    writeFileSync(join(cwd, 'node_modules', 'cocoon-cli', 'dist', 'x.js'), '');
    writeFileSync(join(cwd, 'node_modules', '.package-lock.json'), '{}');
    writeFileSync(join(cwd, 'package-lock.json'), '{}\n');
    mkdirSync(join(cwd, 'programmes', 'finance-pilot', 'participant'), { recursive: true });
    writeFileSync(join(cwd, 'programmes', 'finance-pilot', '.cocoon-lock'), '123\n');
    writeFileSync(join(cwd, 'programmes', 'finance-pilot', '.cocoon-journal.json'), '{}');
    writeFileSync(join(cwd, 'programmes', 'finance-pilot', 'participant', '.session-1.md.cocoon-tmp'), '');
    writeFileSync(join(cwd, 'programmes', 'finance-pilot', 'participant', 'session-1.md'), '# Session 1\n');
    writeFileSync(join(cwd, 'roles', 'finance.yaml.cocoon-tmp-4242'), '');
    git(cwd, 'init', '-q');
    git(cwd, 'add', '.');
    git(cwd, 'commit', '-q', '-m', 'cocoon init');
    expect(git(cwd, 'ls-files').trim().split('\n').sort()).toEqual([
      '.github/workflows/cocoon.yml',
      '.gitignore',
      'cocoon.yaml',
      'package-lock.json',
      'package.json',
      'programmes/finance-pilot/participant/session-1.md',
      'roles/finance.yaml',
    ]);
    expect(git(cwd, 'status', '--porcelain')).toBe('');
  });

  it("merges into the user's .gitignore: every line kept, in place and byte for byte; only missing patterns added, once", async () => {
    const cwd = tempDir();
    // No newline at the end, CRLF line ends, node_modules spelled another way, a comment that names a pattern.
    const mine = '# mine\r\n/node_modules\r\ndist\r\n# .cache/ is ours\r\n.env';
    writeFileSync(join(cwd, '.gitignore'), mine);
    const init = await cli(['init', '--yes'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('.gitignore (added .cocoon-lock .cocoon-journal.json *.cocoon-tmp *.cocoon-tmp-* .cache/)');
    const merged = readFileSync(join(cwd, '.gitignore'), 'utf8');
    expect(merged.startsWith(`${mine}\r\n`)).toBe(true);
    expect(merged).toBe(`${mine}\r\n\r\n# added by cocoon init\r\n.cocoon-lock\r\n.cocoon-journal.json\r\n*.cocoon-tmp\r\n*.cocoon-tmp-*\r\n.cache/\r\n`);
    const lines = merged.split('\r\n').filter((l) => l && !l.startsWith('#'));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('node_modules'))).toEqual(['/node_modules']);
  });

  it('a .gitignore that has every pattern is left untouched and not reported', async () => {
    const cwd = tempDir();
    const first = tempDir();
    expect((await cli(['init', '--yes'], { cwd: first })).code).toBe(0);
    const complete = `build/\n${readFileSync(join(first, '.gitignore'), 'utf8')}`;
    writeFileSync(join(cwd, '.gitignore'), complete);
    const init = await cli(['init', '--yes'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toBe('Created cocoon.yaml, roles/finance.yaml, .github/workflows/cocoon.yml, package.json\n');
    expect(readFileSync(join(cwd, '.gitignore'), 'utf8')).toBe(complete);
  });

  it('a refused init (cocoon.yaml exists) writes no .gitignore either', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'cocoon.yaml'), 'programmes: []\n');
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(3);
    expect(readdirSync(cwd)).toEqual(['cocoon.yaml']);
  });
});

type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
type Workflow = {
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { 'timeout-minutes': number; steps: Step[] }>;
};

describe('cocoon init: the CI workflow', () => {
  it('least privilege, a timeout and a concurrency group; actions pinned by full commit SHA with the release in a comment', async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const text = readFileSync(join(cwd, '.github/workflows/cocoon.yml'), 'utf8');
    const wf = YAML.parse(text) as Workflow;
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.concurrency.group).toMatch(/\$\{\{ github\.ref \}\}/);
    expect(wf.concurrency['cancel-in-progress']).toBe(true);
    const [job] = Object.values(wf.jobs);
    expect(job!['timeout-minutes']).toBeGreaterThan(0);
    expect(job!['timeout-minutes']).toBeLessThanOrEqual(30);
    const uses = job!.steps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.map((u) => u.split('@')[0])).toEqual(['actions/checkout', 'actions/setup-node']);
    // Every `uses:` line, the commented SARIF upload too: a 40-hex commit, then `# vX.Y.Z`.
    const usesLines = text.split('\n').filter((l) => /^\s*(#\s*)?-?\s*uses: /.test(l));
    expect(usesLines).toHaveLength(3);
    for (const l of usesLines) expect(l).toMatch(/uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    expect(text).toMatch(/^ {6}# - uses: github\/codeql-action\/upload-sarif@[0-9a-f]{40} # v\d/m);
    expect(text).toMatch(/^ {6}# {3}run: npm exec --no -- cocoon validate --format sarif > cocoon\.sarif/m);
    expect(text).toContain('security-events: write');
  });

  it('installs from the lock, devDependencies included, then runs only the local bin: no `npx` fall-through to the registry', async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    const wf = YAML.parse(readFileSync(join(cwd, '.github/workflows/cocoon.yml'), 'utf8')) as Workflow;
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s] : [])));
    expect(runs.map((s) => s.run)).toEqual([
      'npm ci --include=dev --no-audit --no-fund',
      'npm exec --no -- cocoon validate --format github',
      'npm exec --no -- cocoon build --check',
      'npm exec --no -- cocoon report --check',
    ]);
    // report --check has nothing to check before the first responses are in.
    expect(runs[3]!.if).toBe("hashFiles('**/responses/*.csv', '!node_modules/**') != ''");
    expect(readFileSync(join(cwd, '.github/workflows/cocoon.yml'), 'utf8')).not.toMatch(/\bnpx\b/);
  });
});
