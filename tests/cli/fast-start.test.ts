// bin/cocoon.js answers `--version`, and `--help` to a pipe, without loading the CLI (dist/help.txt is
// saved from the real program at build time). Both must print exactly what the CLI prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, spawnCli } from '../helpers.js';

describe('fast --version and --help', () => {
  it('prints what the CLI prints, exit 0', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v']) {
      const fast = spawnCli([flag]);
      expect(fast).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
      expect((await cli([flag])).stdout).toBe(fast.stdout);
    }
    const inProcess = await cli(['--help']);
    expect(inProcess.stdout).toContain('Usage: cocoon');
    for (const flag of ['--help', '-h']) {
      const fast = spawnCli([flag]);
      expect(fast.code).toBe(0);
      expect(fast.stdout).toBe(inProcess.stdout);
      expect(fast.stderr).toBe('');
    }
  });

  it("anything else goes to the CLI: a command's help, an unknown flag", () => {
    expect(spawnCli(['build', '--help']).stdout).toContain('Usage: cocoon build');
    const bad = spawnCli(['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--nope'");
  });
});
