#!/usr/bin/env node
// A shim: all logic, and the choice of exit code, lives in run(). dist/bundle is built by `npm run build`
// and loaded by ./load-bundle.js (one CommonJS file, with V8's code cache).
// `--version`, and `--help` to a pipe or a file, are answered here without loading the CLI: the version
// from package.json, the help as the build saved it from the real program (scripts/build-help.mjs).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const quick = (() => {
  if (args.length !== 1) return undefined;
  try {
    if (args[0] === '--version' || args[0] === '-v') return `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`;
    // A terminal gets commander's help, sized to its width and coloured as it chooses.
    if ((args[0] === '--help' || args[0] === '-h') && !process.stdout.isTTY && !process.env.FORCE_COLOR) return readFileSync(new URL('../dist/help.txt', import.meta.url), 'utf8');
  } catch {
    return undefined; // no build output yet: the CLI answers
  }
  return undefined;
})();
if (quick !== undefined) process.stdout.write(quick);
else {
  const { loadBundle } = await import('./load-bundle.js');
  const { realIo, run } = loadBundle().exports;
  process.exitCode = await run(args, realIo());
}
