import { stockLevel } from './estimated-stock';

/**
 * Refill priority: which machines of a line a van should visit first. Pure and explainable: a
 * machine's score is a sum of points per reason, and the reasons are shown with the rank, most
 * points first (docs/decisions.md D32). Units only: planners never see money.
 */
export interface PriorityShelf {
  soldOut: boolean;
  /** When the shelf reported sold out (epoch seconds), if it said. */
  soldoutTime: number | null;
  /** Estimated stock (lib/domain/estimated-stock), null when unknown. */
  estimated: number | null;
  valve: number | null;
}

export interface PriorityInput {
  assetId: string;
  /** The machine's planogram shelves. */
  shelves: readonly PriorityShelf[];
  /** Units delivered over the last VELOCITY_DAYS days. */
  recentUnits: number;
  /** The machine's latest refill settlement, null when none is known. */
  lastRefillTime: number | null;
  /** §4.1 online, as a plain boolean (null: never reported). */
  online: boolean | null;
  /** Since when it has been offline, when known. */
  offlineSince: number | null;
}

export type Reason =
  | { kind: 'soldOut'; points: number; shelves: number; hours: number | null }
  | { kind: 'underValve'; points: number; shelves: number }
  | { kind: 'velocity'; points: number; unitsPerDay: number }
  | { kind: 'sinceRefill'; points: number; days: number }
  | { kind: 'noRefill'; points: number }
  | { kind: 'offline'; points: number; hours: number | null };

export interface Priority {
  score: number;
  /** Every reason that earned points, most points first. */
  reasons: Reason[];
  soldOutShelves: number;
  underValveShelves: number;
  unitsPerDay: number;
}

export const WEIGHTS = {
  /** per sold-out shelf: an empty shelf loses every sale of its goods */
  soldOutShelf: 100,
  /** per hour each sold-out shelf has been empty, up to `soldOutHoursCap` hours per shelf */
  soldOutHour: 1,
  soldOutHoursCap: 72,
  /** per shelf at or under its refill threshold (`valve`), not yet sold out */
  underValveShelf: 40,
  /** per unit sold per day (last VELOCITY_DAYS days): fast sellers empty first */
  unitPerDay: 1,
  unitsPerDayCap: 100,
  /** per day since the last refill, up to `daysCap` days; no refill known counts as the cap */
  day: 5,
  daysCap: 14,
  /** offline: the visit checks the machine, and its stock may be worse than it last said */
  offline: 50,
} as const;

export const VELOCITY_DAYS = 7;

const HOUR = 3600;
const DAY = 86_400;

export function priority(m: PriorityInput, now: number): Priority {
  const reasons: Reason[] = [];
  const soldOut = m.shelves.filter((s) => s.soldOut);
  if (soldOut.length) {
    const hours = soldOut
      .filter((s) => s.soldoutTime !== null)
      .map((s) => Math.max(0, Math.floor((now - s.soldoutTime!) / HOUR)));
    const shelfHours = hours.reduce((n, h) => n + Math.min(h, WEIGHTS.soldOutHoursCap), 0);
    reasons.push({
      kind: 'soldOut',
      points: soldOut.length * WEIGHTS.soldOutShelf + shelfHours * WEIGHTS.soldOutHour,
      shelves: soldOut.length,
      hours: hours.length ? Math.max(...hours) : null,
    });
  }
  const under = m.shelves.filter(
    (s) => stockLevel({ soldOut: s.soldOut, estimated: s.estimated, valve: s.valve }) === 'low',
  ).length;
  if (under)
    reasons.push({ kind: 'underValve', points: under * WEIGHTS.underValveShelf, shelves: under });
  const unitsPerDay = Math.round((m.recentUnits / VELOCITY_DAYS) * 10) / 10;
  const velocityPoints = Math.round(
    Math.min(unitsPerDay, WEIGHTS.unitsPerDayCap) * WEIGHTS.unitPerDay,
  );
  if (velocityPoints > 0) reasons.push({ kind: 'velocity', points: velocityPoints, unitsPerDay });
  if (m.lastRefillTime === null) {
    reasons.push({ kind: 'noRefill', points: WEIGHTS.daysCap * WEIGHTS.day });
  } else {
    const days = Math.max(0, Math.floor((now - m.lastRefillTime) / DAY));
    if (days > 0)
      reasons.push({
        kind: 'sinceRefill',
        points: Math.min(days, WEIGHTS.daysCap) * WEIGHTS.day,
        days,
      });
  }
  if (m.online === false)
    reasons.push({
      kind: 'offline',
      points: WEIGHTS.offline,
      hours:
        m.offlineSince === null ? null : Math.max(0, Math.floor((now - m.offlineSince) / HOUR)),
    });
  reasons.sort((a, b) => b.points - a.points);
  return {
    score: reasons.reduce((n, r) => n + r.points, 0),
    reasons,
    soldOutShelves: soldOut.length,
    underValveShelves: under,
    unitsPerDay,
  };
}

export type Ranked<M> = M & Priority & { rank: number };

/**
 * Most urgent first: by score, then more sold-out shelves, then more shelves under threshold,
 * then asset id, so equal machines keep a stable order. Ranks count from 1.
 */
export function rankMachines<M extends PriorityInput>(machines: readonly M[], now: number) {
  return machines
    .map((m) => ({ ...m, ...priority(m, now) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.soldOutShelves - a.soldOutShelves ||
        b.underValveShelves - a.underValveShelves ||
        (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0),
    )
    .map((m, i): Ranked<M> => ({ ...m, rank: i + 1 }));
}

/**
 * How a machine or a site is coloured on the map: sold out when any shelf says so, low when
 * any is at or under its threshold, unknown when no shelf's stock is known, else ok.
 */
export type Urgency = 'soldOut' | 'low' | 'unknown' | 'ok';
export const URGENCY_ORDER: readonly Urgency[] = ['soldOut', 'low', 'unknown', 'ok'];

export function urgencyOf(m: {
  soldOutShelves: number;
  underValveShelves: number;
  knownShelves: number;
}): Urgency {
  if (m.soldOutShelves > 0) return 'soldOut';
  if (m.underValveShelves > 0) return 'low';
  return m.knownShelves > 0 ? 'ok' : 'unknown';
}

/** The most urgent of several (a site's machines, a line's); unknown for none. */
export function worstUrgency(levels: readonly Urgency[]): Urgency {
  for (const u of URGENCY_ORDER) if (levels.includes(u)) return u;
  return 'unknown';
}
