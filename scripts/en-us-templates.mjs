// Writes templates/i18n/en-US/: the English page templates in US spelling and usage (program,
// organization, practice as a verb, manager for line manager), for the pages that need it. Run after
// changing an English template; the en-US translations are then committed like any other language.
// Only prose changes: Handlebars expressions, code spans, link targets and paths are left alone.
// `--check`: write nothing, exit 1 when the committed en-US templates are not what this script makes.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const EN = join(ROOT, 'templates', 'md');
const OUT = join(ROOT, 'templates', 'i18n', 'en-US', 'md');
const WORDS = [
  [/\bprogramme(s?)\b(?![/_-])/g, 'program$1'],
  [/\bProgramme(s?)\b/g, 'Program$1'],
  [/\borganisation/g, 'organization'],
  [/\bOrganisation/g, 'Organization'],
  [/\bpractis(e|ed|es|ing)\b/g, (_, end) => `practic${end}`],
  [/\bPractis(e|ed|es|ing)\b/g, (_, end) => `Practic${end}`],
  [/\bsummaris/g, 'summariz'],
  [/\brecognis/g, 'recogniz'],
  [/\blicence/g, 'license'],
  [/\bjudgement/g, 'judgment'],
  [/\bone-to-one/g, 'one-on-one'],
  [/\bline manager/g, 'manager'],
  [/\bLine manager/g, 'Manager'],
];
// Handlebars expressions, inline code and link targets are not prose.
const PROTECTED = /(\{\{[\s\S]*?\}\}|`[^`\n]*`|\]\([^)\n]*\))/;

const us = (text) =>
  text
    .split(PROTECTED)
    .map((part, i) => (i % 2 ? part : WORDS.reduce((t, [from, to]) => t.replace(from, to), part)))
    .join('');

const check = process.argv.includes('--check');
const want = new Map();
for (const file of readdirSync(EN, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.hbs'))
  .sort()) {
  if (file === 'draft-brief.md.hbs') continue;
  const text = readFileSync(join(EN, file), 'utf8');
  const converted = us(text);
  if (converted !== text) want.set(file.split('\\').join('/'), converted);
}
if (check) {
  const have = existsSync(OUT) ? readdirSync(OUT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs')) : [];
  const stale = [...want].filter(([f, text]) => !existsSync(join(OUT, f)) || readFileSync(join(OUT, f), 'utf8') !== text).map(([f]) => f);
  const extra = have.map((f) => f.split('\\').join('/')).filter((f) => !want.has(f));
  if (stale.length || extra.length) {
    console.error(`templates/i18n/en-US is out of date (${[...stale, ...extra].join(', ')}): run node scripts/en-us-templates.mjs`);
    process.exit(1);
  }
} else {
  rmSync(OUT, { recursive: true, force: true });
  for (const [file, text] of want) {
    mkdirSync(dirname(join(OUT, file)), { recursive: true });
    writeFileSync(join(OUT, file), text);
  }
  console.log(`templates/i18n/en-US/md: ${want.size} templates in US spelling`);
}
