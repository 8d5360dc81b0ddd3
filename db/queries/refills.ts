import 'server-only';
import { held, ready } from '../transaction';
import { desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { prepared } from '../prepared';
import { refillPaySales, refillSettlements, refillShelves } from '../schema';
import { applyRefillToShelves } from '../shelf-stock';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/refills';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface PaySaleInput {
  name: string;
  sales: number;
  units: number;
}
export interface RefillShelfInput {
  cid?: string;
  locationId?: string;
  goodsId?: string;
  goodsName?: string;
  goodsNumber?: string;
  price?: number;
  stock?: number;
  refillCount?: number;
  paySales: PaySaleInput[];
}
export interface RefillInput {
  assetId: string;
  siteName?: string;
  siteNumber?: string;
  lineName?: string;
  lastRefillTime?: number;
  refillTime: number;
  source: 'push' | 'pull';
  inboxId?: number;
  receivedAt: number;
  shelves: RefillShelfInput[];
  paySales: PaySaleInput[];
}

/** Upserts a settlement by (assetId, refillTime); a re-delivery replaces its rows, never adds. */
export async function upsertRefill(db: Db, r: RefillInput): Promise<number> {
  if (isPg(db)) return onPg.upsertRefill(pgOf(db), r);
  while (held(db)) await ready(db);
  const s = prepared(db);
  const header = {
    siteName: r.siteName ?? null,
    siteNumber: r.siteNumber ?? null,
    lineName: r.lineName ?? null,
    lastRefillTime: r.lastRefillTime ?? null,
    inboxId: r.inboxId ?? null,
  };
  const existing = s.findRefill.get({ assetId: r.assetId, refillTime: r.refillTime });
  let id: number;
  if (existing) {
    id = existing.id;
    s.updateRefill.run({ id, ...header });
    s.deleteRefillPaySales.run({ id });
    s.deleteRefillShelves.run({ id });
  } else {
    const row = {
      assetId: r.assetId,
      refillTime: r.refillTime,
      source: r.source,
      receivedAt: r.receivedAt,
    };
    id = s.insertRefill.get({ ...row, ...header })!.id;
  }
  s.insertRefillShelves(
    r.shelves.map((x) => [
      id,
      x.cid ?? null,
      x.locationId ?? null,
      x.goodsId ?? null,
      x.goodsName ?? null,
      x.goodsNumber ?? null,
      x.price ?? null,
      x.stock ?? null,
      x.refillCount ?? null,
    ]),
  );
  applyRefillToShelves(db.$client, {
    settlementId: id,
    assetId: r.assetId,
    refillTime: r.refillTime,
  });
  // Ids ascend in insertion order (rowid), so they pair with r.shelves by position.
  const shelfIds = s.refillShelfIds.all(id) as number[];
  const pay = (shelfId: number | null, p: PaySaleInput) => [id, shelfId, p.name, p.sales, p.units];
  s.insertRefillPaySales([
    ...r.paySales.map((p) => pay(null, p)),
    ...r.shelves.flatMap((x, i) => x.paySales.map((p) => pay(shelfIds[i]!, p))),
  ]);
  return id;
}

export async function listRefills(
  db: DbOrTx,
  p: { assetId?: string; limit: number; offset: number },
) {
  if (isPg(db)) return onPg.listRefills(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(refillSettlements)
    .where(p.assetId ? eq(refillSettlements.assetId, p.assetId) : undefined)
    .orderBy(desc(refillSettlements.refillTime), desc(refillSettlements.id))
    .limit(p.limit)
    .offset(p.offset)
    .all();
}

export async function getRefill(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.getRefill(pgOf(db), id);
  while (held(db)) await ready(db);
  const settlement = db.select().from(refillSettlements).where(eq(refillSettlements.id, id)).get();
  if (!settlement) return undefined;
  const shelves = db
    .select()
    .from(refillShelves)
    .where(eq(refillShelves.settlementId, id))
    .orderBy(refillShelves.id)
    .all();
  const sales = db
    .select()
    .from(refillPaySales)
    .where(eq(refillPaySales.settlementId, id))
    .orderBy(refillPaySales.id)
    .all();
  return { settlement, shelves, sales };
}
