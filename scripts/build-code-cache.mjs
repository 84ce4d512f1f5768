// Build step (after the bundle and the help): V8's code cache for dist/bundle/cocoon.cjs. The bundle is
// loaded the way bin/cocoon.js loads it, then runs what CI and trainers run most — a plan with every
// format, a validate of a role file that must be parsed, and build --check and report --check of the
// example project when it is there — so the cache holds bytecode for the functions those paths use, not
// only the top level. Nothing is written outside a temporary directory; the parse cache is off.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachePath, loadBundle, BUNDLE } from '../bin/load-bundle.js';

process.env.COCOON_CACHE = '0';
const { exports, script } = loadBundle({ useCache: false });
const work = mkdtempSync(join(tmpdir(), 'cocoon-code-cache-'));
const io = (cwd) => ({ stdout: { write() {} }, stderr: { write() {} }, cwd, env: { COCOON_CACHE: '0', NO_COLOR: '1' }, interactive: false, stdoutTTY: false, stderrTTY: false });
try {
  const runs = [
    [work, ['plan', '--role', 'finance', '--start', '2027-03-16', '--format', 'md,html,ics', '--out', join(work, 'pack')]],
    [work, ['validate', join(work, 'finance.yaml')]],
  ];
  cpSync('roles/finance.yaml', join(work, 'finance.yaml'));
  if (existsSync('examples/consultancy/cocoon.yaml')) {
    cpSync('examples/consultancy', join(work, 'project'), { recursive: true });
    runs.push([join(work, 'project'), ['build', '--check']], [join(work, 'project'), ['report', '--check']]);
  }
  for (const [cwd, args] of runs) {
    const code = await exports.run(args, io(cwd));
    if (code !== 0) throw new Error(`cocoon ${args.join(' ')} exited ${code} while making the code cache`);
  }
  writeFileSync(cachePath(readFileSync(BUNDLE, 'utf8')), script.createCachedData());
} finally {
  rmSync(work, { recursive: true, force: true });
}
