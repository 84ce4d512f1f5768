// Build step: bundle the CLI into dist/bundle/cocoon.cjs, one CommonJS file that bin/load-bundle.js
// compiles with a V8 code cache it makes on the user's machine. Every dependency is inside, as its authors
// published it (no plugin rewrites a dependency's source), so the package declares no runtime dependencies. One file instead of
// hundreds of modules cuts module resolution and file I/O; CommonJS because Node 20 can cache the
// compiled code of a vm.Script but not of an ES module. The first line names the bundle by its content
// hash, which names its cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

// Start clean so stale bundles from earlier builds do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });
mkdirSync('dist/bundle', { recursive: true });

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

// The dependencies src/assets/libraries.ts loads on first use: the same functions, read from its source,
// with require() calls esbuild can follow, so each is inside the bundle (still evaluated only when called).
const librariesInside = {
  name: 'libraries-inside',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]assets[\\/]libraries\.ts$/ }, (args) => {
      const entries = [...readFileSync(args.path, 'utf8').matchAll(/^ {2}(\w+): \(\).*=> require\('([^']+)'\)/gm)];
      if (!entries.length) throw new Error(`${args.path}: no \`name: () => require('pkg')\` entries; update scripts/bundle.mjs`);
      const body = entries.map(([, key, pkg]) => `  ${key}: () => require(${JSON.stringify(pkg)}),`);
      return { contents: ['export const libraries = {', ...body, '};'].join('\n'), resolveDir: dirname(args.path), loader: 'js' };
    });
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
  plugins: [prebuiltInside, librariesInside],
});
const body = result.outputFiles[0].text;
const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
writeFileSync('dist/bundle/cocoon.cjs', `// cocoon ${id}\n${body}`);
