'use strict';
// Loads dist/bundle/cocoon.cjs, the whole CLI in one CommonJS file, with V8's code cache when the build
// made one. Node 20 cannot cache the compiled code of ES modules, so the bundle is CommonJS and is compiled
// here through vm.Script: with the cache V8 skips parsing and compiling, which is most of a cold start.
// There is one cache per command group (bytecode for the functions that command ran at build time, so
// `validate` does not deserialize the renderers); each is named after the bundle's content hash (its
// first line), so a rebuilt bundle never meets an old cache. V8 itself rejects a cache from another V8
// version or other flags, and then the bundle is simply compiled.
const { existsSync, readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'cocoon.cjs');
/** Commands with a cache of their own; every other command shares `other`. */
const GROUPS = ['plan', 'build', 'validate', 'report'];

/** The group of a command line: its first word that names one, else `other`. */
function groupOf(args) {
  return args.find((a) => GROUPS.includes(a)) ?? 'other';
}

/** The code-cache file of a group for a bundle whose first line is `// cocoon <hash>`. */
function cachePath(source, group = 'other') {
  const id = /^\/\/ cocoon ([0-9a-f]{16})/.exec(source)?.[1];
  return id ? join(dirname(BUNDLE), `cocoon.${id}.${group}.v8cache`) : undefined;
}

/** Compile and run the bundle; returns its exports and the script (the build asks it for the cache). */
function loadBundle({ group = 'other', useCache = true } = {}) {
  const source = readFileSync(BUNDLE, 'utf8');
  const cache = useCache ? cachePath(source, group) : undefined;
  const cachedData = cache && existsSync(cache) ? readFileSync(cache) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return { exports: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

module.exports = { BUNDLE, GROUPS, cachePath, groupOf, loadBundle };
