// `build` holds rendered packs up to a budget and renders the rest again when their turn to be written
// comes (src/app/build-project.ts). With COCOON_BUILD_HOLD=0 every pack takes the second path: the output must
// be byte-identical to a build that holds every pack, the example project must come out as committed,
// and an error in the last programme must still leave every pack unwritten.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, readTree, spawnCli, tempDir } from '../helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'consultancy');
const HOLD_ALL = { COCOON_BUILD_HOLD: String(1024 * 1024 * 1024) };
const HOLD_NONE = { COCOON_BUILD_HOLD: '0' };

const project = (n: number) => {
  const roles = ['finance', 'hr', 'legal', 'sales', 'marketing', 'operations'];
  const list = Array.from(
    { length: n },
    (_, i) =>
      `  - { id: p${i + 1}, role: ${roles[i % roles.length]}, sponsor: { name: Dana Lee, title: CFO }, owner: { name: Sam Ortiz, team: Ops }, schedule: { start: 2027-03-${String(2 + i).padStart(2, '0')}, sessions: ${3 + (i % 3)} } }`,
  );
  const cwd = tempDir();
  writeFileSync(
    join(cwd, 'cocoon.yaml'),
    `org: { name: Stream Ltd, timezone: Europe/London }\ndefaults: { formats: [md, html, ics] }\nprogrammes:\n${list.join('\n')}\n`,
  );
  return cwd;
};

describe('build streams packs', () => {
  it('renders a pack again to write it (COCOON_BUILD_HOLD=0) with exactly the bytes of a build that held it', async () => {
    const held = project(5);
    const streamed = project(5);
    const a = await cli(['build'], { cwd: held, env: HOLD_ALL });
    const b = await cli(['build'], { cwd: streamed, env: HOLD_NONE });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const tree = readTree(join(held, 'programmes'));
    expect(Object.keys(tree).length).toBeGreaterThan(5 * 30);
    expect(readTree(join(streamed, 'programmes'))).toEqual(tree);
    // A second streamed build finds every pack up to date, and an edited role changes exactly its packs.
    const again = await cli(['build'], { cwd: streamed, env: HOLD_NONE });
    expect(again.stdout.match(/up to date/g)).toHaveLength(5);
    expect((await cli(['build', '--check'], { cwd: streamed, env: HOLD_NONE })).code).toBe(0);
  });

  it('builds the example project as committed, holding no pack (calendars keep their SEQUENCE)', async () => {
    const cwd = tempDir();
    cpSync(EXAMPLE, cwd, { recursive: true });
    const before = readTree(join(cwd, 'programmes'));
    // Remove one pack's files but keep the others: the build writes one pack, leaves the rest.
    rmSync(join(cwd, 'programmes', 'finance-2027q1', 'participant'), { recursive: true });
    const r = spawnCli(['build'], { cwd, env: HOLD_NONE });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/finance-2027q1 .* \d+ new/);
    expect(readTree(join(cwd, 'programmes'))).toEqual(before);
  });

  it('writes nothing when the last programme has an error, however few packs are held', async () => {
    const cwd = project(4);
    const config = join(cwd, 'cocoon.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('role: sales', 'role: no-such-role'));
    const r = await cli(['build'], { cwd, env: HOLD_NONE });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Nothing was written');
    expect(existsSync(join(cwd, 'programmes'))).toBe(false);
  });
});
