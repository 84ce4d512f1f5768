#!/usr/bin/env node
'use strict';
// A shim: all logic, and the choice of exit code, lives in run(). dist/bundle is built by `npm run build`
// and loaded by ./load-bundle.js (one CommonJS file, with a V8 code cache made on this machine). CommonJS here too (bin/package.json),
// so a run does not start Node's ES module loader for two small files.
// `--version`, and `--help` to a pipe or a file, are answered here without loading the CLI: the version
// from package.json, the help as the build saved it from the real program (scripts/build-help.mjs).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
const quick = (() => {
  if (args.length !== 1) return undefined;
  try {
    if (args[0] === '--version' || args[0] === '-v') return `${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`;
    // A terminal gets commander's help, sized to its width and coloured as it chooses.
    if ((args[0] === '--help' || args[0] === '-h') && !process.stdout.isTTY && !process.env.FORCE_COLOR)
      return readFileSync(join(__dirname, '..', 'dist', 'help.txt'), 'utf8');
  } catch {
    return undefined; // no build output yet: the CLI answers
  }
  return undefined;
})();
// Nothing reaches Node's own crash report, which prints a line of the minified bundle and a stack: an error
// that escaped run() (a bug) is one line and exit 70, as run() reports its own (docs/safety.md, B22).
process.on('uncaughtException', (e) => {
  try {
    process.stderr.write(`cocoon: internal error: ${String((e && e.message) || e).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')}\n`);
    process.stderr.write(process.env.COCOON_DEBUG ? `${(e && e.stack) || ''}\n` : 'set COCOON_DEBUG=1 for the stack\n');
  } catch {
    // stderr is gone too: the exit code is all that is left
  }
  process.exit(70);
});
if (quick !== undefined) {
  // `--help | head` or `--version > /dev/full`: a reader that went away is no error; a full disk is exit 73.
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') return;
    process.exitCode = 73;
    process.stderr.on('error', () => {});
    const reason = { ENOSPC: 'no space left on the device', EIO: 'an input/output error' }[e.code] || 'the write failed';
    process.stderr.write(`cocoon: Cannot write to standard output: ${reason} (${e.code || 'error'})\n`);
  });
  process.stdout.write(quick);
} else {
  const { groupOf, loadBundle } = require('./load-bundle.js');
  const bundle = loadBundle({ group: groupOf(args) });
  const { realIo, run } = bundle.exports;
  const io = realIo();
  run(args, io).then((code) => {
    // A write to stdout that failed after run() chose its code still fails the run (73).
    process.exitCode = io.outputFailure?.() ?? code;
    bundle.save(); // the first run of a group on this machine saves V8's code cache (load-bundle.js)
  });
}
