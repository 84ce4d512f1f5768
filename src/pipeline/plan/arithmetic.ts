/**
 * Per-person activities, sized to the block's real minutes and the group: the prose a facilitator
 * reads never promises more turns than the minutes hold. Pure numbers; the view words them and
 * tests/core/design.test.ts checks that every plan fits its block.
 */

export interface SharePlan {
  mode: 'round' | 'pairs' | 'cards';
  /** Minutes per person when everyone speaks to the room. */
  each: number;
  /** People who speak to the room (everyone in a round). */
  speakers: number;
  /** Minutes in pairs before anyone speaks to the room. */
  pairMinutes: number;
  /** Minutes the plan uses; never more than the block. */
  used: number;
}

/** Share-back: a round when it fits at two minutes or more each, else pairs then a few voices, else cards. */
export function shareBackPlan(minutes: number, group: number): SharePlan {
  const wrap = 2;
  if (minutes - wrap >= group * 2) {
    const each = Math.min(3, Math.floor((minutes - wrap) / group));
    return { mode: 'round', each, speakers: group, pairMinutes: 0, used: group * each + wrap };
  }
  if (minutes >= 7) {
    const pairMinutes = Math.min(6, Math.max(4, 2 * Math.floor((minutes * 0.4) / 2)));
    const speakers = Math.max(1, Math.min(group, Math.floor((minutes - pairMinutes - 1) / 2)));
    return { mode: 'pairs', each: 2, speakers, pairMinutes, used: pairMinutes + speakers * 2 };
  }
  const speakers = Math.max(1, Math.min(group, Math.floor((minutes - 2) / 1)));
  return { mode: 'cards', each: 1, speakers, pairMinutes: 0, used: 2 + speakers };
}

export interface ShowcasePlan {
  mode: 'everyone' | 'some';
  /** Minutes each presenter shows, plus one minute for the sponsor's question. */
  show: number;
  presenters: number;
  /** Minutes of the gallery walk for those who do not present to the room. */
  walk: number;
  used: number;
}

/** Showcase: everyone when three (or two) minutes each plus a question fits; else some present and a gallery walk covers the rest. */
export function showcasePlan(minutes: number, group: number): ShowcasePlan {
  const frame = 3;
  for (const show of [3, 2])
    if (minutes - frame >= group * (show + 1)) return { mode: 'everyone', show, presenters: group, walk: 0, used: frame + group * (show + 1) };
  // Keep at least five minutes for the walk; the rest goes to people presenting to the room.
  const presenters = Math.max(0, Math.min(group - 1, Math.floor((minutes - frame - 5) / 4)));
  const walk = Math.max(0, Math.min(15, minutes - frame - presenters * 4));
  return { mode: 'some', show: 3, presenters, walk, used: frame + presenters * 4 + walk };
}

/** How many weak prompts a failure gallery can take apart: five minutes each, after five for the facilitator's own. */
export const galleryCount = (minutes: number, available: number): number => Math.max(1, Math.min(available, Math.floor((minutes - 5) / 5)));

/** A round of one sentence each (about 30 seconds a person) after `setup` minutes, or a few voices when it does not fit. */
export function sentenceRound(minutes: number, group: number, setup: number): { everyone: boolean; voices: number } {
  if (minutes - setup >= Math.ceil(group / 2)) return { everyone: true, voices: group };
  return { everyone: false, voices: Math.max(1, Math.min(group, Math.floor((minutes - setup) * 2))) };
}
