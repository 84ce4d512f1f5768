import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { nearestShapes, shapeFlags, shapeProblem, type Shape } from '../../src/model/shape.js';
import { BUILT_IN_ROLES, cli, tempDir } from '../helpers.js';

/**
 * Every shape the issue names, on every built-in role, at a weekly and a fortnightly gap: planned with
 * not one diagnostic (what `validate --strict` would pass), or refused up front (exit 2) with the nearest
 * shape the planner designs — and that shape is itself clean on the role. docs/planner.md "Shapes" is the table.
 */

const SHAPES: [number, number][] = [
  [2, 45],
  [3, 60],
  [4, 90],
  [6, 60],
  [8, 240],
];
const GAPS = [7, 14];
/** What docs/planner.md promises for each shape: refused, or planned clean. */
const REFUSED = new Set(['2x45/7', '2x45/14']);

interface PlanJson {
  diagnostics: Diagnostic[];
  programme: { sessions: { blocks: { kind: string; minutes: number }[] }[] } | null;
}

async function plan(role: string, s: Shape) {
  const cwd = tempDir('cocoon-shape-');
  const args = ['plan', '--role', role, '--sessions', String(s.sessions), '--minutes', String(s.minutes), '--every', String(s.every)];
  return cli([...args, '--sponsor', 'Dana Lee, Director', '--owner', 'Priya Shah, Operations', '--dry-run', '--json', '--format', 'md'], { cwd });
}

const summary = (d: Diagnostic[]): string[] => d.map((x) => `${x.rule}: ${x.message}`);

describe('every allowed shape is clean under --strict on every built-in role, or refused naming the nearest good shape', () => {
  for (const role of BUILT_IN_ROLES)
    it(role, async () => {
      for (const [sessions, minutes] of SHAPES)
        for (const every of GAPS) {
          const shape = { sessions, minutes, every };
          const key = `${sessions}x${minutes}/${every}`;
          const r = await plan(role, shape);
          expect(Boolean(shapeProblem(shape)), key).toBe(REFUSED.has(key));
          if (REFUSED.has(key)) {
            expect(r.code, `${key}: ${r.stderr}`).toBe(2);
            const near = nearestShapes(shape);
            expect(near.length).toBeGreaterThan(0);
            for (const n of near) {
              expect(r.stderr, key).toContain(shapeFlags(shape, n));
              // The shape it names is one the planner designs cleanly.
              const good = await plan(role, n);
              expect(good.code, good.stderr).toBe(0);
              expect(summary((JSON.parse(good.stdout) as PlanJson).diagnostics), `${key} → ${shapeFlags(shape, n)}`).toEqual([]);
            }
            continue;
          }
          expect(r.code, `${key}: ${r.stderr}`).toBe(0);
          const json = JSON.parse(r.stdout) as PlanJson;
          expect(summary(json.diagnostics), key).toEqual([]);
          for (const s of json.programme!.sessions)
            expect(
              s.blocks.reduce((t, b) => t + b.minutes, 0),
              key,
            ).toBe(minutes);
        }
    });
});
