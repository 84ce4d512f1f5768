import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, readTree, tempDir } from '../helpers.js';

/**
 * One comparison and one set of words: for the same situation, a real run refuses (exit 3), a dry run
 * says the real run would refuse (exit 3) and a check says so beside the drift (exit 1), each with the
 * same list of files, the same reason and the same hint.
 */

type Situation = 'edited' | 'foreign' | 'symlink';
const REASON: Record<Situation, string> = { edited: 'edited by hand', foreign: 'not written by cocoon', symlink: 'at or behind a symlink' };

/** Make `file` (pack-relative, inside `pack`) into the situation: edited by hand, not cocoon's, or a symlink. */
function arrange(pack: string, file: string, situation: Situation, manifestName: string): void {
  const target = join(pack, file);
  if (situation === 'symlink') {
    const elsewhere = join(tempDir(), 'elsewhere.md');
    writeFileSync(elsewhere, 'somewhere else\n');
    rmSync(target);
    symlinkSync(elsewhere, target);
    return;
  }
  writeFileSync(target, `${readFileSync(target, 'utf8')}\nA note from the trainer.\n`);
  if (situation === 'foreign') {
    // Not in the manifest: as if a person put it there, not cocoon.
    const manifest = join(pack, manifestName);
    const data = JSON.parse(readFileSync(manifest, 'utf8')) as { files: Record<string, string> };
    delete data.files[file];
    writeFileSync(manifest, `${JSON.stringify(data, null, 2)}\n`);
  }
}

/** The refusal's list of files and its hint, from a real run, a dry run or a check. */
function refusal(stderr: string): { list: string; hint: string } {
  const m =
    /(?:cocoon: Refusing|`cocoon (?:plan|build|report)` would refuse) to overwrite (.+?)\.(?: Nothing was written\.)?\nhint: (.+?)(?: Then commit the result\.)?\n/.exec(
      stderr,
    );
  expect(m, stderr).not.toBeNull();
  return { list: m![1]!, hint: m![2]! };
}

const HINT_FOR: Record<Situation, RegExp> = {
  edited: /^To keep an edit, .+; to discard it, .+\.$/,
  foreign: /^To keep a file of your own, move it out of the way; to replace it, .+\.$/,
  symlink: /^Replace the symlinks with real files or directories: cocoon never writes through a link, even with --force\.$/,
};

