import 'server-only';
import type { DbOrTx } from '@/db/client';
import { forecastBasis, machineShapes } from '@/db/queries/forecast';
import type { StockScope } from '@/db/queries/stock';
import { estimatedStock } from '@/lib/fleet/estimated-stock';
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
  /** Units a day while stocked, as fitted (planning's arithmetic); null like `demandPerDay`. */
  unitsPerDay: number | null;
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

/**
 * Parsed profiles by machine, kept while their stored text is the same (it changes at each
 * fit): parsing 5,000 profiles cost more than a fleet-wide ranking, and keeping the same array
 * lets lib/forecast/predict reuse each machine's week curve from one read to the next. Every
 * reader of a stored profile parses it here.
 */
const parsed = new Map<string, { text: string; shape: number[] }>();
export function shapeOf(assetId: string, text: string): number[] {
  const known = parsed.get(assetId);
  if (known?.text === text) return known.shape;
  const shape = JSON.parse(text) as number[];
  parsed.set(assetId, { text, shape });
  return shape;
}

/** Each machine's fitted profile in scope, parsed once (its shelves share the array). */
export async function demandViews(
  db: DbOrTx,
  scope: StockScope,
): Promise<Map<string, MachineDemandView>> {
  return new Map(
    (await machineShapes(db, scope)).map((m) => [
      m.assetId,
      {
        shape: shapeOf(m.assetId, m.shape),
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
export async function shelfForecasts(
  db: DbOrTx,
  scope: StockScope,
  now: number,
  known?: Awaited<ReturnType<typeof demandViews>>,
): Promise<ShelfForecast[]> {
  const shapes = known ?? (await demandViews(db, scope));
  const out: ShelfForecast[] = [];
  for (const s of await forecastBasis(db, scope)) {
    const soldOut = s.soldOut === 1;
    const stock = estimatedStock({ ...s, soldOut });
    const machine = shapes.get(s.assetId);
    const rate = machine ? s.unitsPerDay : null;
    const p =
      stock === null || rate === null || !machine
        ? null
        : predictSoldOut({
            stock,
            unitsPerDay: rate,
            units: s.units ?? 0,
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
      soldOut,
      estimatedStock: stock,
      unitsPerDay: rate,
      demandPerDay: rate === null ? null : Math.round(rate * 10) / 10,
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
export async function machineForecasts(
  db: DbOrTx,
  scope: StockScope,
  now: number,
): Promise<Map<string, MachineForecast>> {
  const demand = await demandViews(db, scope);
  const out = new Map<string, MachineForecast>();
  for (const s of await shelfForecasts(db, scope, now, demand)) {
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
