import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, readTree, spawnCli, tempDir } from '../helpers.js';

/**
 * Paths from input (out, roles_dir, templates_dir, programme file:, template names, parse-cache entries)
 * are resolved through symlinks and must stay inside the project; only regular files are read, with a cap.
 */

const ROLE = readFileSync(join(FIXTURES, 'project-procurement/roles/procurement.yaml'), 'utf8');

function project(extra = ''): { dir: string; secret: string } {
  const dir = tempDir('cocoon-paths-');
  mkdirSync(join(dir, 'roles'));
  writeFileSync(join(dir, 'roles/procurement.yaml'), ROLE);
  writeFileSync(
    join(dir, 'cocoon.yaml'),
    `org: { name: Northwind Ltd }\n${extra}programmes:\n  - id: pilot\n    role: procurement\n    sponsor: { name: Dana Lee, title: CPO }\n    owner: { name: Sam Ortiz, team: Procurement }\n    schedule: { start: 2027-01-12, sessions: 3 }\n    out: programmes/pilot\n`,
  );
  const secret = tempDir('cocoon-outside-');
  writeFileSync(join(secret, 'id_rsa'), 'SECRET-KEY-MATERIAL\n');
  return { dir, secret };
}

const outputOf = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe('paths from input stay inside the project', () => {
  it('out: through a symlinked directory is a positioned error; nothing is written outside', async () => {
    const { dir, secret } = project();
    symlinkSync(secret, join(dir, 'linkdir'));
    writeFileSync(join(dir, 'cocoon.yaml'), readFileSync(join(dir, 'cocoon.yaml'), 'utf8').replace('out: programmes/pilot', 'out: linkdir/pack'));
    const r = await cli(['build'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cocoon\.yaml:\d+:\d+ error {2}Output directory linkdir\/pack is outside the project/);
    expect(readdirSync(secret)).toEqual(['id_rsa']);
  });

  it('templates_dir outside the project (absolute, ../ or a link) is a positioned error', async () => {
    for (const value of ['/etc', '../outside', 'tlink']) {
      const { dir, secret } = project(`templates_dir: ${value}\n`);
      symlinkSync(secret, join(dir, 'tlink'));
      for (const args of [['build'], ['validate']]) {
        const r = await cli(args, { cwd: dir });
        expect(r.code, `${value} ${args[0]}: ${outputOf(r)}`).toBe(1);
        expect(outputOf(r)).toMatch(/cocoon\.yaml.*\d+:\d+.*templates_dir .* is outside the project/s);
        expect(outputOf(r)).not.toContain('SECRET');
      }
      expect(existsSync(join(dir, 'programmes'))).toBe(false);
    }
  });

  it('a template that is a symlink out of templates_dir, or to /dev/zero, is refused with its file', async () => {
    for (const target of ['secret', '/dev/zero']) {
      const { dir, secret } = project('templates_dir: templates\n');
      mkdirSync(join(dir, 'templates'));
      symlinkSync(target === 'secret' ? join(secret, 'id_rsa') : target, join(dir, 'templates/readme.md.hbs'));
      const started = Date.now();
      const r = await cli(['build'], { cwd: dir });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.code, outputOf(r)).toBe(1);
      expect(r.stderr).toMatch(/templates\/readme\.md\.hbs:1:1 error {2}Template is (a symlink to a place outside templates_dir|not a regular file)/);
      expect(outputOf(r)).not.toContain('SECRET');
      expect(existsSync(join(dir, 'programmes/pilot/README.md'))).toBe(false);
    }
  });

  it('roles_dir and a programme file: outside the project are positioned errors, and no outside value is printed', async () => {
    const { dir, secret } = project('roles_dir: ../elsewhere\n');
    const r = await cli(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\d+:\d+ +error +roles_dir \.\.\/elsewhere is outside the project/);

    const p2 = project();
    writeFileSync(join(p2.secret, 'prog.yaml'), 'id: evil\nrole: procurement\ntitle: OUTSIDE-VALUE\n');
    symlinkSync(p2.secret, join(p2.dir, 'plink'));
    writeFileSync(join(p2.dir, 'cocoon.yaml'), 'org: { name: Northwind Ltd }\nprogrammes:\n  - file: plink/prog.yaml\n');
    const r2 = await cli(['validate'], { cwd: p2.dir });
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('Programme file plink/prog.yaml is outside the project');
    expect(outputOf(r2)).not.toContain('OUTSIDE-VALUE');
  });

  it('a FIFO in roles/ is a positioned error, never a hang', async () => {
    const { dir } = project();
    expect(spawnSync('mkfifo', [join(dir, 'roles/fifo.yaml')]).status).toBe(0);
    const started = Date.now();
    const r = await cli(['validate'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/roles\/fifo\.yaml\n\s+1:1\s+error\s+Path is not a regular file/);
  });

  it('a tampered parse-cache entry does not change the pack', async () => {
    const { dir } = project();
    const cache = tempDir('cocoon-cache-');
    // The parse cache is per process environment: run the real bin with it on.
    const env = { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache };
    expect(spawnCli(['build'], { cwd: dir, env }).code).toBe(0);
    const readme = readFileSync(join(dir, 'programmes/pilot/README.md'), 'utf8');
    // Replace every cached entry's data with a role that says something else, keeping the files' shape.
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    // The parse cache's entries (<key[0..2]>/<key>.json); the V8 code cache beside them (code/) is not its.
    const entries = walk(cache).filter((f) => f.endsWith('.json'));
    expect(
      walk(cache)
        .filter((f) => !f.endsWith('.json'))
        .every((f) => f.startsWith(join(cache, 'code'))),
    ).toBe(true);
    expect(entries.length).toBeGreaterThan(0);
    const tampered = (payload: string) => JSON.stringify({ ...(JSON.parse(payload) as object), name: 'TAMPERED' });
    for (const [i, f] of entries.entries()) {
      const entry = JSON.parse(readFileSync(f, 'utf8')) as { format: string; key: string; sum: string; payload: string };
      if (i % 2) {
        // Copied under another name: an entry must name the content key it is read for.
        writeFileSync(f, JSON.stringify({ ...entry, key: 'x'.repeat(64), payload: tampered(entry.payload) }));
      } else {
        // Writable by others (a shared or planted cache): not trusted, whatever it says.
        writeFileSync(f, JSON.stringify({ ...entry, payload: tampered(entry.payload) }));
        chmodSync(f, 0o666);
      }
    }
    const check = spawnCli(['build', '--check'], { cwd: dir, env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(readFileSync(join(dir, 'programmes/pilot/README.md'), 'utf8')).toBe(readme);
  });

  it('B25: a parse-cache entry you own, edited in place, is a miss: the output follows the source, and the entry is rewritten', () => {
    const { dir } = project();
    const cache = tempDir('cocoon-cache-');
    const env = { COCOON_CACHE: '1', COCOON_CACHE_DIR: cache };
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const entriesOf = () => walk(cache).filter((f) => f.endsWith('.json') && !f.startsWith(join(cache, 'code')));
    const plan = ['plan', '--role', 'procurement', '--roles', 'roles', '--format', 'md', '--out', 'pack'];
    const first = spawnCli(plan, { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    const pack = readTree(join(dir, 'pack'));
    expect(Object.keys(pack).length).toBeGreaterThan(5);
    const entries = entriesOf();
    expect(entries.length).toBeGreaterThan(0);
    for (const f of entries) {
      // The way a person or a tool with your rights would edit it: the payload only, mode and owner kept (0600, you).
      const entry = JSON.parse(readFileSync(f, 'utf8')) as { format: string; key: string; sum: string; payload: string };
      const data = JSON.parse(entry.payload) as Record<string, unknown>;
      writeFileSync(f, JSON.stringify({ ...entry, payload: JSON.stringify({ ...data, name: 'TAMPERED ROLE' }) }));
      expect(statSync(f).mode & 0o777).toBe(0o600);
    }
    const again = spawnCli(plan, { cwd: dir, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('TAMPERED');
    // The pack is planned from the source: nothing to rewrite, and no file says TAMPERED.
    expect(again.stdout).toMatch(/^Up to date: pack\//);
    expect(readTree(join(dir, 'pack'))).toEqual(pack);
    // Parsed again and written back whole: the next run hits a good entry.
    for (const f of entriesOf()) expect(readFileSync(f, 'utf8')).not.toContain('TAMPERED');
    // A payload that is not even JSON, under a sum that does not match it: a miss too, never a crash.
    for (const f of entriesOf()) {
      const entry = JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>;
      writeFileSync(f, JSON.stringify({ ...entry, payload: '{"name": "TAMPERED' }));
    }
    const broken = spawnCli(plan, { cwd: dir, env });
    expect(broken.code, broken.stderr).toBe(0);
    expect(broken.stdout).toMatch(/^Up to date: pack\//);
    expect(readTree(join(dir, 'pack'))).toEqual(pack);
  });
});

describe('paths named on the command line are trusted as given', () => {
  it('plan --roles, roles --roles and validate accept a directory outside the current one, but not links out of it', async () => {
    const cwd = tempDir();
    const shared = tempDir('cocoon-shared-roles-');
    writeFileSync(join(shared, 'procurement.yaml'), ROLE);
    const plan = await cli(['plan', '--role', 'procurement', '--roles', shared, '--format', 'md'], { cwd });
    expect(plan.code, plan.stderr).toBe(0);
    expect((await cli(['roles', '--roles', shared], { cwd })).stdout).toMatch(/procurement\s+Procurement/);
    expect((await cli(['validate', shared], { cwd })).stdout).not.toContain('outside the project');
    expect((await cli(['validate', join(shared, 'procurement.yaml')], { cwd })).stdout).not.toContain('outside the project');
    const secret = tempDir('cocoon-outside-');
    writeFileSync(join(secret, 'finance.yaml'), ROLE.replace(/^id: .*$/m, 'id: finance'));
    symlinkSync(join(secret, 'finance.yaml'), join(shared, 'finance.yaml'));
    const linked = await cli(['validate', shared], { cwd });
    expect(linked.stdout).toMatch(/finance\.yaml\n\s+1:1\s+error\s+File is a symlink to a place outside the project/);
  });
});
