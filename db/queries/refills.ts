import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { refillPaySales, refillSettlements, refillShelves } from '../schema';

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
export function upsertRefill(db: DbOrTx, r: RefillInput): number {
  const header = {
    siteName: r.siteName ?? null,
    siteNumber: r.siteNumber ?? null,
    lineName: r.lineName ?? null,
    lastRefillTime: r.lastRefillTime ?? null,
    inboxId: r.inboxId ?? null,
  };
  const existing = db
    .select({ id: refillSettlements.id })
    .from(refillSettlements)
    .where(
      and(eq(refillSettlements.assetId, r.assetId), eq(refillSettlements.refillTime, r.refillTime)),
    )
    .get();
  let id: number;
  if (existing) {
    id = existing.id;
    db.update(refillSettlements).set(header).where(eq(refillSettlements.id, id)).run();
    db.delete(refillPaySales).where(eq(refillPaySales.settlementId, id)).run();
    db.delete(refillShelves).where(eq(refillShelves.settlementId, id)).run();
  } else {
    id = db
      .insert(refillSettlements)
      .values({
        assetId: r.assetId,
        refillTime: r.refillTime,
        source: r.source,
        receivedAt: r.receivedAt,
        ...header,
      })
      .returning({ id: refillSettlements.id })
      .get().id;
  }
  const rows = r.paySales.map((p) => ({ settlementId: id, ...p }));
  for (const s of r.shelves) {
    const { paySales, ...shelf } = s;
    const shelfId = db
      .insert(refillShelves)
      .values({ settlementId: id, ...shelf })
      .returning({ id: refillShelves.id })
      .get().id;
    for (const p of paySales)
      rows.push({ settlementId: id, refillShelfId: shelfId, ...p } as never);
  }
  if (rows.length) db.insert(refillPaySales).values(rows).run();
  return id;
}

export function listRefills(db: DbOrTx, p: { assetId?: string; limit: number; offset: number }) {
  return db
    .select()
    .from(refillSettlements)
    .where(p.assetId ? eq(refillSettlements.assetId, p.assetId) : undefined)
    .orderBy(desc(refillSettlements.refillTime), desc(refillSettlements.id))
    .limit(p.limit)
    .offset(p.offset)
    .all();
}

export function getRefill(db: DbOrTx, id: number) {
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
