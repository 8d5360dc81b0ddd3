import 'server-only';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  auditLog,
  coinReadings,
  lines,
  machines,
  refillPaySales,
  refillReviews,
  refillSettlements,
  sites,
} from '@/db/engine/postgres/schema';
import type { ShelfTrades, VisitFilter } from '@/db/queries/reconcile';
import type { getRefill } from '@/db/queries/refills';
import { firstOf, rowsOf } from './planning-terms';

/*
 * Refill settlements reconciled against our trades (db/queries/reconcile.ts): finance reads
 * these. Money is fen in bigint columns; every sum is cast back to bigint (a number here), never
 * left as numeric (a string) or turned into a float.
 */

export async function insertCoinReading(
  db: PgDbOrTx,
  row: typeof coinReadings.$inferInsert,
): Promise<void> {
  await db.insert(coinReadings).values(row);
}

type Reading = { id: number; at: number; coin5: number | null; coin10: number | null };
type Around = {
  atFrom: Reading | undefined;
  first: Reading | undefined;
  last: Reading | undefined;
};

/** The three readings in one statement (three seeks of coin_readings_asset_at_idx). */
export async function coinReadingsAround(
  db: PgDbOrTx,
  p: { assetId: string; from: number; to: number },
): Promise<Around> {
  const row = await firstOf<{ [K in keyof Around]: Reading | null }>(
    db,
    sql`select
      (select json_build_object('id', c.id, 'at', c.at, 'coin5', c.coin5, 'coin10', c.coin10)
        from coin_readings c where c.asset_id = ${p.assetId} and c.at <= ${p.from}
        order by c.at desc, c.id desc limit 1) as "atFrom",
      (select json_build_object('id', c.id, 'at', c.at, 'coin5', c.coin5, 'coin10', c.coin10)
        from coin_readings c where c.asset_id = ${p.assetId} and c.at > ${p.from}
          and c.at <= ${p.to}
        order by c.at, c.id limit 1) as "first",
      (select json_build_object('id', c.id, 'at', c.at, 'coin5', c.coin5, 'coin10', c.coin10)
        from coin_readings c where c.asset_id = ${p.assetId} and c.at > ${p.from}
          and c.at <= ${p.to}
        order by c.at desc, c.id desc limit 1) as "last"`,
  );
  return {
    atFrom: row?.atFrom ?? undefined,
    first: row?.first ?? undefined,
    last: row?.last ?? undefined,
  };
}

/**
 * Paid, delivered trades in [from, to) per shelf and payStyle. One range of the partial
 * trades_delivered_units_idx (tradeTime is its second column) replaces SQLite's two pay_time
 * ranges. SQLite's GROUP BY returns its groups sorted, NULLs first: ordered so here.
 */
export async function visitTrades(
  db: PgDbOrTx,
  p: { assetId: string; from: number; to: number },
): Promise<ShelfTrades[]> {
  return rowsOf<ShelfTrades>(
    db,
    sql`select cid as "cid", location_id as "locationId", pay_style as "payStyle",
        sum(coalesce(count, 1))::bigint as "units",
        sum(coalesce(cost, coalesce(price, 0) * coalesce(count, 1)))::bigint as "sales"
      from trades
      where asset_id = ${p.assetId} and pay_status = 1 and delivery = 'delivered'
        and (case when pay_time is null then create_time else pay_time end) >= ${p.from}
        and (case when pay_time is null then create_time else pay_time end) < ${p.to}
      group by 1, 2, 3
      order by 1 nulls first, 2 nulls first, 3 nulls first`,
  );
}

export async function previousRefillTime(
  db: PgDbOrTx,
  assetId: string,
  refillTime: number,
): Promise<number | undefined> {
  const [row] = await db
    .select({ t: refillSettlements.refillTime })
    .from(refillSettlements)
    .where(
      and(
        eq(refillSettlements.assetId, assetId),
        sql`${refillSettlements.refillTime} < ${refillTime}`,
      ),
    )
    .orderBy(desc(refillSettlements.refillTime))
    .limit(1);
  return row?.t;
}

