import type { DbOrTx } from '@/db/client';
import type { StockScope } from '@/db/queries/stock';
import type { ExpectedSales } from '@/lib/domain/pick-list';
import type { RouteDayMachine, RouteDayShelf } from './route-day';

/**
 * The forecast's figures as planning reads them (D95): per machine, the shelves predicted empty
 * before the next possible visit and the earliest of those times.
 */
export interface SellOutFigures {
  sellOutShelves: number;
  sellOutAt: number | null;
}

/** Per machine in scope with a shelf predicted empty before `nextVisitAt`. */
export function sellOutFigures(
  _db: DbOrTx,
  _scope: StockScope,
  _now: number,
  _nextVisitAt: number,
): Map<string, SellOutFigures> {
  // The forecast's stored demand lands with migration 0024 (lib/forecast/shelves.ts).
  return new Map();
}

/**
 * Per shelf (`${assetId}|${cid}|${locationId}`) with a forecast, its expected sales from `now`
 * to the visit and from the visit to `untilAt`. Shelves without a forecast are absent.
 */
export function expectedSales(
  _db: DbOrTx,
  _assetIds: readonly string[],
  _o: { now: number; visitAt: number; untilAt: number },
): Map<string, ExpectedSales> {
  return new Map();
}

/** A shelf as the route day reads it: the forecast's figures and what names it. */
export interface PlanShelf extends RouteDayShelf {
  cid: string;
  locationId: string;
  goodsId: string | null;
  goodsName: string | null;
}

/** The machines in scope with their shape and their planogram shelves' forecast figures. */
export function forecastMachines(_db: DbOrTx, _scope: StockScope): RouteDayMachine<PlanShelf>[] {
  return [];
}
