import type { BlockKind } from './model.js';

export type ArcName = 'first' | 'middle' | 'last';

export interface BlueprintBlock {
  kind: BlockKind;
  weight?: number;
  min?: number;
  each?: 'taught';
  title?: string;
}
export interface Blueprint {
  break: { from: number; minutes: number; long_from: number; long_minutes: number; title: string };
  arcs: Record<ArcName, { title: string; blocks: BlueprintBlock[] }>;
  hands_on_share: number;
  check_ins: { after_days: number; minutes: number }[];
  objectives: Record<ArcName, string[]>;
  milestones: Record<ArcName, string>;
}

/**
 * Replace {name} placeholders with plain values; unknown names stay as written. Not a template engine on
 * purpose. Own keys only: `{constructor}` in a title is text, not Object's constructor.
 */
export function fill(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? (values[name] ?? whole) : whole));
}
