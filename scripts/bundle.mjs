// Build step: bundle the CLI into dist/bundle/cocoon.cjs, one CommonJS file that bin/load-bundle.js
// compiles with V8's code cache (scripts/build-code-cache.mjs makes the cache). One file instead of
// hundreds of modules cuts module resolution and file I/O; CommonJS because Node 20 can cache the
// compiled code of a vm.Script but not of an ES module. The first line names the bundle by its content
// hash, which names its cache.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// Start clean so stale bundles and caches from earlier builds do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });
mkdirSync('dist/bundle', { recursive: true });

const result = await build({
  entryPoints: ['src/cli/entry.ts'],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: process.env.COCOON_BUNDLE_MINIFY !== '0', // COCOON_BUNDLE_MINIFY=0: readable names for --cpu-prof
  legalComments: 'none',
  logLevel: 'warning',
  // The sources are ES modules that find the package from import.meta.url (src/assets/paths.ts).
  define: { 'import.meta.url': '__cocoonUrl' },
  banner: { js: "const __cocoonUrl = require('node:url').pathToFileURL(__filename).href;" },
  outfile: 'dist/bundle/cocoon.cjs',
});
const body = result.outputFiles[0].text;
const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
writeFileSync('dist/bundle/cocoon.cjs', `// cocoon ${id}\n${body}`);
