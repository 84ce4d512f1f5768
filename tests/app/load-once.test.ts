import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { FIXTURES, cli, fixtureCopy } from '../helpers.js';

// Count every YAML file the run reads: the load stage is wrapped, everything else is real.
const reads: string[] = [];
vi.mock('../../src/pipeline/load/load.js', async (original) => {
  const actual = await original<typeof import('../../src/pipeline/load/load.js')>();
  return {
    ...actual,
    loadYamlFile: (file: string, ...rest: unknown[]) => {
      reads.push(file);
      return (actual.loadYamlFile as (...a: unknown[]) => ReturnType<typeof actual.loadYamlFile>)(file, ...rest);
    },
  };
});

describe('validate reads, validates and lints each role once per run', () => {
  it('a project, its roles directory and its programmes that use the role: the role is read once', async () => {
    const cwd = fixtureCopy('project-procurement');
    writeFileSync(
      join(cwd, 'cocoon.yaml'),
      'programmes:\n  - { id: spring, role: procurement, sponsor: { name: Dana Lee, title: CPO } }\n  - { id: autumn, role: procurement, sponsor: { name: Dana Lee, title: CPO } }\n',
    );
    reads.length = 0;
    const r = await cli(['validate', 'cocoon.yaml', 'roles'], { cwd });
    expect(r.code, r.stdout + r.stderr).toBeLessThanOrEqual(1);
    expect(reads.filter((f) => f.endsWith('procurement.yaml'))).toHaveLength(1);
  });

  it('a role named twice on the command line, and again through a programme file, is read once', async () => {
    const cwd = join(FIXTURES, 'validate');
    reads.length = 0;
    await cli(['validate', 'roles/procurement.yaml', 'roles', 'four-problems.yaml'], { cwd });
    const roleReads = reads.filter((f) => f.endsWith('procurement.yaml'));
    expect(roleReads).toHaveLength(1);
  });
});
