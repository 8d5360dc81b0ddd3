import type { DbOrTx } from '@/db/client';
import type { StockScope } from '@/db/queries/stock';

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
