'use strict';
// Loads dist/bundle/cocoon.cjs, the whole CLI in one CommonJS file, with a V8 code cache made on this
// machine. Node 20 cannot cache the compiled code of ES modules, so the bundle is CommonJS and is compiled
// here through vm.Script: with the cache V8 skips parsing and compiling, which is most of a cold start.
//
// The package ships no cache: one only fits the Node build that made it. The first run of each command
// group (plan, build, validate, report, the rest) compiles the bundle, runs, and then saves V8's cache —
// bytecode for the functions that run used, so `validate` does not deserialize the renderers — into the
// user's cache directory (the one the parse cache uses: COCOON_CACHE_DIR, else $XDG_CACHE_HOME/cocoon or
// ~/.cache/cocoon; COCOON_CACHE=0 turns both off). A cache is named after the bundle's content hash (its
// first line), the Node version and the CPU architecture, so a rebuilt bundle or another Node never meets
// it; V8 itself rejects one made with other flags or damaged bytes, and then the run compiles and saves
// a fresh one. A cache that cannot be written (read-only home) costs speed, never the run.
const { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir, tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'cocoon.cjs');
/** Commands with a cache of their own; every other command shares `other`. */
const GROUPS = ['plan', 'build', 'validate', 'report'];

/** The group of a command line: its first word that names one, else `other`. */
function groupOf(args) {
  return args.find((a) => GROUPS.includes(a)) ?? 'other';
}

/** cocoon's cache directory for an environment: the same rule as src/pipeline/load/cache-dir.ts (a test keeps them equal). */
function cacheDir(env = process.env) {
  if (env.COCOON_CACHE === '0') return undefined;
  if (env.COCOON_CACHE_DIR) return env.COCOON_CACHE_DIR;
  const home = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : join(tmpdir(), `cocoon-cache-${process.getuid?.() ?? 'user'}`));
  return join(home, 'cocoon');
}

/** The code-cache file of a group, for a bundle whose first line is `// cocoon <hash>`, in a cache directory. */
function cachePath(source, group = 'other', dir = cacheDir()) {
  const id = /^\/\/ cocoon ([0-9a-f]{16})/.exec(source)?.[1];
  return id && dir ? join(dir, 'code', `cocoon.${id}.${group}.node-${process.versions.node}-${process.arch}.v8cache`) : undefined;
}

/** Write the cache beside its final name and rename it there; drop the caches of other bundles. Never throws. */
function saveCache(file, data) {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
    const id = /^cocoon\.([0-9a-f]{16})\./.exec(file.slice(dir.length + 1))?.[1];
    for (const f of readdirSync(dir)) if (f.startsWith('cocoon.') && !f.startsWith(`cocoon.${id}.`)) rmSync(join(dir, f), { force: true });
  } catch {
    // a read-only or full cache directory: the next run compiles again
  }
}

/**
 * Compile and run the bundle. Returns its exports, whether a cache was used or rejected, and `save()`,
 * which the caller runs once the command has finished: it writes the group's cache when there was none
 * that fitted (so it holds the functions this run compiled).
 */
function loadBundle({ group = 'other', useCache = true, env = process.env } = {}) {
  const source = readFileSync(BUNDLE, 'utf8');
  const cache = useCache ? cachePath(source, group, cacheDir(env)) : undefined;
  let cachedData;
  try {
    cachedData = cache && existsSync(cache) ? readFileSync(cache) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  const cacheRejected = cachedData !== undefined && script.cachedDataRejected === true;
  const cacheUsed = cachedData !== undefined && !cacheRejected;
  const save = () => {
    if (cache && !cacheUsed) saveCache(cache, script.createCachedData());
  };
  return { exports: module.exports, script, cacheFile: cache, cacheUsed, cacheRejected, save };
}

module.exports = { BUNDLE, GROUPS, cacheDir, cachePath, groupOf, loadBundle };
