import { tzOffset } from '@date-fns/tz';

/** Hours in a week: demand is shaped by hour of the week (D93). */
export const WEEK_HOURS = 168;
export const HOUR = 3600;
export const DAY = 86_400;
export const WEEK = 7 * DAY;

/**
 * The hour of the week `t` falls in, local time: 0 = Monday 00:00–01:00. `offset` is the fleet
 * time zone's offset east of UTC in seconds. 1970-01-01 was a Thursday, 72 hours after a Monday.
 */
export function hourOfWeek(t: number, offset: number): number {
  const h = Math.floor((t + offset) / HOUR) + 72;
  return ((h % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
}

/**
 * The zone's offset east of UTC at `at`, in seconds. One offset serves a whole fit or forecast:
 * in a zone with summer time the hour of week is an hour off for part of the year, which moves
 * demand by an hour, well inside the forecast's band (D93); Asia/Shanghai has none.
 */
export function zoneOffset(timeZone: string, at: number): number {
  return tzOffset(timeZone, new Date(at * 1000)) * 60;
}
