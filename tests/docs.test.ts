import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillGenerated, generatedFiles } from '../src/devtools/readme-tables.js';
import { RULES } from '../src/rules/index.js';
import { ROOT, cli } from './helpers.js';

/**
 * The documentation is a product: a short README that links to docs/, and docs/ that say every behaviour
 * a user relies on. What can be generated is generated and checked fresh; the rest is checked for the
 * names a user looks up (every rule id, every exit code, every flag of every command) and for links that
 * lead somewhere.
 */
const read = (f: string): string => readFileSync(f, 'utf8');
const readme = read(join(ROOT, 'README.md'));
const DOCS = join(ROOT, 'docs');
const docFiles = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => join(DOCS, f));
const docs = docFiles.map(read).join('\n');

describe('README', () => {
  it('is short (under 15 KB): what, install, the two commands, one sample, links', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(15_000);
    expect(readme).toContain('npm install');
    expect(readme).toContain('npx cocoon plan --role finance');
    expect(readme).toContain('cocoon build');
    expect(readme).toContain('<!-- SAMPLE -->');
    for (const f of ['trainers-guide', 'consultants-guide', 'writing-roles', 'rules', 'report', 'contract']) expect(readme).toContain(`(docs/${f}.md)`);
  });
});

describe('docs/', () => {
  it('every generated block is fresh: rules, roles, the sample, the install figures (regenerate: npm run build && node scripts/readme-tables.mjs)', () => {
    const files = generatedFiles();
    expect(files).toEqual(expect.arrayContaining([join(ROOT, 'README.md'), ...docFiles]));
    for (const f of files)
      expect(fillGenerated(read(f)) === read(f), `${relative(ROOT, f)} is stale: run \`npm run build && node scripts/readme-tables.mjs\``).toBe(true);
    expect(read(join(DOCS, 'rules.md'))).toContain('<!-- RULES -->');
    expect(read(join(DOCS, 'writing-roles.md'))).toContain('<!-- ROLES -->');
    expect(readme).toContain('<!-- INSTALL -->');
  }, 60_000);

  it('docs/rules.md names every rule; docs/contract.md every exit code', () => {
    const rules = read(join(DOCS, 'rules.md'));
    for (const r of RULES) expect(rules).toContain(`\`${r.meta.id}\``);
    const contract = read(join(DOCS, 'contract.md'));
    for (const code of [0, 1, 2, 3, 70, 73, 130]) expect(contract).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });

  it('every flag of every command is documented in docs/', async () => {
    const commands = [[], ['plan'], ['build'], ['validate'], ['roles'], ['rules'], ['init'], ['new', 'role'], ['schema'], ['report']];
    const missing: string[] = [];
    for (const c of commands) {
      const help = await cli([...c, '--help']);
      expect(help.code, c.join(' ')).toBe(0);
      for (const [flag] of help.stdout.matchAll(/--[a-z][a-z-]+/g))
        if (flag !== '--help' && !docs.includes(flag)) missing.push(`cocoon ${c.join(' ')} ${flag}`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every relative link in README.md, docs/, CONTRIBUTING.md and ARCHITECTURE.md leads to a file that exists', () => {
    const broken: string[] = [];
    for (const f of [join(ROOT, 'README.md'), join(ROOT, 'CONTRIBUTING.md'), join(ROOT, 'ARCHITECTURE.md'), ...docFiles]) {
      let fence = false;
      for (const line of read(f).split('\n')) {
        if (line.startsWith('```')) fence = !fence;
        if (fence) continue;
        for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          if (/^(https?:|mailto:|#)/.test(target!)) continue;
          const path = target!.split('#')[0]!;
          if (!existsSync(join(dirname(f), path))) broken.push(`${relative(ROOT, f)}: ${target}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('internals live in docs/internals.md, not in the user guides: code cache, fsync, fast-check seeds', () => {
    const internals = read(join(DOCS, 'internals.md'));
    for (const word of ['code cache', 'fsync', 'FC_SEED']) {
      expect(internals).toContain(word);
      expect(readme).not.toContain(word);
    }
  });
});
