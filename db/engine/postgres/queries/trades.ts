import 'server-only';
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { trades } from '@/db/engine/postgres/schema';
import {
  formatTradeCursor,
  TRADE_SCAN_LIMIT,
  type TradeCursor,
  type TradeListParams,
  type TradeRow,
} from '@/db/queries/trades';
import { tradeTime } from '@/db/schema/trades';

/**
 * PostgreSQL's form of db/queries/trades.ts. SQLite orders a trade without a time (null) first
 * going up and last going down; PostgreSQL's default is the reverse, and `NULLS FIRST` would
 * not match trades_time_idx in either direction. So a page is two index ranges, the timeless
 * trades (by id) and the timed ones (by time, id), each limited, in one statement.
 */
type Key = Pick<
  TradeRow,
  'id' | 'payStyle' | 'goodsId' | 'payStatus' | 'delivery' | 'refundStatus'
> & { time: number | null };

function scanFilter(p: TradeListParams): ((k: Key) => boolean) | undefined {
  const checks: ((k: Key) => boolean)[] = [];
  if (p.payStyle !== undefined) checks.push((k) => k.payStyle === p.payStyle);
  if (p.goodsId !== undefined) checks.push((k) => k.goodsId === p.goodsId);
  if (p.payStatus !== undefined) checks.push((k) => k.payStatus === p.payStatus);
  if (p.delivery !== undefined) checks.push((k) => k.delivery === p.delivery);
  if (p.refundStatus !== undefined) checks.push((k) => k.refundStatus === p.refundStatus);
  if (p.refunds) checks.push((k) => k.refundStatus !== null && k.refundStatus !== 0);
  return checks.length ? (k) => checks.every((c) => c(k)) : undefined;
}

const keyOf = (r: { time: number | null; id: number }): TradeCursor => ({
  time: r.time ?? -1,
  id: r.id,
});

/** Trades in the order they count, a page at a time (see db/queries/trades.ts). */
export async function listTrades(db: PgDbOrTx, p: TradeListParams) {
  const where: SQL[] = [sql`true`];
  if (p.orderNo !== undefined) where.push(sql`order_no = ${p.orderNo}`);
  if (p.tradeNo !== undefined) where.push(sql`trade_no = ${p.tradeNo}`);
  if (p.assetId) where.push(sql`asset_id = ${p.assetId}`);
  const timed = [...where];
  if (p.startTime !== undefined) timed.push(sql`${tradeTime} >= ${p.startTime}`);
  if (p.endTime !== undefined) timed.push(sql`${tradeTime} <= ${p.endTime}`);
  // A time range leaves out every timeless trade.
  const untimedToo = p.startTime === undefined && p.endTime === undefined;
  const newest = p.order === 'desc';
  const c = p.cursor;
  // Which part of the order each part is, and how the cursor cuts it.
  let nulls = untimedToo;
  let times = true;
  if (c) {
    if (newest) {
      if (c.time === -1) {
        times = false;
        where.push(sql`id < ${c.id}`);
      } else timed.push(sql`(${tradeTime}, id) < (${c.time}::bigint, ${c.id}::bigint)`);
    } else if (c.time === -1) where.push(sql`id > ${c.id}`);
    else {
      nulls = false;
      timed.push(sql`(${tradeTime}, id) > (${c.time}::bigint, ${c.id}::bigint)`);
    }
  }
  const filter = scanFilter(p);
  const limit = filter ? TRADE_SCAN_LIMIT : p.limit + 1;
  const dir = sql.raw(newest ? 'desc' : 'asc');
  const cols = sql`id, ${tradeTime} as time, pay_style as "payStyle", goods_id as "goodsId",
    pay_status as "payStatus", delivery, refund_status as "refundStatus"`;
  const parts: SQL[] = [];
  // part: the timeless trades come first going up, last going down.
  if (nulls)
    parts.push(sql`(select ${newest ? 1 : 0} as part, ${cols} from trades
      where ${sql.join(where, sql` and `)} and ${tradeTime} is null order by id ${dir} limit ${limit})`);
  if (times)
    parts.push(sql`(select ${newest ? 0 : 1} as part, ${cols} from trades
      where ${sql.join(timed, sql` and `)} and ${tradeTime} is not null
      order by ${tradeTime} ${dir}, id ${dir} limit ${limit})`);
  const keys = parts.length
    ? ((
        await db.execute(sql`select id, time, "payStyle", "goodsId", "payStatus", delivery,
          "refundStatus" from (${sql.join(parts, sql` union all `)}) k
          order by part, time ${dir}, id ${dir} limit ${limit}`)
      ).rows as Key[])
    : [];
  const matching = filter ? keys.filter(filter) : keys;
  const page = matching.slice(0, p.limit);
  let rows: TradeRow[] = [];
  if (page.length) {
    const found = await db
      .select()
      .from(trades)
      .where(
        inArray(
          trades.id,
          page.map((k) => k.id),
        ),
      );
    const at = new Map(page.map((k, i) => [k.id, i]));
    rows = found.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  }
  const more = matching.length > p.limit;
  const stoppedEarly = !more && filter !== undefined && keys.length === TRADE_SCAN_LIMIT;
  const last = more ? page.at(-1) : stoppedEarly ? keys.at(-1) : undefined;
  return { items: rows, nextCursor: last ? formatTradeCursor(keyOf(last)) : null };
}

