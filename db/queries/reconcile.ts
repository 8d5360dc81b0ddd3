import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { perClient } from '../statements';
import type { getRefill } from './refills';
import {
  auditLog,
  coinReadings,
  lines,
  machines,
  refillPaySales,
  refillReviews,
  refillSettlements,
  sites,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/reconcile';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export async function insertCoinReading(db: DbOrTx, row: typeof coinReadings.$inferInsert) {
  if (isPg(db)) {
    await onPg.insertCoinReading(pgOf(db), row);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(coinReadings).values(row).run();
}

export type CoinReading = { at: number; coin5: number | null; coin10: number | null };

/**
 * The coin counts around a visit's window (from, to]: the count standing at `from`, and the
 * first and last reported inside the window.
 */
export async function coinReadingsAround(
  db: DbOrTx,
  p: { assetId: string; from: number; to: number },
) {
  if (isPg(db)) return onPg.coinReadingsAround(pgOf(db), p);
  while (held(db)) await ready(db);
  const pick = {
    id: coinReadings.id,
    at: coinReadings.at,
    coin5: coinReadings.coin5,
    coin10: coinReadings.coin10,
  };
  const atFrom = db
    .select(pick)
    .from(coinReadings)
    .where(and(eq(coinReadings.assetId, p.assetId), lte(coinReadings.at, p.from)))
    .orderBy(desc(coinReadings.at), desc(coinReadings.id))
    .limit(1)
    .get();
  const inWindow = and(
    eq(coinReadings.assetId, p.assetId),
    sql`${coinReadings.at} > ${p.from}`,
    lte(coinReadings.at, p.to),
  );
  const edge = (order: 'first' | 'last') =>
    db
      .select(pick)
      .from(coinReadings)
      .where(inWindow)
      .orderBy(
        ...(order === 'first'
          ? [coinReadings.at, coinReadings.id]
          : [desc(coinReadings.at), desc(coinReadings.id)]),
      )
      .limit(1)
      .get();
  return { atFrom, first: edge('first'), last: edge('last') };
}

export interface ShelfTrades {
  cid: string | null;
  locationId: string | null;
  payStyle: number | null;
  units: number;
  sales: number;
}

/**
 * Our own trades a visit's settlement should have counted: paid and delivered on that machine,
 * at coalesce(payTime, createTime) in [from, to), per shelf and payStyle.
 */
const tradeQueries = perClient((db) => {
  // Two branches rather than one OR, so both use the (asset_id, pay_time) index.
  const branch = (time: string) => `
      select cid, location_id, pay_style, count, cost, price from trades
      where asset_id = :assetId and pay_status = 1 and delivery = 'delivered' and ${time}`;
  return db.$client.prepare(`
      select cid, location_id as locationId, pay_style as payStyle,
        sum(coalesce(count, 1)) as units,
        sum(coalesce(cost, coalesce(price, 0) * coalesce(count, 1))) as sales
      from (${branch('pay_time >= :from and pay_time < :to')}
        union all
        ${branch('pay_time is null and create_time >= :from and create_time < :to')})
      group by 1, 2, 3`);
});

export async function visitTrades(db: Db, p: { assetId: string; from: number; to: number }) {
  if (isPg(db)) return onPg.visitTrades(pgOf(db), p);
  while (held(db)) await ready(db);
  return tradeQueries(db).all(p) as ShelfTrades[];
}

/** The machine's settlement before this one, for a visit that did not say when that was. */
export async function previousRefillTime(db: DbOrTx, assetId: string, refillTime: number) {
  if (isPg(db)) return onPg.previousRefillTime(pgOf(db), assetId, refillTime);
  while (held(db)) await ready(db);
  return db
    .select({ t: refillSettlements.refillTime })
    .from(refillSettlements)
    .where(
      and(
        eq(refillSettlements.assetId, assetId),
        sql`${refillSettlements.refillTime} < ${refillTime}`,
      ),
    )
    .orderBy(desc(refillSettlements.refillTime))
    .limit(1)
    .get()?.t;
}

export interface VisitFilter {
  assetId?: string;
  lineName?: string;
  siteName?: string;
  /** refillTime from/to, inclusive. */
  from?: number;
  to?: number;
  source?: 'push' | 'pull';
  reviewed?: boolean;
}

const machineTotal = (name: string, field: 'sales' | 'units') =>
  sql<number | null>`(select ${sql.identifier(field)} from ${refillPaySales} p
    where p.settlement_id = ${refillSettlements.id} and p.refill_shelf_id is null
      and p.name = ${name} order by p.id limit 1)`;

/** Visits, newest first, with what they reported in total, cash and cashless, and any review. */
export async function listVisits(
  db: DbOrTx,
  f: VisitFilter,
  page: { limit: number; offset: number },
) {
  if (isPg(db)) return onPg.listVisits(pgOf(db), f, page);
  while (held(db)) await ready(db);
  const where: SQL[] = [];
  if (f.assetId) where.push(eq(refillSettlements.assetId, f.assetId));
  if (f.lineName)
    where.push(sql`coalesce(${refillSettlements.lineName}, ${lines.name}) = ${f.lineName}`);
  if (f.siteName)
    where.push(sql`coalesce(${refillSettlements.siteName}, ${sites.name}) = ${f.siteName}`);
  if (f.from !== undefined) where.push(gte(refillSettlements.refillTime, f.from));
  if (f.to !== undefined) where.push(lte(refillSettlements.refillTime, f.to));
  if (f.source) where.push(eq(refillSettlements.source, f.source));
  if (f.reviewed !== undefined)
    where.push(
      f.reviewed ? sql`${refillReviews.note} is not null` : sql`${refillReviews.note} is null`,
    );
  return db
    .select({
      id: refillSettlements.id,
      assetId: refillSettlements.assetId,
      machineName: machines.name,
      siteName: sql<string | null>`coalesce(${refillSettlements.siteName}, ${sites.name})`,
      siteNumber: refillSettlements.siteNumber,
      lineName: sql<string | null>`coalesce(${refillSettlements.lineName}, ${lines.name})`,
      lastRefillTime: refillSettlements.lastRefillTime,
      refillTime: refillSettlements.refillTime,
      source: refillSettlements.source,
      receivedAt: refillSettlements.receivedAt,
      totalSales: machineTotal('total', 'sales'),
      totalUnits: machineTotal('total', 'units'),
      cashSales: machineTotal('cash', 'sales'),
      cashUnits: machineTotal('cash', 'units'),
      cashlessSales: machineTotal('cashless', 'sales'),
      cashlessUnits: machineTotal('cashless', 'units'),
      reviewNote: refillReviews.note,
      reviewedAt: refillReviews.reviewedAt,
      reviewedBy: refillReviews.reviewedBy,
    })
    .from(refillSettlements)
    .leftJoin(machines, eq(machines.assetId, refillSettlements.assetId))
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .leftJoin(refillReviews, eq(refillReviews.settlementId, refillSettlements.id))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(refillSettlements.refillTime), desc(refillSettlements.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
}

export type VisitRow = Awaited<ReturnType<typeof listVisits>>[number];

export async function getReview(db: DbOrTx, settlementId: number) {
  if (isPg(db)) return onPg.getReview(pgOf(db), settlementId);
  while (held(db)) await ready(db);
  return db.select().from(refillReviews).where(eq(refillReviews.settlementId, settlementId)).get();
}

export async function saveReview(db: DbOrTx, row: typeof refillReviews.$inferInsert) {
  if (isPg(db)) {
    await onPg.saveReview(pgOf(db), row);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(refillReviews)
    .values(row)
    .onConflictDoUpdate({
      target: refillReviews.settlementId,
      set: { note: row.note, reviewedAt: row.reviewedAt, reviewedBy: row.reviewedBy },
    })
    .run();
}

/** Every review of a visit, newest first, from the audit log (which keeps them all). */
export async function reviewHistory(db: DbOrTx, settlementId: number) {
  if (isPg(db)) return onPg.reviewHistory(pgOf(db), settlementId);
  while (held(db)) await ready(db);
  return db
    .select({ at: auditLog.at, by: auditLog.actorLabel, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'refill.review'),
        eq(auditLog.targetKind, 'refill_settlement'),
        eq(auditLog.targetId, String(settlementId)),
      ),
    )
    .orderBy(desc(auditLog.id))
    .all()
    .map((r) => ({
      at: r.at,
      by: r.by,
      note: (JSON.parse(r.after ?? '{}') as { note?: string }).note ?? '',
    }));
}

type Refill = NonNullable<Awaited<ReturnType<typeof getRefill>>>;

/**
 * getRefill's answer through statements prepared once per connection: the visit list
 * reconciles every visit it shows, and building three queries per visit was most of its time.
 */
const loaders = perClient((db): ((id: number) => Refill | undefined) => {
  const c = db.$client;
  const settlement = c.prepare(
    `select id, asset_id as assetId, site_name as siteName, site_number as siteNumber,
         line_name as lineName, last_refill_time as lastRefillTime, refill_time as refillTime,
         source, inbox_id as inboxId, received_at as receivedAt
       from refill_settlements where id = ?`,
  );
  const shelves = c.prepare(
    `select id, settlement_id as settlementId, cid, location_id as locationId,
         goods_id as goodsId, goods_name as goodsName, goods_number as goodsNumber, price,
         stock, refill_count as refillCount
       from refill_shelves where settlement_id = ? order by id`,
  );
  const sales = c.prepare(
    `select id, settlement_id as settlementId, refill_shelf_id as refillShelfId, name, sales,
         units
       from refill_pay_sales where settlement_id = ? order by id`,
  );
  return (id) => {
    const s = settlement.get(id) as Refill['settlement'] | undefined;
    if (!s) return undefined;
    return {
      settlement: s,
      shelves: shelves.all(id) as Refill['shelves'],
      sales: sales.all(id) as Refill['sales'],
    };
  };
});

export async function loadRefill(db: Db, id: number): Promise<Refill | undefined> {
  if (isPg(db)) return onPg.loadRefill(pgOf(db), id);
  while (held(db)) await ready(db);
  return loaders(db)(id);
}
