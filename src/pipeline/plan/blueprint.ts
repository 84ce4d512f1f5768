import type { BlockKind, Period, PracticeMode } from '../../model/model.js';

export type ArcName = 'first' | 'middle' | 'clinic' | 'last';

export interface BlueprintBlock {
  kind: BlockKind;
  /** Minutes at which the block does its job; `min` below which it stops working; `max` above which it only fills time. */
  natural?: number;
  min?: number;
  max?: number;
  each?: 'taught';
  /** Which use of the kind this is ("choose", "milestone", "clinic", …): templates word it accordingly. */
  role?: string;
  /** Takes what is left once every block is at its maximum. */
  absorb?: boolean;
  /** Moves to the next session when a short session cannot hold it. */
  optional?: boolean;
  /** Present only when an earlier session had to move its optional block here. */
  pending?: boolean;
  /** Dropped to make room for a pending block in a short session. */
  yields?: boolean;
  /** Kept while it fits, dropped (from the last one back) when it does not. */
  extra?: boolean;
  /** Runs in the first session that gives it minutes, never again. */
  once?: boolean;
  /** Clinic blocks: only in the first clinic, or in every other one (counted from 0). */
  clinics?: 'first' | 'even' | 'odd';
  title?: string;
}
export interface Blueprint {
  break: { from: number; every: number; minutes: number; long_from: number; long_minutes: number; title: string };
  arcs: Record<ArcName, { title: string; blocks: BlueprintBlock[] }>;
  shrink: BlockKind[];
  grow: BlockKind[];
  hands_on_share: number;
  check_ins: { after_days: number; minutes: number }[];
  objectives: Record<ArcName, string[]>;
  milestones: Record<ArcName | 'optional' | 'none', string>;
  /** What a block title says when the programme names no sponsor or capstone ("{sponsor}: what I will do next"). */
  names: { sponsor: string; capstone: string; and: string; titles: 'lower' | 'keep' };
  /** How practice is set and named; `periods` names a period inside those sentences ("once a {per}"). */
  practice: { on: Record<Period, string>; lead: Record<PracticeMode, string>; asked: Record<PracticeMode, string>; periods: Record<Period, string> };
}

export { fill } from '../../model/text.js';
