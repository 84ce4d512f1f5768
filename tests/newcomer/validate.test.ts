import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, fixtureCopy, tempDir } from '../helpers.js';

/** A programme whose only problem is a warning (group of 16). */
function warningOnly(): string {
  const cwd = fixtureCopy('validate');
  const clean = readFileSync(join(FIXTURES, 'rules/safety/group-size/clean.yaml'), 'utf8');
  writeFileSync(join(cwd, 'warn.yaml'), clean.replace('group_size: 12', 'group_size: 16').replace(/^# expect.*\n/, ''));
  return cwd;
}

describe('--quiet and --strict say what failed', () => {
  it('--quiet --strict with a warning prints the warning (it is what fails) and exits 1', async () => {
    const cwd = warningOnly();
    const r = await cli(['validate', 'warn.yaml', '--quiet', '--strict'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('safety/group-size');
    expect(r.stdout).not.toContain('no problems');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 0 errors, 1 warning in 1 file (--strict: warnings fail)');
  });

  it('--quiet --strict --format github prints the annotation and a summary on stderr', async () => {
    const r = await cli(['validate', 'warn.yaml', '--quiet', '--strict', '--format', 'github'], { cwd: warningOnly() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::warning file=warn\.yaml,line=\d+,col=\d+,title=safety\/group-size::/);
    expect(r.stderr).toBe('✖ 1 warning (--strict: warnings fail) in 1 file checked\n');
  });

  it('--quiet alone hides warnings but does not claim there are no problems', async () => {
    const r = await cli(['validate', 'warn.yaml', '--quiet'], { cwd: warningOnly() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✔ 1 file checked, no errors (1 warning not shown: --quiet)\n');
  });

  it('--strict alone says that warnings fail', async () => {
    const r = await cli(['validate', 'warn.yaml', '--strict'], { cwd: warningOnly() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('(--strict: warnings fail)');
  });
});

describe('paths', () => {
  it('a directory with no YAML file is an error, not "0 files checked"', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'empty'));
    writeFileSync(join(cwd, 'empty', 'notes.md'), '# not yaml\n');
    const r = await cli(['validate', 'empty/'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cocoon: No YAML files in empty/ (cocoon reads *.yaml and *.yml)');
    expect(r.stderr).toContain('hint: Name a directory that holds role or programme files');
    expect(r.stdout).toBe('');
  });
});

// CommonJS packages: loaded through require so the typecheck sees their default exports (as tests/report does).
const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

describe('--format sarif', () => {
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 JSON schema and carries every diagnostic at its place', async () => {
    const r = await cli(['validate', 'four-problems.yaml', '--format', 'sarif'], { cwd: join(FIXTURES, 'validate') });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('cocoon');
    expect(
      run.results.map((x) => `${x.ruleId}@${x.locations[0]!.physicalLocation.region.startLine}:${x.locations[0]!.physicalLocation.region.startColumn}`),
    ).toEqual(['follow-through/no-check-ins@2:1', 'leadership/no-sponsor@2:1', 'safety/group-size@7:13', 'safety/no-norms@13:5']);
    for (const x of run.results) {
      expect(run.tool.driver.rules[x.ruleIndex]!.id).toBe(x.ruleId);
      expect(x.locations[0]!.physicalLocation.artifactLocation.uri).toBe('four-problems.yaml');
    }
  });

  it('a clean run is a valid log with no results; a syntax error is a valid log too', async () => {
    const clean = await cli(['validate', 'roles/finance.yaml', '--format', 'sarif']);
    expect(clean.code).toBe(0);
    const log = JSON.parse(clean.stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    const cwd = tempDir();
    writeFileSync(join(cwd, 'broken.yaml'), 'id: x\nname:Priya\n');
    const bad = await cli(['validate', 'broken.yaml', '--format', 'sarif'], { cwd });
    expect(bad.code).toBe(1);
    const badLog = JSON.parse(bad.stdout);
    expect(validate(badLog), JSON.stringify(validate.errors)).toBe(true);
    expect(badLog.runs[0].results[0].ruleId).toBe('yaml/syntax');
  });

  it('the schema check can fail: a log without a version is rejected', () => {
    expect(validate({ runs: [] })).toBe(false);
  });
});
