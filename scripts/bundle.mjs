// Build step: bundle the CLI into dist/bundle/cocoon.cjs, one CommonJS file that bin/load-bundle.js
// compiles with V8's code cache (scripts/build-code-cache.mjs makes the cache). One file instead of
// hundreds of modules cuts module resolution and file I/O; CommonJS because Node 20 can cache the
// compiled code of a vm.Script but not of an ES module. The first line names the bundle by its content
// hash, which names its cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// Start clean so stale bundles and caches from earlier builds do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });
mkdirSync('dist/bundle', { recursive: true });

// commander loads child_process (and with it net, dgram and streams, ~5 ms) at start-up, for the
// executable subcommands cocoon does not have; give it the module when it spawns one, not before.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager))
        throw new Error(`${args.path}: commander no longer loads child_process as scripts/bundle.mjs expects; update the lazy-child-process plugin`);
      return { contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

// The validators and templates the build generated into dist/ go inside the bundle, so V8 takes them
// from the code cache too (src/assets/prebuilt.ts reads them from dist/ when running from source).
const prebuiltInside = {
  name: 'prebuilt-inside',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]assets[\\/]prebuilt\.ts$/ }, (args) => ({
      contents: "export function prebuilt(name) { return name === 'validators' ? require('../../dist/validators.cjs') : require('../../dist/templates.cjs'); }",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

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
  plugins: [lazyChildProcess, prebuiltInside],
});
const body = result.outputFiles[0].text;
const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
writeFileSync('dist/bundle/cocoon.cjs', `// cocoon ${id}\n${body}`);
