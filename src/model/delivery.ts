import type { Delivery } from './model.js';

/**
 * What changes with the delivery mode. A room has tables, a board and a wall; a remote session has
 * breakout rooms, the chat and cameras; a hybrid one has both, and a producer who runs the call so the
 * facilitator can face the room. Only these words change: the arc, the timings and the materials stay.
 */

/** A message of the pack's language (render/messages.ts's `t`), so these words follow --lang. */
type Say = (key: string, values?: Readonly<Record<string, string | number>>) => string;

/** The five norms, short enough for a slide and a poster. */
export function norms(d: Delivery, t: Say): string[] {
  return [
    t('delivery.norms.drafts'),
    t('delivery.norms.data'),
    t(d === 'room' ? 'delivery.norms.roomStays' : 'delivery.norms.sessionStays'),
    t('delivery.norms.synthetic'),
    t('delivery.norms.ask'),
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

export function deliveryWords(d: Delivery, location: string | undefined, t: Say): DeliveryWords {
  const link = location ?? null;
  return {
    mode: d,
    room: d === 'room',
    remote: d === 'remote',
    hybrid: d === 'hybrid',
    online: d !== 'room',
    label: t(`delivery.label.${d}`),
    pairs: t(`delivery.pairs.${d}`),
    join: d === 'room' ? '' : link ? t('delivery.join', { link }) : t('delivery.joinLater'),
  };
}
