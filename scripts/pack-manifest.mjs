// `npm pack` / `npm publish` lifecycle (prepack, postpack): the packed package.json is the user's, not
// the developer's. `strip` saves package.json and writes it without `scripts` and `devDependencies`, so the
// tarball's manifest has no build script (`prepare` would make npm warn on every user's install) and npm,
// which reads the manifest again after prepack, runs no `prepare` while packing; `restore` puts the
// developer's file back. The build is not run here: pack what `npm install` / `npm run build` made, after
// checking it is there. A pack that died between the two leaves the saved copy, which the next `strip`
// restores first.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const FILE = 'package.json';
const SAVED = '.package.json.dev';
const mode = process.argv[2];

function writeAtomic(file, text) {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

if (mode === 'strip') {
  if (existsSync(SAVED)) renameSync(SAVED, FILE);
  if (!existsSync('dist/bundle/cocoon.cjs')) {
    console.error('pack: dist/ is not built; run `npm run build` first');
    process.exit(1);
  }
  const text = readFileSync(FILE, 'utf8');
  const { scripts: _scripts, devDependencies: _dev, ...user } = JSON.parse(text);
  writeFileSync(SAVED, text);
  writeAtomic(FILE, `${JSON.stringify(user, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(SAVED)) renameSync(SAVED, FILE);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