describe('refusals: the same words in a real run, a dry run and a check', () => {
  for (const situation of ['edited', 'foreign', 'symlink'] as const) {
    it(`plan and plan --dry-run: a file ${REASON[situation]}`, async () => {
      const cwd = tempDir();
      expect((await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd })).code).toBe(0);
      arrange(join(cwd, 'programmes/finance'), 'participant/session-1.md', situation, '.cocoon-manifest.json');
      const before = readTree(cwd);
      const dry = await cli(['plan', '--role', 'finance', '--format', 'md', '--dry-run'], { cwd });
      const real = await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd });
      expect([dry.code, real.code]).toEqual([3, 3]);
      expect(dry.stdout).toContain(`REFUSE (${REASON[situation]}) participant/session-1.md`);
      expect(refusal(dry.stderr)).toEqual(refusal(real.stderr));
      expect(refusal(real.stderr).list).toBe(`1 file ${REASON[situation]}: programmes/finance/participant/session-1.md`);
      expect(refusal(real.stderr).hint).toMatch(HINT_FOR[situation]);
      expect(readTree(cwd)).toEqual(before);
    });

    it(`build and build --check: a file ${REASON[situation]}`, async () => {
      const cwd = tempDir();
      expect((await cli(['init', '--yes'], { cwd })).code).toBe(0);
      expect((await cli(['build'], { cwd })).code).toBe(0);
      arrange(join(cwd, 'programmes/finance-pilot'), 'participant/session-1.md', situation, '.cocoon-manifest.json');
      const before = readTree(cwd);
      const check = await cli(['build', '--check'], { cwd });
      const real = await cli(['build'], { cwd });
      expect([check.code, real.code]).toEqual([1, 3]);
      expect(check.stdout).toContain(`changed  programmes/finance-pilot/participant/session-1.md (${REASON[situation]})`);
      expect(check.stderr).toContain('Packs are out of date, and `cocoon build` would refuse');
      expect(refusal(check.stderr)).toEqual(refusal(real.stderr));
      expect(refusal(real.stderr).list).toBe(`1 file ${REASON[situation]}: programmes/finance-pilot/participant/session-1.md`);
      expect(refusal(real.stderr).hint).toMatch(HINT_FOR[situation]);
      expect(readTree(cwd)).toEqual(before);
    });

    it(`report and report --check: a file ${REASON[situation]}`, async () => {
      const cwd = tempDir();
      cpSync(join(FIXTURES, 'report-project'), cwd, { recursive: true });
      mkdirSync(join(cwd, 'pack', 'responses'), { recursive: true });
      const pulse = (n: number) => `participant,useful,recommend\n${Array.from({ length: n }, (_, i) => `p0${i + 1},4,8`).join('\n')}\n`;
      writeFileSync(join(cwd, 'pack/responses/pulse-session-1.csv'), pulse(5));
      expect((await cli(['report', '--programme', 'pilot'], { cwd })).code).toBe(0);
      arrange(join(cwd, 'pack'), 'report/report.md', situation, 'report/.cocoon-report-manifest.json');
      const before = readTree(cwd);
      const check = await cli(['report', '--programme', 'pilot', '--check'], { cwd });
      const real = await cli(['report', '--programme', 'pilot'], { cwd });
      expect([check.code, real.code]).toEqual([1, 3]);
      expect(check.stdout).toContain(`changed  pack/report/report.md (${REASON[situation]})`);
      expect(check.stderr).toContain('Reports are out of date, and `cocoon report` would refuse');
      expect(refusal(check.stderr)).toEqual(refusal(real.stderr));
      expect(refusal(real.stderr).list).toBe(`1 file ${REASON[situation]}: pack/report/report.md`);
      expect(refusal(real.stderr).hint).toMatch(HINT_FOR[situation]);
      expect(readTree(cwd)).toEqual(before);
    });
  }

  it('several reasons at once are grouped, in the same order everywhere', async () => {
    const cwd = tempDir();
    expect((await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd })).code).toBe(0);
    const pack = join(cwd, 'programmes/finance');
    arrange(pack, 'participant/session-2.md', 'symlink', '.cocoon-manifest.json');
    arrange(pack, 'participant/session-1.md', 'edited', '.cocoon-manifest.json');
    arrange(pack, 'participant/prompts.md', 'foreign', '.cocoon-manifest.json');
    const dry = await cli(['plan', '--role', 'finance', '--format', 'md', '--dry-run'], { cwd });
    const real = await cli(['plan', '--role', 'finance', '--format', 'md'], { cwd });
    expect(refusal(dry.stderr)).toEqual(refusal(real.stderr));
    expect(refusal(real.stderr).list).toBe(
      '3 files — edited by hand: programmes/finance/participant/session-1.md; not written by cocoon: programmes/finance/participant/prompts.md; at or behind a symlink: programmes/finance/participant/session-2.md',
    );
    // --force lifts the first two, never the symlink.
    const forced = await cli(['plan', '--role', 'finance', '--format', 'md', '--force'], { cwd });
    expect(forced.code).toBe(3);
    expect(refusal(forced.stderr).list).toBe('1 file at or behind a symlink: programmes/finance/participant/session-2.md');
  });
});

describe('the hand-edit hint names where a facilitator note belongs', () => {
  it('plan and build point at the programme’s `notes:`', async () => {
    const { describeRefusals } = await import('../../src/model/refusals.js');
    for (const command of ['plan', 'build'] as const)
      expect(describeRefusals([{ path: 'facilitator/session-2.md', reason: 'edited' }], command, 'refuse').hint).toContain('`notes: { <session>: … }`');
  });
});
