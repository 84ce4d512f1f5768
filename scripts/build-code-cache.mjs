// Build step (after the bundle and the help): V8's code caches for dist/bundle/cocoon.cjs, one per
// command group (bin/load-bundle.js). Each group's cache is made in a process of its own: the bundle is
// loaded the way bin/cocoon.js loads it, runs what CI and trainers run with that command — a plan with
// every format, a validate of a role file that must be parsed, build --check and report --check of the
// example project when it is there, and rules / schema / roles for the rest — so the cache holds
// bytecode for the functions that path uses, and not the others. Nothing is written outside a temporary
// directory; the parse cache is off.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import loader from '../bin/load-bundle.js';

const { BUNDLE, GROUPS, cachePath, loadBundle } = loader;
const group = process.argv[2];

if (!group) {
  for (const g of [...GROUPS, 'other']) execFileSync(process.execPath, [fileURLToPath(import.meta.url), g], { stdio: 'inherit' });
} else {
  process.env.COCOON_CACHE = '0';
  const { exports, script } = loadBundle({ group, useCache: false });
  const work = mkdtempSync(join(tmpdir(), 'cocoon-code-cache-'));
  const io = (cwd) => ({
    stdout: { write() {} },
    stderr: { write() {} },
    cwd,
    env: { COCOON_CACHE: '0', NO_COLOR: '1' },
    interactive: false,
    stdoutTTY: false,
    stderrTTY: false,
  });
  const example = existsSync('examples/consultancy/cocoon.yaml');
  // Only what this group's runs read is copied (the example project: validate, build, report).
  if (example && ['validate', 'build', 'report'].includes(group)) cpSync('examples/consultancy', join(work, 'project'), { recursive: true });
  if (group === 'validate') cpSync('roles/finance.yaml', join(work, 'finance.yaml'));
  const runs = {
    plan: [[work, ['plan', '--role', 'finance', '--start', '2027-03-16', '--format', 'md,html,ics', '--out', join(work, 'pack')]]],
    validate: [[work, ['validate', join(work, 'finance.yaml')]], ...(example ? [[join(work, 'project'), ['validate']]] : [])],
    build: example ? [[join(work, 'project'), ['build', '--check']]] : [],
    report: example ? [[join(work, 'project'), ['report', '--check']]] : [],
    other: [
      [work, ['rules']],
      [work, ['schema', 'role']],
      [work, ['roles']],
    ],
  }[group];
  try {
    for (const [cwd, args] of runs) {
      const code = await exports.run(args, io(cwd));
      if (code !== 0) throw new Error(`cocoon ${args.join(' ')} exited ${code} while making the code cache`);
    }
    writeFileSync(cachePath(readFileSync(BUNDLE, 'utf8'), group), script.createCachedData());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