/**
 * The refill visit whose window ([lastRefillTime, refillTime), D21) holds each trade: for all
 * the trades in one statement, each a lateral lookup of `refill_asset_time_uq`.
 */
export async function coveringVisits(
  db: PgDbOrTx,
  rows: readonly { id: number; assetId: string; time: number | null }[],
) {
  const out = new Map<number, number>();
  const timed = rows.filter((r) => r.time !== null);
  if (!timed.length) return out;
  const found = await db.execute(sql`
    select u.id, v.id as visit from unnest(${sql.param(timed.map((r) => r.id))}::bigint[],
      ${sql.param(timed.map((r) => r.assetId))}::text[],
      ${sql.param(timed.map((r) => r.time))}::bigint[]) with ordinality as u(id, asset_id, t, n)
    cross join lateral (
      select s.id, s.last_refill_time from refill_settlements s
      where s.asset_id = u.asset_id and s.refill_time > u.t
      order by s.refill_time limit 1) v
    where v.last_refill_time is null or v.last_refill_time <= u.t
    order by u.n`);
  for (const r of found.rows as { id: number; visit: number }[]) out.set(r.id, r.visit);
  return out;
}

/**
 * A refill visit's trade window as the reconciliation reads it (D21), without lastRefillTime
 * from the machine's previous visit; one statement. Undefined when there is no such visit.
 */
export async function visitWindow(db: PgDbOrTx, id: number) {
  const found = await db.execute(sql`
    select v.asset_id as "assetId", v.refill_time as "to", coalesce(v.last_refill_time, (
        select prev.refill_time from refill_settlements prev
        where prev.asset_id = v.asset_id and prev.refill_time < v.refill_time
        order by prev.refill_time desc limit 1), 0) as "from"
    from refill_settlements v where v.id = ${id}`);
  const v = found.rows[0] as { assetId: string; from: number; to: number } | undefined;
  if (!v) return undefined;
  return { assetId: v.assetId, startTime: v.from, endTime: v.to - 1 };
}

/** The names of the machines a page of trades belongs to (those that have one). */
export async function machineNames(db: PgDbOrTx, assetIds: readonly string[]) {
  if (!assetIds.length) return new Map<string, string>();
  const found = await db.execute(sql`
    select asset_id as "assetId", name from machines
    where asset_id = any(${sql.param([...new Set(assetIds)])}::text[]) and name is not null
    order by asset_id`);
  const rows = found.rows as { assetId: string; name: string }[];
  return new Map(rows.filter((r) => r.name).map((r) => [r.assetId, r.name] as const));
}
