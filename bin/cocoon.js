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
if (quick !== undefined) process.stdout.write(quick);
else {
  const { groupOf, loadBundle } = require('./load-bundle.js');
  const bundle = loadBundle({ group: groupOf(args) });
  const { realIo, run } = bundle.exports;
  run(args, realIo()).then((code) => {
    process.exitCode = code;
    bundle.save(); // the first run of a group on this machine saves V8's code cache (load-bundle.js)
  });
}
