import { estimatedStock, type StockBasis } from './estimated-stock';

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
}

export interface PickListShelf {
  assetId: string;
  cid: string;
  locationId: string;
  goodsId: string;
  capacity: number;
  /** null when no refill is known: shown as unknown, loaded as if empty. */
  estimatedStock: number | null;
  units: number;
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

/** Whether a shelf belongs on a pick list: in the planogram, with goods and a capacity. */
export function isLoadable(s: Pick<PickShelfInput, 'inPlanogram' | 'goodsId' | 'capacity'>) {
  return s.inPlanogram && s.goodsId !== null && s.capacity !== null;
}

/**
 * Per shelf, in the order given (the run's visiting order, then shelf order), and per goods:
 * Σ over the shelves of (capacity − estimated stock), goods needing nothing left out, most
 * units first.
 */
export function pickList(input: readonly PickShelfInput[]): PickList {
  const shelves: PickListShelf[] = [];
  const goods = new Map<string, PickListGoods>();
  for (const s of input) {
    if (!isLoadable(s)) continue;
    const goodsId = s.goodsId!;
    const capacity = s.capacity!;
    const estimated = estimatedStock(s);
    const units = unitsToLoad(capacity, estimated);
    shelves.push({
      assetId: s.assetId,
      cid: s.cid,
      locationId: s.locationId,
      goodsId,
      capacity,
      estimatedStock: estimated,
      units,
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
