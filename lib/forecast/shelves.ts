import type { DbOrTx } from '@/db/client';
import { machineShapes, shelfKey, shelfRates } from '@/db/queries/forecast';
import { stockBasis, type StockScope } from '@/db/queries/stock';
import { estimatedStock } from '@/lib/domain/estimated-stock';
import { predictSoldOut } from './predict';

/** A planogram shelf's stock and what the forecast says of it (issue 21 item 2, D93). */
export interface ShelfForecast {
  assetId: string;
  cid: string;
  locationId: string;
  goodsId: string | null;
  goodsName: string | null;
  capacity: number | null;
  valve: number | null;
  soldOut: boolean;
  /** null: no refill known. */
  estimatedStock: number | null;
  /** Units a day while stocked, one decimal; null: no fit yet, or the goods changed since. */
  demandPerDay: number | null;
  /** The median predicted sold-out time; `now` when empty; null: unknown or not within 60 days. */
  predictedSoldOutAt: number | null;
  /** The 80 % band. */
  early: number | null;
  late: number | null;
}

export interface MachineDemandView {
  shape: readonly number[];
  unitsPerDay: number;
  utcOffset: number;
}

/** Each machine's fitted profile in scope, parsed once (its shelves share the array). */
export function demandViews(db: DbOrTx, scope: StockScope): Map<string, MachineDemandView> {
  return new Map(
    machineShapes(db, scope).map((m) => [
      m.assetId,
      {
        shape: JSON.parse(m.shape) as number[],
        unitsPerDay: m.unitsPerDay,
        utcOffset: m.utcOffset,
      },
    ]),
  );
}

/**
 * Every planogram shelf of the machines in scope, with its predicted sold-out time from its
 * estimated stock now and its fitted demand. Stock moves with each trade; the rates change at
 * each fit: so the prediction is computed on read.
 */
export function shelfForecasts(
  db: DbOrTx,
  scope: StockScope,
  now: number,
  shapes = demandViews(db, scope),
): ShelfForecast[] {
  const rates = new Map(
    shelfRates(db, scope).map((r) => [`${r.assetId}\u0000${shelfKey(r.cid, r.locationId)}`, r]),
  );
  const out: ShelfForecast[] = [];
  for (const s of stockBasis(db, scope)) {
    if (!s.inPlanogram) continue;
    const stock = estimatedStock(s);
    const rate = rates.get(`${s.assetId}\u0000${shelfKey(s.cid, s.locationId)}`);
    const machine = shapes.get(s.assetId);
    // A rate of other goods (the planogram changed since the fit) says nothing of these.
    const known = rate && machine && (rate.goodsId ?? null) === (s.goodsId ?? null) ? rate : null;
    const p =
      stock === null || !known || !machine
        ? null
        : predictSoldOut({
            stock,
            unitsPerDay: known.unitsPerDay,
            units: known.units,
            shape: machine.shape,
            offset: machine.utcOffset,
            now,
          });
    out.push({
      assetId: s.assetId,
      cid: s.cid,
      locationId: s.locationId,
      goodsId: s.goodsId,
      goodsName: s.goodsName,
      capacity: s.capacity,
      valve: s.valve,
      soldOut: s.soldOut,
      estimatedStock: stock,
      demandPerDay: known ? Math.round(known.unitsPerDay * 10) / 10 : null,
      predictedSoldOutAt: p?.at ?? (stock === 0 ? now : null),
      early: p?.early ?? null,
      late: p?.late ?? null,
    });
  }
  return out;
}

export interface MachineForecast {
  assetId: string;
  /** The earliest predicted sold-out among its shelves (`now` when one is empty already). */
  earliestSoldOutAt: number | null;
  /** The shelf that empties first. */
  earliestShelf: ShelfForecast | null;
  /** Its shelves, in planogram order. */
  shelves: ShelfForecast[];
  /** Its fitted profile: expected units over any window (lib/forecast/predict expectedUnits). */
  demand: MachineDemandView | null;
}

/** Per machine in scope: its shelves' forecasts and the earliest sold-out among them. */
export function machineForecasts(
  db: DbOrTx,
  scope: StockScope,
  now: number,
): Map<string, MachineForecast> {
  const demand = new Map(
    machineShapes(db, scope).map((m) => [
      m.assetId,
      {
        shape: JSON.parse(m.shape) as number[],
        unitsPerDay: m.unitsPerDay,
        utcOffset: m.utcOffset,
      },
    ]),
  );
  const out = new Map<string, MachineForecast>();
  for (const s of shelfForecasts(db, scope, now)) {
    let m = out.get(s.assetId);
    if (!m) {
      m = {
        assetId: s.assetId,
        earliestSoldOutAt: null,
        earliestShelf: null,
        shelves: [],
        demand: demand.get(s.assetId) ?? null,
      };
      out.set(s.assetId, m);
    }
    m.shelves.push(s);
    if (
      s.predictedSoldOutAt !== null &&
      (m.earliestSoldOutAt === null || s.predictedSoldOutAt < m.earliestSoldOutAt)
    ) {
      m.earliestSoldOutAt = s.predictedSoldOutAt;
      m.earliestShelf = s;
    }
  }
  return out;
}
