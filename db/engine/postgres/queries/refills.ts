import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { refillPaySales, refillSettlements, refillShelves } from '@/db/engine/postgres/schema';
import type { RefillInput } from '@/db/queries/refills';
import { bigintArray, firstOf, textArray } from './planning-terms';

/*
 * A settlement and the stock basis of its shelves (db/shelf-stock.ts, docs/decisions.md D36).
 * SQLite moves the basis in applyRefillToShelves and, for a settlement stored again, in the
 * trigger refill_shelves_stock_after_delete (migration 0008); PostgreSQL has neither trigger, so
 * both are statements here. A new settlement is two statements, one stored again four. Like
 * SQLite's, the function opens no transaction: the caller's unit of work holds it.
 * The shelves' UPDATEs still need machine_shelf_figures kept (SQLite: migration 0016's
 * triggers on shelves), which is the PostgreSQL stock basis's part, not this file's.
 */

/** Units the delivered trades of shelf `s` took strictly after `t` (tradeTime > t ≡ SQLite's
 * two pay_time ranges), from trades_delivered_units_idx's range. */
const soldAfter = (t: ReturnType<typeof sql>) => sql`coalesce((select sum(coalesce(tr.count, 1))
    from trades tr where tr.asset_id = s.asset_id and tr.delivery = 'delivered'
      and ${sql.raw(tradeTimeOf('tr'))} > ${t} and tr.location_id = s.location_id
      and (tr.cid = s.cid or tr.cid is null)), 0)::bigint`;

function tradeTimeOf(alias: string) {
  return `(case when ${alias}.pay_time is null then ${alias}.create_time else ${alias}.pay_time end)`;
}

const nul = <T>(v: T | undefined) => (v === undefined ? null : v);

export async function upsertRefill(db: PgDbOrTx, r: RefillInput): Promise<number> {
  // The header: an UPDATE first, so a settlement stored again draws no identity value (an
  // INSERT … ON CONFLICT would, and ids would drift from SQLite's); the INSERT's ON CONFLICT
  // covers another process storing the same new settlement at the same moment.
  const head = await firstOf<{ id: number; existed: boolean }>(
    db,
    sql`
    with u as (
      update refill_settlements set site_name = ${nul(r.siteName)},
        site_number = ${nul(r.siteNumber)}, line_name = ${nul(r.lineName)},
        last_refill_time = ${nul(r.lastRefillTime)}, inbox_id = ${nul(r.inboxId)}
      where asset_id = ${r.assetId} and refill_time = ${r.refillTime}
      returning id, true as existed),
    i as (
      insert into refill_settlements (asset_id, refill_time, source, received_at, site_name,
        site_number, line_name, last_refill_time, inbox_id)
      select ${r.assetId}, ${r.refillTime}, ${r.source}, ${r.receivedAt}, ${nul(r.siteName)},
        ${nul(r.siteNumber)}, ${nul(r.lineName)}, ${nul(r.lastRefillTime)}, ${nul(r.inboxId)}
      where not exists (select 1 from u)
      on conflict (asset_id, refill_time) do update set site_name = excluded.site_name,
        site_number = excluded.site_number, line_name = excluded.line_name,
        last_refill_time = excluded.last_refill_time, inbox_id = excluded.inbox_id
      returning id, xmax <> 0 as existed)
    select id, existed from u union all select id, existed from i`,
  );
  const id = head!.id;
  // Stored again: its old rows out, in a statement of their own so that it sees rows another
  // process committed meanwhile. The shelf rows' pay sales go with them by cascade, the
  // machine's own here; the old rows' keys come back for the fall-back.
  const old = head!.existed
    ? await firstOf<{ locs: string[]; cids: (string | null)[] }>(
        db,
        sql`
        with machine_pay as (
          delete from refill_pay_sales where settlement_id = ${id} and refill_shelf_id is null),
        gone as (
          delete from refill_shelves where settlement_id = ${id} returning location_id, cid)
        select coalesce(array_agg(location_id), '{}') as locs, coalesce(array_agg(cid), '{}') as cids
        from gone where location_id is not null`,
      )
    : undefined;
  if (old?.locs.length)
    // The shelves whose basis was this settlement fall back to the latest other listing, and
    // every shelf the old rows named is recounted (the trigger's two UPDATEs, set-wise).
    await db.execute(sql`
      update shelves s set refill_stock = x.stock, refill_time = x.t,
        sold_since_refill = case when x.t is null then 0 else ${soldAfter(sql`x.t`)} end
      from (
        select sh.id,
          case when sh.refill_time = ${r.refillTime} then p.stock else sh.refill_stock end as stock,
          case when sh.refill_time = ${r.refillTime} then p.t else sh.refill_time end as t
        from shelves sh
        left join lateral (
          select rs.stock, st.refill_time as t from refill_shelves rs
          join refill_settlements st on st.id = rs.settlement_id
          where st.asset_id = sh.asset_id and rs.location_id = sh.location_id
            and (rs.cid = sh.cid or rs.cid is null)
          order by st.refill_time desc, rs.id desc limit 1) p on true
        where sh.asset_id = ${r.assetId} and exists (
          select 1 from unnest(${textArray(old.locs)}, ${sql.param(old.cids)}::text[]) o(loc, cid)
          where o.loc = sh.location_id and (o.cid is null or o.cid = sh.cid))
      ) x
      where s.id = x.id`);
  await storeRows(db, id, r);
  return id;
}

