// Build step (after the bundle): `cocoon --help` as the CLI prints it to a pipe or a file, saved to
// dist/help.txt so bin/cocoon.js can print it without loading the CLI. Generated from the real program,
// so it cannot drift from it; tests/cli/fast-start.test.ts compares the two.
import { writeFileSync } from 'node:fs';
import loader from '../bin/load-bundle.js';

const { loadBundle } = loader;

const { run } = loadBundle({ useCache: false }).exports;
let out = '';
const io = {
  stdout: { write: (t) => void (out += t) },
  stderr: { write: () => {} },
  cwd: process.cwd(),
  env: {},
  interactive: false,
  stdoutTTY: false,
  stderrTTY: false,
};
const code = await run(['--help'], io);
if (code !== 0 || !out) throw new Error(`cocoon --help exited ${code}`);
writeFileSync('dist/help.txt', out);
