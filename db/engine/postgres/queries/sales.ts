import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { GAME_PAY_STYLE } from '@/db/codes';
import { GRAINS } from '@/db/schema/rollups';
import { tradeTime } from '@/db/schema/trades';
import type { Grouping, MachineFilter, MeasureRow, SalesScope } from '@/db/queries/sales';
import { areas, lines, machines, rollupState, sites } from '@/db/engine/postgres/schema';

/*
 * Statistics read the rollups (docs/decisions.md D20), never the trades but for the edges of a
 * range. Indexes each statement relies on (checked with EXPLAIN, docs/decisions.md D106):
 * - the machine grains across the fleet: the partial covering indexes
 *   sales_rollups_machine_{day,month}_idx (bucket, asset, pay, measures) WHERE grain = n, read
 *   index-only in bucket order; the grain is written out so the planner can match them;
 * - every other grain: the primary key (grain, asset_id, bucket, …), one range for asset '' or
 *   one descent per machine of the scope (`= any($1)`);
 * - the trades: trades_time_idx on the trade's time across the fleet, and
 *   trades_asset_pay_time_idx for named machines.
 * Lists travel as one array parameter each, not one parameter per element.
 */

const texts = (v: readonly string[]) => sql`${sql.param(v)}::text[]`;
const ints = (v: readonly number[]) => sql`${sql.param(v)}::bigint[]`;

function prizeFilter(scope: SalesScope, pay: SQL): SQL | undefined {
  if (scope.prizes === 'exclude') return sql`${pay} <> ${GAME_PAY_STYLE}`;
  if (scope.prizes === 'only') return sql`${pay} = ${GAME_PAY_STYLE}`;
  return undefined;
}

const MACHINE_GRAINS: ReadonlySet<number> = new Set([GRAINS.machineDay, GRAINS.machineMonth]);

/**
 * The dimensions asked for, selected and grouped by. Rows come in no promised order, as on
 * SQLite (whose GROUP BY order follows the index it picks): every caller folds them by key.
 * GROUP BY only the dimensions asked for: grouping by the constants too widens the keys.
 */
function dimensions(group: Grouping, cols: Record<keyof Grouping, SQL>) {
  const pick = (k: keyof Grouping, none: SQL) => (group[k] ? cols[k] : none);
  const keys = (['asset', 'goods', 'pay', 'bucket'] as const).filter((k) => group[k]);
  const list = sql.join(
    keys.map((k) => cols[k]),
    sql`, `,
  );
  return {
    select: sql`${pick('asset', sql`''::text`)} as asset, ${pick('goods', sql`''::text`)} as goods,
      ${pick('pay', sql`-1`)} as pay, ${pick('bucket', sql`0`)} as bucket`,
    tail: keys.length ? sql`group by ${list}` : sql``,
  };
}

// numeric sums come back as strings: bigint is read as a number (client.ts).
const SUMS = sql`sum(units)::bigint as units, sum(gross)::bigint as gross,
  sum(refunds)::bigint as refunds, sum(refunded)::bigint as refunded`;

async function rows(db: PgDbOrTx, query: SQL): Promise<MeasureRow[]> {
  const found = (await db.execute(query)).rows as unknown as MeasureRow[];
  // Without GROUP BY, no matching row still answers one row of NULL sums.
  return found.filter((r) => r.units !== null);
}

/** Sums of one rollup grain over whole periods starting in [from, to) (db/queries/sales.ts). */
export async function rollupMeasures(
  db: PgDbOrTx,
  p: {
    grain: number;
    hasAsset: boolean;
    from: number;
    to: number;
    scope: SalesScope;
    group: Grouping;
  },
): Promise<MeasureRow[]> {
  const { scope, group } = p;
  const byBucket = p.hasAsset && !scope.assets && MACHINE_GRAINS.has(p.grain);
  const where: SQL[] = [sql.raw(`grain = ${Number(p.grain)}`)];
  if (!p.hasAsset) where.push(sql`asset_id = ''`);
  else if (scope.assets) where.push(sql`asset_id = any(${texts(scope.assets)})`);
  // As on SQLite: the other asset grains across the fleet count only known machines.
  else if (!byBucket) where.push(sql`asset_id in (select asset_id from machines)`);
  where.push(sql`bucket >= ${p.from} and bucket < ${p.to}`);
  if (scope.goods) where.push(sql`goods_id = any(${texts(scope.goods)})`);
  if (scope.pays) where.push(sql`pay_style = any(${ints(scope.pays)})`);
  const prizes = prizeFilter(scope, sql`pay_style`);
  if (prizes) where.push(prizes);
  const d = dimensions(group, {
    asset: sql`asset_id`,
    goods: sql`goods_id`,
    pay: sql`pay_style`,
    bucket: sql`bucket`,
  });
  return rows(
    db,
    sql`select ${d.select}, ${SUMS} from sales_rollups where ${sql.join(where, sql` and `)} ${d.tail}`,
  );
}