/**
 * The shelf rows, their pay sales and the shelves' new basis in one statement. Identity ids are
 * drawn in the SELECT's order, so the n-th id is the n-th shelf (as SQLite pairs by rowid).
 * The UPDATE reads the inserted rows from the CTE (the table's snapshot predates them): each
 * shelf takes the settlement's last row for it unless it already has a later basis.
 */
async function storeRows(db: PgDbOrTx, id: number, r: RefillInput) {
  const col = <K extends keyof RefillInput['shelves'][number]>(k: K) =>
    r.shelves.map((x) => nul(x[k]) as unknown);
  const pays = [
    ...r.paySales.map((p) => ({ shelf: null as number | null, ...p })),
    ...r.shelves.flatMap((x, i) => x.paySales.map((p) => ({ shelf: i + 1, ...p }))),
  ];
  await db.execute(sql`
    with v as (
      select * from unnest(${sql.param(col('cid'))}::text[], ${sql.param(col('locationId'))}::text[],
        ${sql.param(col('goodsId'))}::text[], ${sql.param(col('goodsName'))}::text[],
        ${sql.param(col('goodsNumber'))}::text[], ${sql.param(col('price'))}::bigint[],
        ${sql.param(col('stock'))}::bigint[], ${sql.param(col('refillCount'))}::bigint[])
        with ordinality v(cid, location_id, goods_id, goods_name, goods_number, price, stock,
          refill_count, n)),
    ins as (
      insert into refill_shelves (settlement_id, cid, location_id, goods_id, goods_name,
        goods_number, price, stock, refill_count)
      select ${id}, cid, location_id, goods_id, goods_name, goods_number, price, stock,
        refill_count from v order by n
      returning id, cid, location_id, stock),
    ranked as (select id, row_number() over (order by id) as n from ins),
    pay as (
      insert into refill_pay_sales (settlement_id, refill_shelf_id, name, sales, units)
      select ${id}, ranked.id, p.name, p.sales, p.units
      from unnest(${bigintArray(pays.map((p) => p.shelf) as number[])},
        ${textArray(pays.map((p) => p.name))}, ${bigintArray(pays.map((p) => p.sales))},
        ${bigintArray(pays.map((p) => p.units))}) with ordinality p(shelf, name, sales, units, k)
      left join ranked on ranked.n = p.shelf
      order by p.k),
    pick as (
      select sh.id as shelf_id, (select ins.stock from ins
        where ins.location_id = sh.location_id and (ins.cid = sh.cid or ins.cid is null)
        order by ins.id desc limit 1) as stock
      from shelves sh
      where sh.asset_id = ${r.assetId} and exists (select 1 from ins
        where ins.location_id = sh.location_id and (ins.cid = sh.cid or ins.cid is null)))
    update shelves s set refill_stock = pick.stock, refill_time = ${r.refillTime},
      sold_since_refill = ${soldAfter(sql`${r.refillTime}`)}
    from pick
    where s.id = pick.shelf_id and (s.refill_time is null or s.refill_time <= ${r.refillTime})`);
}

export async function listRefills(
  db: PgDbOrTx,
  p: { assetId?: string; limit: number; offset: number },
) {
  return db
    .select()
    .from(refillSettlements)
    .where(p.assetId ? eq(refillSettlements.assetId, p.assetId) : undefined)
    .orderBy(desc(refillSettlements.refillTime), desc(refillSettlements.id))
    .limit(p.limit)
    .offset(p.offset);
}

export async function getRefill(db: PgDbOrTx, id: number) {
  const [settlement] = await db
    .select()
    .from(refillSettlements)
    .where(eq(refillSettlements.id, id));
  if (!settlement) return undefined;
  const shelves = await db
    .select()
    .from(refillShelves)
    .where(eq(refillShelves.settlementId, id))
    .orderBy(refillShelves.id);
  const sales = await db
    .select()
    .from(refillPaySales)
    .where(eq(refillPaySales.settlementId, id))
    .orderBy(refillPaySales.id);
  return { settlement, shelves, sales };
}
