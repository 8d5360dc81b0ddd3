/**
 * How long until a shelf (or a machine's first shelf) is predicted empty, in the words a person
 * reads at a glance (D96): minutes under an hour (to 5 minutes), hours under two days, then days.
 * Pure and client-safe: the shelf map and the machine list say it the same way.
 */
export type SoldOutIn = { unit: 'now' } | { unit: 'minutes' | 'hours' | 'days'; n: number };

const HOUR = 3600;
const DAY = 86_400;

/**
 * `soldOut`: the shelf is empty now (the machine says so, or nothing is left); `at`: the
 * predicted sold-out time (epoch seconds), null when unknown. Null: nothing to say.
 */
export function soldOutIn(o: {
  at: number | null;
  soldOut?: boolean;
  now: number;
}): SoldOutIn | null {
  if (o.soldOut) return { unit: 'now' };
  if (o.at === null) return null;
  const left = o.at - o.now;
  if (left <= 0) return { unit: 'now' };
  if (left < HOUR) {
    const n = Math.max(5, Math.round(left / 300) * 5);
    return n < 60 ? { unit: 'minutes', n } : { unit: 'hours', n: 1 };
  }
  if (left < 2 * DAY) {
    const n = Math.max(1, Math.round(left / HOUR));
    return n < 48 ? { unit: 'hours', n } : { unit: 'days', n: 2 };
  }
  return { unit: 'days', n: Math.round(left / DAY) };
}
