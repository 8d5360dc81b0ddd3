/**
 * Machine clocks drift (issue 17 item 3, docs/decisions.md D71). A time a machine states is
 * believed unless it is more than CLOCK_AHEAD_S after the moment we received it; a time that
 * must be recent (a shelf's sold-out time) is not believed either when it is older than
 * RECENT_S. What is not believed counts at the receipt time; the stated value is kept beside it.
 */

/** How far a stated time may be after its receipt before it is not believed: 5 minutes. */
export const CLOCK_AHEAD_S = 300;
/** How old a time that must be recent (a sold-out time) may be: 7 days. */
export const RECENT_S = 7 * 86_400;

/** A time as the app counts it, and what the machine stated when that was not believed. */
export interface Believed {
  time: number;
  /** The machine's own value when it was not believed; null when `time` is it. */
  stated: number | null;
}

export const isAhead = (stated: number, receivedAt: number) => stated > receivedAt + CLOCK_AHEAD_S;

/**
 * A stated time, believed or replaced by the receipt time. `known` is what was stored for the
 * same field before: a message that states the same value again (a redelivery, a later state of
 * the same trade, a sync of a pushed trade) keeps the time it was given then, so a trade never
 * moves between periods because it was heard of twice.
 */
export function believe(
  stated: number | null | undefined,
  receivedAt: number,
  known?: { time: number | null; stated: number | null },
): Believed | undefined {
  if (stated == null) return undefined;
  if (known && known.time !== null && (known.stated ?? known.time) === stated)
    return { time: known.time, stated: known.stated };
  return isAhead(stated, receivedAt)
    ? { time: receivedAt, stated }
    : { time: stated, stated: null };
}

/**
 * A time that must be recent (a shelf's sold-out time): believed when it is not ahead of its
 * receipt, not older than RECENT_S and not before `notBefore` (when we last knew the opposite).
 */
export function believeRecent(
  stated: number | null | undefined,
  receivedAt: number,
  notBefore?: number | null,
): Believed | undefined {
  if (stated == null) return undefined;
  const floor = Math.max(receivedAt - RECENT_S, notBefore ?? -Infinity);
  if (isAhead(stated, receivedAt) || stated < floor) return { time: receivedAt, stated };
  return { time: stated, stated: null };
}

/**
 * What a message's latest stated time says about the machine's clock: ahead by so many seconds,
 * right (within CLOCK_AHEAD_S either way), or nothing (older: a late or redelivered message).
 */
export function clockReading(
  stated: number | null | undefined,
  receivedAt: number,
): { ahead: number } | 'right' | null {
  if (stated == null) return null;
  const skew = stated - receivedAt;
  if (skew > CLOCK_AHEAD_S) return { ahead: skew };
  return skew >= -CLOCK_AHEAD_S ? 'right' : null;
}
