import { estimatedStock, type StockBasis } from '@/lib/fleet/estimated-stock';

/**
 * The pick list (pre-kit) of a refill run: what the van carries. Pure: the API, the page, the
 * CSV and the tests all go through this one arithmetic (docs/decisions.md D31).
 */
export interface PickShelfInput extends StockBasis {
  assetId: string;
  cid: string;
  locationId: string;
  goodsId: string | null;
  goodsName: string | null;
  capacity: number | null;
  /** false for a shelf known only from a status push: no planogram, nothing to load. */
  inPlanogram: boolean;
  /** The forecast's expected sales around the visit; null or absent: no forecast. */
  expected?: ExpectedSales | null;
}

/** Units the forecast expects a shelf to sell (fractions: expectations, not counts). */
export interface ExpectedSales {
  /** From now until the visit: what the shelf will not have left when the van comes. */
  beforeVisit: number;
  /** From the visit until the next planned visit: what the load must cover. */
  untilNext: number;
}

/**
 * How a pick list loads a shelf: to its capacity (D31), or to par (D95), the forecast's
 * sales until the next planned visit plus a safety margin, capped by capacity.
 */
export type Fill = 'capacity' | 'par';

export interface PickListShelf {
  assetId: string;
  cid: string;
  locationId: string;
  goodsId: string;
  capacity: number;
  /** null when no refill is known: shown as unknown, loaded as if empty. */
  estimatedStock: number | null;
  units: number;
  /** To par only: what filling to capacity would load. */
  fullUnits?: number;
  /** To par only: false when the shelf has no forecast (loaded to capacity). */
  forecast?: boolean;
}

export interface PickListGoods {
  goodsId: string;
  goodsName: string | null;
  units: number;
}

export interface PickList {
  goods: PickListGoods[];
  shelves: PickListShelf[];
}

/** Units to fill a shelf: capacity less what is on it (unknown counts as empty), never < 0. */
export function unitsToLoad(capacity: number, estimated: number | null): number {
  return Math.max(0, capacity - (estimated ?? 0));
}

/**
 * The safety margin over the expected sales of a to-par load: the larger of 20 % and √expected
 * (about one standard deviation of a count with that mean), so slow shelves get a unit or two
 * of room and fast ones a fifth more.
 */
export const PAR_MARGIN = 0.2;
export const safetyUnits = (expected: number) =>
  Math.max(PAR_MARGIN * expected, Math.sqrt(expected));

/**
 * Units to bring a shelf to par: the stock expected at the visit (what it has now less what
 * sells before the van comes, unknown as empty) topped up to the expected sales until the next
 * visit plus the safety margin, rounded up; capped by capacity, never below 0.
 */
export function parUnitsToLoad(
  capacity: number,
  estimated: number | null,
  expected: ExpectedSales,
): number {
  const atVisit = Math.max(0, (estimated ?? 0) - Math.max(0, expected.beforeVisit));
  const need = Math.max(0, expected.untilNext);
  const target = Math.min(capacity, Math.ceil(need + safetyUnits(need) - 1e-9));
  // Whole units: what is left at the visit is an expectation, so round the load up.
  return Math.max(0, Math.ceil(target - atVisit - 1e-9));
}

/** Units to fill a shelf to capacity at the visit: as `unitsToLoad`, less what sells before it. */
export function fullUnitsToLoad(
  capacity: number,
  estimated: number | null,
  expected: ExpectedSales | null | undefined,
): number {
  if (!expected || estimated === null) return unitsToLoad(capacity, estimated);
  const atVisit = Math.max(0, estimated - Math.max(0, expected.beforeVisit));
  return Math.ceil(unitsToLoad(capacity, atVisit) - 1e-9);
}

/** Whether a shelf belongs on a pick list: in the planogram, with goods and a capacity. */
export function isLoadable(s: Pick<PickShelfInput, 'inPlanogram' | 'goodsId' | 'capacity'>) {
  return s.inPlanogram && s.goodsId !== null && s.capacity !== null;
}

/**
 * Per shelf, in the order given (the run's visiting order, then shelf order), and per goods:
 * Σ over the shelves of (capacity − estimated stock), goods needing nothing left out, most
 * units first. To par, a shelf with a forecast loads `parUnitsToLoad` instead, and each shelf
 * says what filling it would have loaded (`fullUnits`) and whether it had a forecast.
 */
export function pickList(input: readonly PickShelfInput[], fill: Fill = 'capacity'): PickList {
  const shelves: PickListShelf[] = [];
  const goods = new Map<string, PickListGoods>();
  for (const s of input) {
    if (!isLoadable(s)) continue;
    const goodsId = s.goodsId!;
    const capacity = s.capacity!;
    const estimated = estimatedStock(s);
    const full = fullUnitsToLoad(capacity, estimated, s.expected);
    const forecast = Boolean(s.expected);
    const units =
      fill === 'par' && s.expected ? parUnitsToLoad(capacity, estimated, s.expected) : full;
    shelves.push({
      assetId: s.assetId,
      cid: s.cid,
      locationId: s.locationId,
      goodsId,
      capacity,
      estimatedStock: estimated,
      units,
      ...(fill === 'par' ? { fullUnits: full, forecast } : {}),
    });
    const g = goods.get(goodsId) ?? { goodsId, goodsName: null, units: 0 };
    g.goodsName ??= s.goodsName;
    g.units += units;
    goods.set(goodsId, g);
  }
  return {
    goods: [...goods.values()]
      .filter((g) => g.units > 0)
      .sort((a, b) => b.units - a.units || (a.goodsId < b.goodsId ? -1 : 1)),
    shelves,
  };
}
