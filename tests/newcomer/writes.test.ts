import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, readTree, tempDir } from '../helpers.js';

describe('hand edits: --dry-run and --check say what the real run would do', () => {
  it('plan --dry-run over a hand-edited pack lists the refusal, says the real next step and exits 3 like the real run', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance'], { cwd })).code).toBe(0);
    const edited = join(cwd, 'programmes/finance/participant/session-1.md');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nA note from the trainer.\n`);
    const before = readTree(cwd);
    const dry = await cli(['plan', '--role', 'finance', '--dry-run'], { cwd });
    expect(dry.code).toBe(3);
    expect(dry.stdout).toMatch(/^ {2}REFUSE \(edited by hand\) participant\/session-1\.md$/m);
    expect(dry.stderr).toContain('`cocoon plan` would refuse to overwrite 1 file edited by hand: programmes/finance/participant/session-1.md.');
    expect(dry.stderr).toContain('to discard it, run the same command with --force.');
    expect(readTree(cwd)).toEqual(before);
    const real = await cli(['plan', '--role', 'finance'], { cwd });
    expect(real.code).toBe(3);
    const forcedDry = await cli(['plan', '--role', 'finance', '--dry-run', '--force'], { cwd });
    expect(forcedDry.code).toBe(0);
    expect(forcedDry.stdout).toMatch(/^ {2}update +participant\/session-1\.md$/m);
  });

  it('build --check on a hand edit names it "edited by hand" and does not send people to a `cocoon build` that refuses', async () => {
    const cwd = tempDir();
    expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
    expect((await cli(['build'], { cwd })).code).toBe(0);
    const edited = join(cwd, 'programmes/finance-pilot/README.md');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nEdited.\n`);
    const check = await cli(['build', '--check'], { cwd });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('changed  programmes/finance-pilot/README.md (edited by hand)');
    expect(check.stderr).toContain('`cocoon build` would refuse to overwrite 1 file edited by hand: programmes/finance-pilot/README.md.');
    expect(check.stderr).toContain('run `cocoon build --force`');
    expect(check.stderr).not.toContain('Packs are out of date: run `cocoon build` and commit');
    // What it says is true: the plain build refuses, --force restores the pack.
    expect((await cli(['build'], { cwd })).code).toBe(3);
    expect((await cli(['build', '--force'], { cwd })).code).toBe(0);
    expect((await cli(['build', '--check'], { cwd })).code).toBe(0);
  });
});
