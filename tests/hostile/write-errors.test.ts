import * as realFs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, fixtureCopy, readTree } from '../helpers.js';

/**
 * Write errors injected into node:fs, for machines where a real full or read-only disk cannot be
 * mounted: the n-th file write fails with the given code, in-process, through the real write path.
 */
const fault = vi.hoisted(() => ({ code: '', after: 0, writes: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const inject = () => {
    if (fault.code && ++fault.writes > fault.after) throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code });
  };
  const writeFileSync: typeof fs.writeFileSync = (...args) => {
    inject();
    return fs.writeFileSync(...args);
  };
  // The pack writer writes each staged file through a descriptor (to fsync it before the rename).
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    inject();
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeFileSync, writeSync }, writeFileSync, writeSync };
});

afterEach(() => {
  fault.code = '';
});

describe('an injected write error half-way through a pack', () => {
  for (const [code, reason] of [
    ['ENOSPC', 'no space left on the device'],
    ['EACCES', 'permission denied'],
    ['EROFS', 'read-only file system'],
    ['EIO', 'EIO'],
  ] as const) {
    it(`${code} → exit 73 with one line; the previous pack is whole; no staging directory is left`, async () => {
      const dir = fixtureCopy('project-procurement');
      expect((await cli(['plan', '--role', 'procurement', '--format', 'md', '--sponsor', 'Alex Kim, CPO'], { cwd: dir })).code).toBe(0);
      const before = readTree(dir);
      Object.assign(fault, { code, after: 5, writes: 0 });
      const r = await cli(['plan', '--role', 'procurement', '--format', 'md,html', '--sponsor', 'Alex Kim, CPO'], { cwd: dir });
      expect(fault.writes).toBeGreaterThan(5);
      expect(r.code).toBe(73);
      expect(r.stderr).toMatch(new RegExp(`^cocoon: Cannot write .*programmes/procurement: ${reason}\\nhint: [^\\n]+\\n$`));
      expect(readTree(dir)).toEqual(before);
      expect(realFs.readdirSync(join(dir, 'programmes'))).toEqual(['procurement']);
    });
  }
});

describe('cocoon report writes its files as one set (L3)', () => {
  it('a write error on a later file leaves every report file as it was: none new, none half-updated', async () => {
    const dir = fixtureCopy('report-project');
    expect((await cli(['build'], { cwd: dir })).code).toBe(0);
    const pack = join(dir, 'pack');
    realFs.mkdirSync(join(pack, 'responses'));
    const rows = Array.from({ length: 6 }, (_, i) => `p0${i + 1},4,8`).join('\n');
    realFs.writeFileSync(join(pack, 'responses', 'pulse-session-1.csv'), `participant,useful,recommend\n${rows}\n`);
    const before = readTree(dir);
    Object.assign(fault, { code: 'ENOSPC', after: 3, writes: 0 });
    const r = await cli(['report'], { cwd: dir });
    expect(fault.writes).toBeGreaterThan(3);
    expect(r.code, r.stderr).toBe(73);
    expect(readTree(dir)).toEqual(before);
    fault.code = '';
    expect((await cli(['report'], { cwd: dir })).code).toBe(0);
    expect(realFs.existsSync(join(pack, 'report', 'report.json'))).toBe(true);
  });
});
