import { describe, expect, it } from 'vitest';
import { RoleIndex } from '../../src/app/workspace.js';
import type { LoadedRoleResult } from '../../src/app/workspace.js';

const loaded = (n: number) => ({ diagnostics: [], n }) as unknown as LoadedRoleResult;

describe('the role index of a run', () => {
  it('holds the last HELD results, and knows every file it was given', () => {
    const index = new RoleIndex();
    const files = Array.from({ length: RoleIndex.HELD + 5 }, (_, i) => `/p/roles/r${i}.yaml`);
    files.forEach((f, i) => index.set(f, loaded(i)));
    // The first five were let go, but are still known: their diagnostics were reported.
    for (const f of files.slice(0, 5)) {
      expect(index.has(f)).toBe(true);
      expect(index.get(f)).toBeUndefined();
    }
    for (const f of files.slice(5)) expect(index.get(f)).toBeDefined();
    expect(index.has('/p/roles/other.yaml')).toBe(false);
  });

  it('a file set again is the newest, so it outlives older ones', () => {
    const index = new RoleIndex();
    index.set('/a.yaml', loaded(0));
    for (let i = 1; i < RoleIndex.HELD; i++) index.set(`/r${i}.yaml`, loaded(i));
    const again = loaded(99);
    index.set('/a.yaml', again);
    index.set('/newer.yaml', loaded(100));
    expect(index.get('/a.yaml')).toBe(again);
    expect(index.get('/r1.yaml')).toBeUndefined();
  });
});
