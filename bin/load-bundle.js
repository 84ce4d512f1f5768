// Loads dist/bundle/cocoon.cjs, the whole CLI in one CommonJS file, with V8's code cache when the build
// made one. Node 20 cannot cache the compiled code of ES modules, so the bundle is CommonJS and is compiled
// here through vm.Script: with the cache (bytecode for every function a plan, a validate and a build ran
// at build time) V8 skips parsing and compiling, which is most of a cold start. The cache is named after
// the bundle's content hash (its first line), so a rebuilt bundle never meets an old cache; V8 itself
// rejects a cache from another V8 version or other flags, and then the bundle is simply compiled.
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bundle', 'cocoon.cjs');

/** The code-cache file for a bundle whose first line is `// cocoon <hash>`. */
export function cachePath(source) {
  const id = /^\/\/ cocoon ([0-9a-f]{16})/.exec(source)?.[1];
  return id ? join(dirname(BUNDLE), `cocoon.${id}.v8cache`) : undefined;
}

/** Compile and run the bundle; returns its exports and the script (the build asks it for the cache). */
export function loadBundle({ useCache = true } = {}) {
  const source = readFileSync(BUNDLE, 'utf8');
  const cache = useCache ? cachePath(source) : undefined;
  const cachedData = cache && existsSync(cache) ? readFileSync(cache) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return { exports: module.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}
