import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStale } from '../global-setup.js';
import { ROOT, tempDir } from '../helpers.js';

describe('spawned-bin tests never run a stale build', () => {
  it('a source newer than dist/ makes the global setup rebuild; a fresh build does not', () => {
    const root = tempDir();
    for (const d of ['src', 'dist/bundle']) mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'src', 'messages.ts'), 'export const m = "old";\n');
    writeFileSync(join(root, 'dist', 'bundle', 'cocoon.cjs'), '');
    writeFileSync(join(root, 'dist', 'parsed.json'), '{}');
    const t = Date.now() / 1000;
    utimesSync(join(root, 'src', 'messages.ts'), t - 60, t - 60);
    utimesSync(join(root, 'dist', 'bundle', 'cocoon.cjs'), t - 30, t - 30);
    utimesSync(join(root, 'dist', 'parsed.json'), t - 30, t - 30);
    expect(isStale(root)).toBe(false);
    // Change a message in src/ after the build.
    writeFileSync(join(root, 'src', 'messages.ts'), 'export const m = "new";\n');
    expect(isStale(root)).toBe(true);
    // No build at all is stale too.
    const empty = tempDir();
    mkdirSync(join(empty, 'src'));
    writeFileSync(join(empty, 'src', 'a.ts'), '');
    expect(isStale(empty)).toBe(true);
  });

  it('this checkout is fresh once the setup has run', () => {
    expect(isStale(ROOT)).toBe(false);
  });
});
