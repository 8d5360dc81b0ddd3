import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { GAME_PAY_STYLE } from '@/db/codes';
import { GRAIN_DEFS, type RollupCalendar } from '@/db/rollups';

/**
 * The sales rollups rebuilt from the trades on PostgreSQL: ONE pass over the trades for all
 * nine grains (`GROUP BY GROUPING SETS`), each trade's local day and month computed once in
 * SQL with `AT TIME ZONE` in the calendar's time zone (PostgreSQL knows the IANA zones; the
 * parity test checks its days against the calendar's JavaScript around midnights and DST
 * changes, ambiguous midnights included). SQLite runs one grouped pass per grain with the calendar as a SQL function.
 */

/** The dimensions a trade is grouped by, in grouping() argument order. */
const DIMS = ['a', 'g', 'p', 'z', 'h', 'd', 'm'] as const;
type Dim = (typeof DIMS)[number];

const dimsOf = (g: (typeof GRAIN_DEFS)[number]): Dim[] => [
  ...(g.asset ? (['a'] as const) : []),
  ...(g.goods ? (['g'] as const) : []),
  g.pay ? 'p' : 'z',
  ({ hour: 'h', day: 'd', month: 'm' } as const)[g.level],
];

/** grouping(a, g, …) of a grain's set: a bit per dimension left out, the first the highest. */
const maskOf = (dims: readonly Dim[]) =>
  DIMS.reduce((m, d, i) => m | (dims.includes(d) ? 0 : 1 << (DIMS.length - 1 - i)), 0);

/**
 * The epoch second a local day or month starts, for `l` a local timestamp (`to_timestamp(t) AT
 * TIME ZONE tz`). Where that midnight happens twice (a DST change at 01:00 back to 00:00, as in
 * Havana) PostgreSQL takes the later instant and the calendar (date-fns) the earlier: the hour
 * before is taken when it is the same local time.
 */
export function localStart(unit: 'day' | 'month', l: SQL, tz: string): SQL {
  const lt = sql`date_trunc(${sql.raw(`'${unit}'`)}, ${l})`;
  const s = sql`(${lt} at time zone ${tz})`;
  const before = sql`(${s} - interval '1 hour')`;
  return sql`extract(epoch from case when ${before} at time zone ${tz} = ${lt}
    then ${before} else ${s} end)::bigint`;
}

const SETS = sql.raw(GRAIN_DEFS.map((g) => `(${dimsOf(g).join(', ')})`).join(', '));
const GRAIN_OF = sql.raw(
  `case grouping(${DIMS.join(', ')}) ${GRAIN_DEFS.map((g) => `when ${maskOf(dimsOf(g))} then ${g.grain}`).join(' ')} end`,
);

/**
 * Recomputes every rollup from the trades (a new database, or a change of the fleet's time
 * zone). Run inside a transaction (as on SQLite: the caller's).
 */
export async function rebuildRollups(
  db: PgDbOrTx,
  calendar: RollupCalendar,
  now: number,
): Promise<void> {
  const tz = calendar.timeZone;
  await db.execute(sql`delete from sales_rollups`);
  await db.execute(sql`delete from rollup_goods`);
  // Every bucket column is non-null in the data, so coalesce picks the one a set groups by.
  await db.execute(sql`
    insert into sales_rollups
      (grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded)
    select ${GRAIN_OF}, coalesce(a, ''), coalesce(h, d, m), coalesce(g, ''), coalesce(p, z),
      sum(units)::bigint, sum(gross)::bigint, sum(refunds)::bigint, sum(refunded)::bigint
    from (
      select asset_id as a, coalesce(goods_id, '') as g, coalesce(pay_style, -1) as p,
        case when pay_style = ${GAME_PAY_STYLE} then ${GAME_PAY_STYLE} else -1 end as z,
        t - t % 3600 as h,
        ${localStart('day', sql`l`, tz)} as d,
        ${localStart('month', sql`l`, tz)} as m,
        coalesce(count, 1) as units,
        coalesce(cost, coalesce(price, 0) * coalesce(count, 1)) as gross,
        case when refund_status = 2 then coalesce(refund_fee, 0) else 0 end as refunds,
        case when refund_status = 2 then 1 else 0 end as refunded
      from (
        select *, to_timestamp(t) at time zone ${tz} as l
        from (select *, coalesce(pay_time, create_time) as t from trades where pay_status = 1) p
        where t >= 0) x
    ) y
    group by grouping sets (${SETS})`);
  await db.execute(sql`
    insert into rollup_goods (goods_id, goods_name, goods_number, type_name)
    select distinct on (goods_id) goods_id, goods_name, goods_number, type_name from trades
    where goods_id is not null order by goods_id, id desc`);
  await db.execute(sql`
    insert into rollup_state (id, time_zone, built_at, bound)
    values (1, ${tz}, ${now}, (
      select least(coalesce(max(greatest(abs(units), abs(gross), abs(refunds), abs(refunded))), 0),
        ${2 ** 53}::bigint) from sales_rollups))
    on conflict (id) do update set time_zone = excluded.time_zone, built_at = excluded.built_at,
      bound = excluded.bound`);
}

/** Any number: processes opening the database at once rebuild one after the other. */
const REBUILD_LOCK = 22_104;

/**
 * Makes sure the rollups were built in the calendar's time zone: rebuilds them otherwise, in
 * a transaction of its own (as SQLite's does). Two processes starting at once: the second
 * waits on the advisory lock, then finds them built. Returns whether it rebuilt.
 */
export async function ensureRollups(db: PgDbOrTx, calendar: RollupCalendar): Promise<boolean> {
  const { timeZone } = calendar;
  const state = async (d: PgDbOrTx) =>
    (await d.execute(sql`select time_zone as tz, bound from rollup_state where id = 1`)).rows[0] as
      { tz: string; bound: number | null } | undefined;
  const now = await state(db);
  if (now?.tz === timeZone) {
    // A database from before the bound (D62): one scan of the rollups, once.
    if (now.bound === null)
      await db.execute(sql`update rollup_state set bound = (
        select least(coalesce(max(greatest(abs(units), abs(gross), abs(refunds), abs(refunded))), 0),
          ${2 ** 53}::bigint) from sales_rollups) where id = 1`);
    return false;
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REBUILD_LOCK})`);
    if ((await state(tx))?.tz === timeZone) return false;
    await rebuildRollups(tx, calendar, Math.floor(Date.now() / 1000));
    return true;
  });
}
