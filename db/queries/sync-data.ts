import 'server-only';
import { held, ready } from '../transaction';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { platformShelfSales, refillSettlements, shelves } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/sync-data';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export async function getRefillId(db: DbOrTx, assetId: string, refillTime: number) {
  if (isPg(db)) return onPg.getRefillId(pgOf(db), assetId, refillTime);
  while (held(db)) await ready(db);
  return db
    .select({ id: refillSettlements.id })
    .from(refillSettlements)
    .where(
      and(eq(refillSettlements.assetId, assetId), eq(refillSettlements.refillTime, refillTime)),
    )
    .get()?.id;
}

export interface ShelfSalesInput {
  cid: string;
  locationId: string;
  goodsId?: string;
  goodsNumber?: string;
  goodsName?: string;
  units: number;
}

/** A machine's §6.2 figures, replaced as a whole: the platform's answer is its current state. */
export async function replaceShelfSales(
  db: DbOrTx,
  assetId: string,
  rows: ShelfSalesInput[],
  at: number,
) {
  if (isPg(db)) {
    await onPg.replaceShelfSales(pgOf(db), assetId, rows, at);
    return;
  }
  while (held(db)) await ready(db);
  db.delete(platformShelfSales).where(eq(platformShelfSales.assetId, assetId)).run();
  // The shelves carry the count too, where estimated stock reads it (D36).
  db.update(shelves)
    .set({ platformSold: null, platformSoldAt: null })
    .where(eq(shelves.assetId, assetId))
    .run();
  for (const r of rows) {
    db.insert(platformShelfSales)
      .values({
        assetId,
        cid: r.cid,
        locationId: r.locationId,
        goodsId: r.goodsId ?? null,
        goodsNumber: r.goodsNumber ?? null,
        goodsName: r.goodsName ?? null,
        units: r.units,
        fetchedAt: at,
      })
      .onConflictDoUpdate({
        target: [platformShelfSales.assetId, platformShelfSales.cid, platformShelfSales.locationId],
        set: { units: r.units, fetchedAt: at },
      })
      .run();
    db.update(shelves)
      .set({ platformSold: r.units, platformSoldAt: at })
      .where(
        and(
          eq(shelves.assetId, assetId),
          eq(shelves.cid, r.cid),
          eq(shelves.locationId, r.locationId),
        ),
      )
      .run();
  }
}