/** The same sums straight from the paid trades, counted at their time in [from, to). */
export async function rawMeasures(
  db: PgDbOrTx,
  p: { from: number; to: number; scope: SalesScope; group: Grouping },
): Promise<MeasureRow[]> {
  const { scope, group, from, to } = p;
  const where: SQL[] = [sql`pay_status = 1`];
  if (scope.assets) where.push(sql`asset_id = any(${texts(scope.assets)})`);
  if (scope.goods) where.push(sql`coalesce(goods_id, '') = any(${texts(scope.goods)})`);
  if (scope.pays) where.push(sql`coalesce(pay_style, -1) = any(${ints(scope.pays)})`);
  const prizes = prizeFilter(scope, sql`coalesce(pay_style, -1)`);
  if (prizes) where.push(prizes);
  // Named machines: two branches, each a range of (asset_id, pay_time); the fleet: one range
  // of the index on the trade's time (the expression written as the index has it).
  const branch = (time: SQL) =>
    sql`select asset_id, coalesce(goods_id, '') as goods_id, coalesce(pay_style, -1) as pay_style,
          coalesce(pay_time, create_time) / 900 * 900 as bucket,
          coalesce(count, 1) as units, coalesce(cost, coalesce(price, 0) * coalesce(count, 1)) as gross,
          case when refund_status = 2 then coalesce(refund_fee, 0) else 0 end as refunds,
          case when refund_status = 2 then 1 else 0 end as refunded
        from trades where ${sql.join([...where, time], sql` and `)}`;
  const source = scope.assets
    ? sql`${branch(sql`pay_time >= ${from} and pay_time < ${to}`)}
        union all
        ${branch(sql`pay_time is null and create_time >= ${from} and create_time < ${to}`)}`
    : branch(sql`${tradeTime} >= ${from} and ${tradeTime} < ${to}`);
  const d = dimensions(group, {
    asset: sql`asset_id`,
    goods: sql`goods_id`,
    pay: sql`pay_style`,
    bucket: sql`bucket`,
  });
  return rows(db, sql`select ${d.select}, ${SUMS} from (${source}) t ${d.tail}`);
}

const machineArea = sql`coalesce(${machines.areaId}, ${sites.areaId}, ${lines.areaId})`;

/** Machines matching every filter given, with where they stand, by assetId. */
export async function machinesInScope(db: PgDbOrTx, f: MachineFilter) {
  const where: SQL[] = [];
  if (f.assetIds) where.push(sql`${machines.assetId} = any(${texts(f.assetIds)})`);
  if (f.lineName) where.push(eq(lines.name, f.lineName));
  if (f.siteName) where.push(eq(sites.name, f.siteName));
  if (f.areaName)
    where.push(
      sql`${machineArea} = (select ${areas.id} from ${areas} where ${areas.name} = ${f.areaName})`,
    );
  return db
    .select({
      assetId: machines.assetId,
      name: machines.name,
      siteName: sites.name,
      lineName: lines.name,
      areaName: sql<
        string | null
      >`(select ${areas.name} from ${areas} where ${areas.id} = ${machineArea})`,
    })
    .from(machines)
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(machines.assetId));
}

type GoodsName = { name: string | null; number: string | null };
const GOODS = sql`select r.goods_id as "goodsId", coalesce(g.name, r.goods_name) as name,
    coalesce(g.number, r.goods_number) as number
  from rollup_goods r left join goods g on g.goods_id = r.goods_id`;

/** Names for goods ids: the §11 catalogue when we have it, else what trades called them. */
export async function goodsNames(db: PgDbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, GoodsName>();
  const found = await db.execute<GoodsName & { goodsId: string }>(
    sql`${GOODS} where r.goods_id = any(${texts(ids)}) order by r.goods_id`,
  );
  return new Map(found.rows.map((r) => [r.goodsId, { name: r.name, number: r.number }]));
}

/** The goods that have sold, for the filter: id, name, number. */
export async function soldGoods(db: PgDbOrTx) {
  // SQLite sorts NULL first in ascending order; PostgreSQL last unless told.
  const found = await db.execute<GoodsName & { goodsId: string }>(
    sql`${GOODS} order by name nulls first, "goodsId"`,
  );
  return found.rows;
}

/** Areas, lines and sites that have machines, for the filters. */
export async function scopeOptions(db: PgDbOrTx) {
  const names = async (q: SQL) => (await db.execute<{ name: string }>(q)).rows.map((r) => r.name);
  const [a, l, s] = await Promise.all([
    names(sql`select name from areas order by name`),
    names(sql`select name from lines where id in (select line_id from machines) order by name`),
    names(sql`select name from sites where id in (select site_id from machines) order by name`),
  ]);
  return { areas: a, lines: l, sites: s };
}

/** The time zone the rollups' local days and months were cut in. */
export async function rollupTimeZone(db: PgDbOrTx): Promise<string | undefined> {
  const [row] = await db
    .select({ tz: rollupState.timeZone })
    .from(rollupState)
    .orderBy(asc(rollupState.id))
    .limit(1);
  return row?.tz;
}