/**
 * A visit's machine-level figure by name. Correlated subqueries, as on SQLite: PostgreSQL
 * evaluates them after the sort and LIMIT, so only the page's rows pay the seek.
 */
const machineTotal = (name: string, field: 'sales' | 'units') =>
  sql<number | null>`(select ${sql.identifier(field)} from ${refillPaySales} p
    where p.settlement_id = ${refillSettlements.id} and p.refill_shelf_id is null
      and p.name = ${name} order by p.id limit 1)`;

export async function listVisits(
  db: PgDbOrTx,
  f: VisitFilter,
  page: { limit: number; offset: number },
) {
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
    .offset(page.offset);
}

export async function getReview(db: PgDbOrTx, settlementId: number) {
  const [row] = await db
    .select()
    .from(refillReviews)
    .where(eq(refillReviews.settlementId, settlementId));
  return row;
}

export async function saveReview(
  db: PgDbOrTx,
  row: typeof refillReviews.$inferInsert,
): Promise<void> {
  await db
    .insert(refillReviews)
    .values(row)
    .onConflictDoUpdate({
      target: refillReviews.settlementId,
      set: { note: row.note, reviewedAt: row.reviewedAt, reviewedBy: row.reviewedBy },
    });
}

export async function reviewHistory(db: PgDbOrTx, settlementId: number) {
  const rows = await db
    .select({ at: auditLog.at, by: auditLog.actorLabel, after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'refill.review'),
        eq(auditLog.targetKind, 'refill_settlement'),
        eq(auditLog.targetId, String(settlementId)),
      ),
    )
    .orderBy(desc(auditLog.id));
  return rows.map((r) => ({
    at: r.at,
    by: r.by,
    note: (JSON.parse(r.after ?? '{}') as { note?: string }).note ?? '',
  }));
}

type Refill = NonNullable<Awaited<ReturnType<typeof getRefill>>>;

/**
 * getRefill's answer in ONE round trip (the visit list reconciles every visit it shows): the
 * settlement with its shelf and pay rows as JSON arrays in id order. JSON numbers come back as
 * JavaScript numbers, exact below 2^53 like the bigint parser's.
 */
export async function loadRefill(db: PgDbOrTx, id: number): Promise<Refill | undefined> {
  const row = await firstOf<
    Refill['settlement'] & { shelves: Refill['shelves']; sales: Refill['sales'] }
  >(
    db,
    sql`select st.id as "id", st.asset_id as "assetId", st.site_name as "siteName",
        st.site_number as "siteNumber", st.line_name as "lineName",
        st.last_refill_time as "lastRefillTime", st.refill_time as "refillTime",
        st.source as "source", st.inbox_id as "inboxId", st.received_at as "receivedAt",
        coalesce((select json_agg(json_build_object('id', r.id, 'settlementId', r.settlement_id,
            'cid', r.cid, 'locationId', r.location_id, 'goodsId', r.goods_id,
            'goodsName', r.goods_name, 'goodsNumber', r.goods_number, 'price', r.price,
            'stock', r.stock, 'refillCount', r.refill_count) order by r.id)
          from refill_shelves r where r.settlement_id = st.id), '[]') as "shelves",
        coalesce((select json_agg(json_build_object('id', p.id, 'settlementId', p.settlement_id,
            'refillShelfId', p.refill_shelf_id, 'name', p.name, 'sales', p.sales,
            'units', p.units) order by p.id)
          from refill_pay_sales p where p.settlement_id = st.id), '[]') as "sales"
      from refill_settlements st where st.id = ${id}`,
  );
  if (!row) return undefined;
  const { shelves, sales, ...settlement } = row;
  return { settlement, shelves, sales };
}
