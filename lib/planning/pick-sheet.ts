import 'server-only';
import type { DbOrTx } from '@/db/client';
import { goodsLabels, knownLineIds, lineMachineIds, machineLabels } from '@/db/queries/pick-sheet';
import { stockBasis } from '@/db/queries/stock';
import { ApiError } from '@/lib/edge/errors';
import { pickList, type Fill } from '@/lib/planning/pick-list';
import { expectedSales } from './forecast-figures';
import { MAX_SHEET_LINES, MAX_SHEET_MACHINES } from './sheet-limits';

/**
 * The pick list a warehouse hand loads the van from (docs/decisions.md D82): goods by number
 * and name with their totals, then per machine only the shelves that need units. Built from
 * any selection of machines: a run, the overview's alerts, the machine list, whole lines.
 */

export { MAX_SHEET_LINES, MAX_SHEET_MACHINES };

export type PickSelection = { assetIds: readonly string[] } | { lineIds: readonly number[] };

/**
 * How the sheet loads (D95): to capacity, or to par for `parDays` days from the visit. `visitAt`
 * is when the van comes (null: now); with a visit ahead, both count what sells before it.
 */
export interface SheetFill {
  fill: Fill;
  parDays: number;
  visitAt: number | null;
}

export const TO_CAPACITY: SheetFill = { fill: 'capacity', parDays: 1, visitAt: null };

const DAY = 86_400;
/** How far back a visit may be (the van is on its way) and ahead (two weeks) on a sheet. */
const VISIT_BEHIND = DAY;
const VISIT_AHEAD = 15 * DAY;

export interface SheetGoods {
  goodsId: string;
  number: string | null;
  name: string | null;
  units: number;
}

export interface SheetShelf {
  /** 1-based, only when the machine has more than one container; else null. */
  container: number | null;
  locationId: string;
  goodsId: string;
  number: string | null;
  name: string | null;
  capacity: number;
  /** null: no refill known, loaded as if empty. */
  estimatedStock: number | null;
  units: number;
  /** To par only: what filling to capacity would load, and whether a forecast decided. */
  fullUnits?: number;
  forecast?: boolean;
}

export interface SheetMachine {
  assetId: string;
  name: string | null;
  siteName: string | null;
  lineName: string | null;
  units: number;
  /** Shelves with units to load only. */
  shelves: SheetShelf[];
}

export interface PickSheet {
  machines: SheetMachine[];
  goods: SheetGoods[];
  totalUnits: number;
  /** To par only (D95): how it was loaded, and what filling every shelf would have taken. */
  par?: SheetPar;
}

export interface SheetPar {
  days: number;
  visitAt: number;
  /** The next planned visit the load lasts until: visitAt + days. */
  untilAt: number;
  /** Σ units filling the same shelves to capacity would load. */
  fullUnits: number;
  /** Shelves with units to load that have no forecast (loaded to capacity). */
  noForecastShelves: number;
}

/** The machines a selection names, in order, checked and bounded (ApiError otherwise). */
export async function selectionMachines(db: DbOrTx, selection: PickSelection): Promise<string[]> {
  if ('lineIds' in selection) {
    const known = new Set(await knownLineIds(db, selection.lineIds));
    const missing = selection.lineIds.find((id) => !known.has(id));
    if (missing !== undefined) throw new ApiError('UNPROCESSABLE', `lineIds: no line ${missing}`);
    const ids = await lineMachineIds(db, selection.lineIds);
    if (ids.length > MAX_SHEET_MACHINES)
      throw new ApiError(
        'UNPROCESSABLE',
        `lineIds: these lines hold ${ids.length} machines; a pick list takes at most ${MAX_SHEET_MACHINES}`,
      );
    return ids;
  }
  const known = new Set((await machineLabels(db, selection.assetIds)).map((m) => m.assetId));
  const i = selection.assetIds.findIndex((a) => !known.has(a));
  if (i >= 0)
    throw new ApiError(
      'UNPROCESSABLE',
      `assetIds.${i}: no machine ${JSON.stringify(selection.assetIds[i])}`,
    );
  return [...selection.assetIds];
}

