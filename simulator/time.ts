/** The fleet's local time (Asia/Shanghai, UTC+8, no DST): demand curves follow it. */
export const FLEET_UTC_OFFSET = 8 * 3600;
export const HOUR = 3600;
export const DAY = 86400;

export function localHour(t: number): number {
  return Math.floor(((t + FLEET_UTC_OFFSET) % DAY) / HOUR);
}

/** 0 = Sunday … 6 = Saturday, in fleet time. */
export function localWeekday(t: number): number {
  return (Math.floor((t + FLEET_UTC_OFFSET) / DAY) + 4) % 7;
}

/** Epoch seconds of local midnight of the fleet day containing t. */
export function localMidnight(t: number): number {
  return Math.floor((t + FLEET_UTC_OFFSET) / DAY) * DAY - FLEET_UTC_OFFSET;
}
