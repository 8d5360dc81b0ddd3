import 'server-only';
import type { DbOrTx } from '@/db/client';
import { demandVersion } from '@/db/queries/planning';
import { sellOutCandidates, type StockScope } from '@/db/queries/stock';
import type { ExpectedSales } from '@/lib/planning/pick-list';
import { demandViews, shelfForecasts, type MachineDemandView } from '@/lib/forecast/shelves';
import { expectedUnits, predictSoldOut } from '@/lib/forecast/predict';
import type { RouteDayMachine, RouteDayShelf } from './route-day';

/**
 * The forecast's figures as planning reads them (D95), from the lead's stored demand
 * (lib/forecast/shelves.ts): per machine the shelves predicted empty before the next possible
 * visit; per shelf the sales expected around a visit; per machine its shelves for the route day.
 */
export interface SellOutFigures {
  sellOutShelves: number;
  sellOutAt: number | null;
}

/**
 * The fleet's profiles, kept until the next refit: reading 5,000 stored profiles again on each
 * ranking is skipped while the fit is the same (parsing is shared: lib/forecast/shelves.ts).
 */
let fleetViews: { version: string; views: Map<string, MachineDemandView> } | null = null;

async function viewsIn(db: DbOrTx, scope: StockScope) {
  if (!('fleet' in scope)) return demandViews(db, scope);
  const version = await demandVersion(db);
  if (fleetViews?.version !== version)
    fleetViews = { version, views: await demandViews(db, scope) };
  return fleetViews.views;
}

/**
 * Per machine in scope with a shelf (not reported sold out) predicted empty before
 * `nextVisitAt`: how many, and the earliest time. The machines' profiles are read once; SQL
 * keeps only the shelves whose stock could run out by then at their rate (`sellOutCandidates`),
 * and only those are predicted, exactly as lib/forecast/shelves.ts predicts them.
 */
export async function sellOutFigures(
  db: DbOrTx,
  scope: StockScope,
  now: number,
  nextVisitAt: number,
): Promise<Map<string, SellOutFigures>> {
  const views = await viewsIn(db, scope);
  const reach: Record<string, number> = {};
  for (const [assetId, v] of views)
    reach[assetId] = expectedUnits({
      unitsPerDay: 1,
      shape: v.shape,
      offset: v.utcOffset,
      from: now,
      to: nextVisitAt,
    });
  const out = new Map<string, SellOutFigures>();
  for (const c of await sellOutCandidates(db, reach)) {
    const v = views.get(c.assetId)!;
    const p = predictSoldOut({
      stock: c.stock,
      unitsPerDay: c.unitsPerDay,
      units: c.units,
      shape: v.shape,
      offset: v.utcOffset,
      now,
    });
    if (!p || p.at >= nextVisitAt) continue;
    const f = out.get(c.assetId) ?? { sellOutShelves: 0, sellOutAt: null };
    f.sellOutShelves += 1;
    f.sellOutAt = f.sellOutAt === null ? p.at : Math.min(f.sellOutAt, p.at);
    out.set(c.assetId, f);
  }
  return out;
}

const key = (assetId: string, cid: string, locationId: string) => `${assetId}|${cid}|${locationId}`;

/**
 * Per shelf (`${assetId}|${cid}|${locationId}`) with a forecast, its expected sales from `now`
 * to the visit and from the visit to `untilAt`. Shelves without a forecast are absent: no
 * fitted rate, or no known stock (no refill known: what is on it cannot be told, so to par
 * loads it to capacity as filling does, D31).
 */
export async function expectedSales(
  db: DbOrTx,
  assetIds: readonly string[],
  o: { now: number; visitAt: number; untilAt: number },
): Promise<Map<string, ExpectedSales>> {
  const scope = { assetIds };
  const views = await demandViews(db, scope);
  const out = new Map<string, ExpectedSales>();
  for (const s of await shelfForecasts(db, scope, o.now, views)) {
    const v = views.get(s.assetId);
    if (s.unitsPerDay === null || s.estimatedStock === null || !v) continue;
    const d = { unitsPerDay: s.unitsPerDay, shape: v.shape, offset: v.utcOffset };
    out.set(key(s.assetId, s.cid, s.locationId), {
      beforeVisit: expectedUnits({ ...d, from: o.now, to: o.visitAt }),
      untilNext: expectedUnits({ ...d, from: o.visitAt, to: o.untilAt }),
    });
  }
  return out;
}

/** A shelf as the route day reads it: the forecast's figures and what names it. */
export interface PlanShelf extends RouteDayShelf {
  cid: string;
  locationId: string;
  goodsId: string | null;
  goodsName: string | null;
}

/**
 * The machines in scope with their profile and their planogram shelves' stock and rate, for
 * `suggestRouteDay`. A machine without a fitted profile has no forecast: its shelves' rates
 * are null.
 */
export async function forecastMachines(
  db: DbOrTx,
  scope: StockScope,
  now: number,
): Promise<RouteDayMachine<PlanShelf>[]> {
  const views = await demandViews(db, scope);
  const machines = new Map<string, RouteDayMachine<PlanShelf> & { shelves: PlanShelf[] }>();
  for (const s of await shelfForecasts(db, scope, now, views)) {
    let m = machines.get(s.assetId);
    if (!m)
      machines.set(
        s.assetId,
        (m = { assetId: s.assetId, shape: views.get(s.assetId)?.shape ?? null, shelves: [] }),
      );
    m.shelves.push({
      key: `${s.cid}|${s.locationId}`,
      cid: s.cid,
      locationId: s.locationId,
      goodsId: s.goodsId,
      goodsName: s.goodsName,
      stock: s.estimatedStock,
      capacity: s.capacity,
      unitsPerDay: s.unitsPerDay,
    });
  }
  return [...machines.values()];
}