/** The pick sheet of these machines, in the order given. */
export async function sheetFor(
  db: DbOrTx,
  assetIds: readonly string[],
  fill: SheetFill = TO_CAPACITY,
  now = Math.floor(Date.now() / 1000),
): Promise<PickSheet> {
  const position = new Map(assetIds.map((a, i) => [a, i]));
  const stock = (await stockBasis(db, { assetIds })).sort(
    (a, b) => position.get(a.assetId)! - position.get(b.assetId)!,
  );
  const forecast = fill.fill === 'par' || fill.visitAt !== null;
  const visitAt = Math.max(now, fill.visitAt ?? now);
  const untilAt = visitAt + fill.parDays * DAY;
  const expected = forecast ? await expectedSales(db, assetIds, { now, visitAt, untilAt }) : null;
  const basis = expected
    ? stock.map((s) => ({ ...s, expected: expected.get(`${s.assetId}|${s.cid}|${s.locationId}`) }))
    : stock;
  const list = pickList(basis, fill.fill);
  const shelfNames = new Map<string, string>();
  for (const s of basis) if (s.goodsId && s.goodsName) shelfNames.set(s.goodsId, s.goodsName);
  const labels = await goodsLabels(db, [...new Set(list.shelves.map((s) => s.goodsId))]);
  const label = (goodsId: string) => ({
    number: labels.get(goodsId)?.number ?? null,
    // The shelf's own name (the planogram's) when the catalogue has none.
    name: labels.get(goodsId)?.name ?? shelfNames.get(goodsId) ?? null,
  });
  const containers = new Map<string, string[]>();
  for (const s of list.shelves) {
    const cids = containers.get(s.assetId) ?? [];
    if (!cids.includes(s.cid)) cids.push(s.cid);
    containers.set(s.assetId, cids);
  }
  const info = new Map((await machineLabels(db, assetIds)).map((m) => [m.assetId, m]));
  const machines: SheetMachine[] = assetIds.map((assetId) => ({
    assetId,
    name: info.get(assetId)?.name ?? null,
    siteName: info.get(assetId)?.siteName ?? null,
    lineName: info.get(assetId)?.lineName ?? null,
    units: 0,
    shelves: [],
  }));
  const byId = new Map(machines.map((m) => [m.assetId, m]));
  for (const s of list.shelves) {
    if (s.units === 0) continue;
    const m = byId.get(s.assetId)!;
    const cids = containers.get(s.assetId)!;
    m.units += s.units;
    m.shelves.push({
      container: cids.length > 1 ? cids.indexOf(s.cid) + 1 : null,
      locationId: s.locationId,
      goodsId: s.goodsId,
      ...label(s.goodsId),
      capacity: s.capacity,
      estimatedStock: s.estimatedStock,
      units: s.units,
      ...(fill.fill === 'par' ? { fullUnits: s.fullUnits, forecast: s.forecast } : {}),
    });
  }
  const goods = list.goods.map((g) => ({
    goodsId: g.goodsId,
    ...label(g.goodsId),
    units: g.units,
  }));
  const totalUnits = goods.reduce((n, g) => n + g.units, 0);
  if (fill.fill !== 'par') return { machines, goods, totalUnits };
  const par: SheetPar = {
    days: fill.parDays,
    visitAt,
    untilAt,
    fullUnits: list.shelves.reduce((n, s) => n + (s.fullUnits ?? s.units), 0),
    noForecastShelves: list.shelves.filter((s) => s.units > 0 && s.forecast === false).length,
  };
  return { machines, goods, totalUnits, par };
}

/** A visit time a sheet may be built for: from a day ago to 15 days ahead (else 422). */
function checkVisit(visitAt: number | null, now: number) {
  if (visitAt !== null && (visitAt < now - VISIT_BEHIND || visitAt > now + VISIT_AHEAD))
    throw new ApiError(
      'UNPROCESSABLE',
      'visitAt: the visit must be between a day ago and 15 days from now',
    );
}

/** The sheet of a selection (assetIds or lineIds), refusing unknown or too many machines. */
export async function pickSheet(
  db: DbOrTx,
  selection: PickSelection,
  fill: SheetFill = TO_CAPACITY,
  now = Math.floor(Date.now() / 1000),
): Promise<PickSheet> {
  checkVisit(fill.visitAt, now);
  return await sheetFor(db, await selectionMachines(db, selection), fill, now);
}
