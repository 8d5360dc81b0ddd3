import { stockLevel } from '@/lib/fleet/estimated-stock';

/**
 * Refill priority: which machines of a line a van should visit first. Pure and explainable: a
 * machine's score is a sum of points per reason, and the reasons are shown with the rank, most
 * points first (docs/decisions.md D32). Units only: planners never see money.
 */
export interface PriorityShelf {
  soldOut: boolean;
  /** When the shelf reported sold out (epoch seconds), if it said. */
  soldoutTime: number | null;
  /** Estimated stock (lib/fleet/estimated-stock), null when unknown. */
  estimated: number | null;
  valve: number | null;
  /** The forecast's predicted sold-out time (epoch seconds); null or absent: none. */
  predictedSoldOutAt?: number | null;
}

/** A machine as the priority reads it; `S` is its shelves, one by one or summed. */
interface MachineBasis<S> {
  assetId: string;
  shelves: S;
  /** Units delivered over the last VELOCITY_DAYS days. */
  recentUnits: number;
  /** The machine's latest refill settlement, null when none is known. */
  lastRefillTime: number | null;
  /** §4.1 online, as a plain boolean (null: never reported). */
  online: boolean | null;
  /** Since when it has been offline, when known. */
  offlineSince: number | null;
}

/** A machine with its planogram shelves. */
export type PriorityInput = MachineBasis<readonly PriorityShelf[]>;

/**
 * All the priority reads of a machine's shelves, summed (`shelfFigures`). A fleet's shelves
 * are summed per machine in SQL instead (db/queries/stock.ts `planningShelfFigures`, the same
 * terms): reading 200,000 shelves into objects took most of a fleet-wide ranking.
 */
export interface ShelfFigures {
  soldOutShelves: number;
  /** Σ over sold-out shelves that said when, of whole hours empty, each ≤ soldOutHoursCap. */
  soldOutShelfHours: number;
  /** The longest of those hours, uncapped; null when no sold-out shelf said when. */
  soldOutHours: number | null;
  /** Shelves at or under their threshold by the estimate, not sold out. */
  underValveShelves: number;
  /** Shelves not sold out that the forecast predicts empty before the next possible visit. */
  sellOutShelves: number;
  /** The earliest of those predicted sold-out times; null when none. */
  sellOutAt: number | null;
}

/** A machine with its shelves already summed. */
export type MachineFigures = MachineBasis<ShelfFigures>;

/** Whole hours since `at`, never below 0 (a clock ahead of ours). */
export const hoursSince = (at: number, now: number) => Math.max(0, Math.floor((now - at) / HOUR));

/**
 * The next possible visit when none is planned: the same time tomorrow (D95). A route day's
 * own visit time replaces it where one is chosen.
 */
export const nextPossibleVisit = (now: number) => now + DAY;

export function shelfFigures(
  shelves: readonly PriorityShelf[],
  now: number,
  nextVisitAt = nextPossibleVisit(now),
): ShelfFigures {
  const soldOut = shelves.filter((s) => s.soldOut);
  const sellOut = shelves
    .filter((s) => !s.soldOut && s.predictedSoldOutAt != null && s.predictedSoldOutAt < nextVisitAt)
    .map((s) => s.predictedSoldOutAt!);
  const hours = soldOut
    .filter((s) => s.soldoutTime !== null)
    .map((s) => hoursSince(s.soldoutTime!, now));
  return {
    soldOutShelves: soldOut.length,
    soldOutShelfHours: hours.reduce((n, h) => n + Math.min(h, WEIGHTS.soldOutHoursCap), 0),
    soldOutHours: hours.length ? Math.max(...hours) : null,
    underValveShelves: shelves.filter(
      (s) => stockLevel({ soldOut: s.soldOut, estimated: s.estimated, valve: s.valve }) === 'low',
    ).length,
    sellOutShelves: sellOut.length,
    sellOutAt: sellOut.length ? Math.min(...sellOut) : null,
  };
}

export type Reason =
  | { kind: 'soldOut'; points: number; shelves: number; hours: number | null }
  | { kind: 'underValve'; points: number; shelves: number }
  /** Predicted empty before the next possible visit; `hours` until the earliest. */
  | { kind: 'sellsOut'; points: number; shelves: number; hours: number }
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
  /**
   * per shelf the forecast predicts empty before the next possible visit, not yet sold out:
   * fewer than an empty shelf (a prediction, and its sales are not lost yet), more than one at
   * threshold (the threshold does not know how fast the shelf sells)
   */
  sellOutShelf: 60,
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

export function priority(
  m: PriorityInput,
  now: number,
  nextVisitAt = nextPossibleVisit(now),
): Priority {
  return priorityOf({ ...m, shelves: shelfFigures(m.shelves, now, nextVisitAt) }, now);
}

/** The priority of a machine whose shelves are already summed. */
export function priorityOf(m: MachineFigures, now: number): Priority {
  const reasons: Reason[] = [];
  const { soldOutShelves, underValveShelves: under } = m.shelves;
  if (soldOutShelves)
    reasons.push({
      kind: 'soldOut',
      points:
        soldOutShelves * WEIGHTS.soldOutShelf + m.shelves.soldOutShelfHours * WEIGHTS.soldOutHour,
      shelves: soldOutShelves,
      hours: m.shelves.soldOutHours,
    });
  if (under)
    reasons.push({ kind: 'underValve', points: under * WEIGHTS.underValveShelf, shelves: under });
  const { sellOutShelves: sellOut, sellOutAt } = m.shelves;
  if (sellOut && sellOutAt !== null)
    reasons.push({
      kind: 'sellsOut',
      points: sellOut * WEIGHTS.sellOutShelf,
      shelves: sellOut,
      hours: Math.max(0, Math.floor((sellOutAt - now) / HOUR)),
    });
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
      hours: m.offlineSince === null ? null : hoursSince(m.offlineSince, now),
    });
  reasons.sort((a, b) => b.points - a.points);
  return {
    score: reasons.reduce((n, r) => n + r.points, 0),
    reasons,
    soldOutShelves,
    underValveShelves: under,
    unitsPerDay,
  };
}

/**
 * Most urgent first: by score, then more sold-out shelves, then more shelves under threshold,
 * then asset id, so equal machines keep a stable order. Ranks count from 1.
 */
export function rankMachines<M extends PriorityInput>(
  machines: readonly M[],
  now: number,
  nextVisitAt = nextPossibleVisit(now),
) {
  return byPriority(
    machines.map((m) => ({ machine: m, priority: priority(m, now, nextVisitAt) })),
  ).map((r) => ({
    ...r.machine,
    ...r.priority,
    rank: r.rank,
  }));
}

/**
 * `rankMachines` for machines whose shelves are already summed, without merging each machine
 * with its priority: a fleet is 5,000 of them, and the caller builds its own rows once.
 */
export function rankFigures<M extends MachineFigures>(machines: readonly M[], now: number) {
  return byPriority(machines.map((m) => ({ machine: m, priority: priorityOf(m, now) })));
}

function byPriority<M extends { assetId: string }>(list: { machine: M; priority: Priority }[]) {
  return list
    .sort(
      ({ machine: ma, priority: a }, { machine: mb, priority: b }) =>
        b.score - a.score ||
        b.soldOutShelves - a.soldOutShelves ||
        b.underValveShelves - a.underValveShelves ||
        (ma.assetId < mb.assetId ? -1 : ma.assetId > mb.assetId ? 1 : 0),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
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
