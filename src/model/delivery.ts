import type { Delivery } from './model.js';

/**
 * What changes with the delivery mode. A room has tables, a board and a wall; a remote session has
 * breakout rooms, the chat and cameras; a hybrid one has both, and a producer who runs the call so the
 * facilitator can face the room. Only these words change: the arc, the timings and the materials stay.
 */

/** The five norms, short enough for a slide and a poster. */
export function norms(d: Delivery): string[] {
  return [
    'We share drafts, not finished work',
    'A bad output is data about the prompt, not the person',
    d === 'room' ? 'What is said in the room stays in the room' : 'What is said in the session stays in the session',
    'Only synthetic or redacted material goes into the tool',
    'Ask the basic question: someone else has it too',
  ];
}

export interface DeliveryWords {
  mode: Delivery;
  room: boolean;
  remote: boolean;
  hybrid: boolean;
  /** remote or hybrid: someone is on the call. */
  online: boolean;
  label: string;
  /** How pairs are formed for hands-on work. */
  pairs: string;
  /** Where the join link is, for handouts and the calendar. */
  join: string;
}

export function deliveryWords(d: Delivery, location?: string): DeliveryWords {
  const link = location ?? null;
  return {
    mode: d,
    room: d === 'room',
    remote: d === 'remote',
    hybrid: d === 'hybrid',
    online: d !== 'room',
    label: d === 'room' ? 'In the room' : d === 'remote' ? 'Remote, on a video call' : 'Hybrid: a room and a video call',
    pairs:
      d === 'room'
        ? 'Pairs or threes: one person types, the others check.'
        : d === 'remote'
          ? 'Breakout rooms of two or three: one person shares their screen and types, the others check.'
          : 'Pairs or threes: in the room at the tables, on the call in breakout rooms; one person types, the others check.',
    join: d === 'room' ? '' : link ? `Join: ${link}` : 'Join with the meeting link in the calendar invitation.',
  };
}
