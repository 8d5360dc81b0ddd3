import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { GAME_PAY_STYLE } from '../codes';
import {
  areas,
  goods,
  GRAINS,
  lines,
  machines,
  rollupGoods,
  rollupState,
  sites,
  tradeTime,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/sales';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/** What a statistic is restricted to; null means no restriction. */
export interface SalesScope {
  assets: string[] | null;
  goods: string[] | null;
  pays: number[] | null;
  /** Game prizes (payStyle 8): counted, left out, or the only ones counted. */
  prizes?: 'include' | 'exclude' | 'only';
}

function prizeFilter(scope: SalesScope, pay: SQL): SQL | undefined {
  if (scope.prizes === 'exclude') return sql`${pay} <> ${GAME_PAY_STYLE}`;
  if (scope.prizes === 'only') return sql`${pay} = ${GAME_PAY_STYLE}`;
  return undefined;
}

export interface Measures {
  units: number;
  gross: number;
  refunds: number;
  refunded: number;
}

export interface MeasureRow extends Measures {
  asset: string;
  goods: string;
  pay: number;
  /** Rollup rows: the period's start; raw rows: the quarter-hour's start; else 0. */
  bucket: number;
}

export interface Grouping {
  asset?: boolean;
  goods?: boolean;
  pay?: boolean;
  bucket?: boolean;
}

const json = (v: readonly (string | number)[]) => JSON.stringify(v);

/** Partial indexes in bucket order (db/schema/rollups.ts), by grain. */
const BUCKET_INDEXES: Record<number, string> = {
  [GRAINS.machineDay]: 'sales_rollups_machine_day_idx',
  [GRAINS.machineMonth]: 'sales_rollups_machine_month_idx',
};

/**
 * GROUP BY the dimensions asked for only: grouping by the constant columns as well made the
 * sorter's keys twice as wide and the machine table's query twice as slow.
 */
function groupBy(group: Grouping, columns: Record<keyof Grouping, string>) {
  const keys = (Object.keys(columns) as (keyof Grouping)[]).filter((k) => group[k]);
  return keys.length ? sql.raw(`group by ${keys.map((k) => columns[k]).join(', ')}`) : sql``;
}

function rows(db: DbOrTx, query: SQL): MeasureRow[] {
  // Without GROUP BY, no matching row still answers one row of NULL sums.
  return db.all<MeasureRow>(query).filter((r) => r.units !== null);
}

/**
 * Sums of one rollup grain over whole periods starting in [from, to). A grain with the asset
 * dimension is read by one seek per machine of the scope; the machine grains over the whole
 * fleet in bucket order.
 */
export async function rollupMeasures(
  db: DbOrTx,
  p: {
    grain: number;
    hasAsset: boolean;
    from: number;
    to: number;
    scope: SalesScope;
    group: Grouping;
  },
): Promise<MeasureRow[]> {
  if (isPg(db)) return onPg.rollupMeasures(pgOf(db), p);
  while (held(db)) await ready(db);
  const { scope, group } = p;
  // The machine grains over the whole fleet are read in bucket order from their own index;
  // other asset grains by one seek per machine.
  const byBucket = p.hasAsset && !scope.assets ? BUCKET_INDEXES[p.grain] : undefined;
  // The grain is written out (not bound) so SQLite can match the partial index's WHERE.
  const where: SQL[] = [sql.raw(`grain = ${Number(p.grain)}`)];
  if (!p.hasAsset) where.push(sql`asset_id = ''`);
  else if (scope.assets)
    where.push(sql`asset_id in (select value from json_each(${json(scope.assets)}))`);
  else if (!byBucket) where.push(sql`asset_id in (select asset_id from ${machines})`);
  where.push(sql`bucket >= ${p.from} and bucket < ${p.to}`);
  if (scope.goods) where.push(sql`goods_id in (select value from json_each(${json(scope.goods)}))`);
  if (scope.pays) where.push(sql`pay_style in (select value from json_each(${json(scope.pays)}))`);
  const prizes = prizeFilter(scope, sql`pay_style`);
  if (prizes) where.push(prizes);
  return rows(
    db,
    sql`select ${group.asset ? sql`asset_id` : sql`''`} as asset,
        ${group.goods ? sql`goods_id` : sql`''`} as goods,
        ${group.pay ? sql`pay_style` : sql`-1`} as pay,
        ${group.bucket ? sql`bucket` : sql`0`} as bucket,
        sum(units) as units, sum(gross) as gross, sum(refunds) as refunds, sum(refunded) as refunded
      from sales_rollups ${sql.raw(byBucket ? `indexed by ${byBucket}` : '')}
      where ${sql.join(where, sql` and `)}
      ${groupBy(group, { asset: 'asset_id', goods: 'goods_id', pay: 'pay_style', bucket: 'bucket' })}`,
  );
}

/**
 * The same sums straight from the trades (paid trades counted at coalesce(payTime,
 * createTime) in [from, to)): the edges of a range that no whole period covers, the
 * combinations no rollup keeps, and the baseline the rollups are tested and measured against.
 */
export async function rawMeasures(
  db: DbOrTx,
  p: { from: number; to: number; scope: SalesScope; group: Grouping },
): Promise<MeasureRow[]> {
  if (isPg(db)) return onPg.rawMeasures(pgOf(db), p);
  while (held(db)) await ready(db);
  const { scope, group, from, to } = p;
  const where: SQL[] = [sql`pay_status = 1`];
  if (scope.assets)
    where.push(sql`asset_id in (select value from json_each(${json(scope.assets)}))`);
  if (scope.goods)
    where.push(sql`coalesce(goods_id, '') in (select value from json_each(${json(scope.goods)}))`);
  if (scope.pays)
    where.push(sql`coalesce(pay_style, -1) in (select value from json_each(${json(scope.pays)}))`);
  const prizes = prizeFilter(scope, sql`coalesce(pay_style, -1)`);
  if (prizes) where.push(prizes);
  // For named machines, two branches rather than one OR, so each uses the index on
  // (asset_id, pay_time): trades counted at payTime, and the few without one at createTime.
  // Across the fleet, one range of the index on that same time (trades_time_idx).
  const branch = (time: SQL) =>
    sql`select asset_id, goods_id, pay_style, coalesce(pay_time, create_time) as t,
          coalesce(count, 1) as n, coalesce(cost, coalesce(price, 0) * coalesce(count, 1)) as amount,
          case when refund_status = 2 then coalesce(refund_fee, 0) else 0 end as refund,
          case when refund_status = 2 then 1 else 0 end as refunded
        from trades where ${sql.join([...where, time], sql` and `)}`;
  return rows(
    db,
    sql`select ${group.asset ? sql`asset_id` : sql`''`} as asset,
        ${group.goods ? sql`coalesce(goods_id, '')` : sql`''`} as goods,
        ${group.pay ? sql`coalesce(pay_style, -1)` : sql`-1`} as pay,
        ${group.bucket ? sql`t / 900 * 900` : sql`0`} as bucket,
        sum(n) as units, sum(amount) as gross, sum(refund) as refunds, sum(refunded) as refunded
      from (${
        scope.assets
          ? sql`${branch(sql`pay_time >= ${from} and pay_time < ${to}`)}
        union all
        ${branch(sql`pay_time is null and create_time >= ${from} and create_time < ${to}`)}`
          : branch(sql`${tradeTime} >= ${from} and ${tradeTime} < ${to}`)
      })
      ${groupBy(group, { asset: 'asset', goods: 'goods', pay: 'pay', bucket: 'bucket' })}`,
  );
}

export interface MachineFilter {
  areaName?: string;
  lineName?: string;
  siteName?: string;
  assetIds?: string[];
}

const machineArea = sql`coalesce(${machines.areaId}, ${sites.areaId}, ${lines.areaId})`;

/** Machines matching every filter given, with where they stand, by assetId. */
export async function machinesInScope(db: DbOrTx, f: MachineFilter) {
  if (isPg(db)) return onPg.machinesInScope(pgOf(db), f);
  while (held(db)) await ready(db);
  const where: SQL[] = [];
  if (f.assetIds) where.push(inArray(machines.assetId, f.assetIds));
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
    .orderBy(asc(machines.assetId))
    .all();
}

/** Names for goods ids: the §11 catalogue when we have it, else what trades called them. */
export async function goodsNames(db: DbOrTx, ids: string[]) {
  if (isPg(db)) return onPg.goodsNames(pgOf(db), ids);
  while (held(db)) await ready(db);
  if (!ids.length) return new Map<string, { name: string | null; number: string | null }>();
  const list = json(ids);
  const found = db.all<{ id: string; name: string | null; number: string | null }>(
    sql`select r.goods_id as id, coalesce(g.name, r.goods_name) as name,
          coalesce(g.number, r.goods_number) as number
        from ${rollupGoods} r left join ${goods} g on g.goods_id = r.goods_id
        where r.goods_id in (select value from json_each(${list}))`,
  );
  return new Map(found.map((r) => [r.id, { name: r.name, number: r.number }]));
}

/** The goods that have sold, for the filter: id, name, number. */
export async function soldGoods(db: DbOrTx) {
  if (isPg(db)) return onPg.soldGoods(pgOf(db));
  while (held(db)) await ready(db);
  return db.all<{ goodsId: string; name: string | null; number: string | null }>(
    sql`select r.goods_id as goodsId, coalesce(g.name, r.goods_name) as name,
          coalesce(g.number, r.goods_number) as number
        from ${rollupGoods} r left join ${goods} g on g.goods_id = r.goods_id
        order by name, goodsId`,
  );
}

/** Areas, lines and sites that have machines, for the filters. */
export async function scopeOptions(db: DbOrTx) {
  if (isPg(db)) return onPg.scopeOptions(pgOf(db));
  while (held(db)) await ready(db);
  const names = (q: SQL) => db.all<{ name: string }>(q).map((r) => r.name);
  return {
    areas: names(sql`select name from ${areas} order by name`),
    lines: names(
      sql`select name from ${lines} where id in (select line_id from ${machines}) order by name`,
    ),
    sites: names(
      sql`select name from ${sites} where id in (select site_id from ${machines}) order by name`,
    ),
  };
}

/** The time zone the rollups' local days and months were cut in. */
export async function rollupTimeZone(db: DbOrTx): Promise<string | undefined> {
  if (isPg(db)) return onPg.rollupTimeZone(pgOf(db));
  while (held(db)) await ready(db);
  return db.select({ tz: rollupState.timeZone }).from(rollupState).get()?.tz;
}
