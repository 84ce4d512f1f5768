// Build step: bundle the CLI into dist/bundle/ (ESM, code-split so lazy imports stay lazy). One file per
// chunk instead of hundreds of modules cuts Node's module resolution and file I/O at start-up.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names are content hashes: start clean so stale chunks from earlier builds do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { entry: 'src/cli/entry.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.COCOON_BUNDLE_MINIFY !== '0', // COCOON_BUNDLE_MINIFY=0: readable names for --cpu-prof
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cocoonRequire } from 'node:module'; const require = __cocoonRequire(import.meta.url);" },
});
