import type Database from 'better-sqlite3';
import { GRAINS } from './schema/rollups';
import { dayAndMonthOf } from '@/lib/domain/periods';
import { GAME_PAY_STYLE } from '@/lib/domain/paystyles';

export type Level = 'hour' | 'day' | 'month';

/** Which dimensions each grain keeps and at which level of time (docs/decisions.md D20). */
export const GRAIN_DEFS = [
  { grain: GRAINS.payHour, asset: false, goods: false, pay: true, level: 'hour' },
  { grain: GRAINS.payDay, asset: false, goods: false, pay: true, level: 'day' },
  { grain: GRAINS.payMonth, asset: false, goods: false, pay: true, level: 'month' },
  { grain: GRAINS.machineDay, asset: true, goods: false, pay: false, level: 'day' },
  { grain: GRAINS.machineMonth, asset: true, goods: false, pay: false, level: 'month' },
  { grain: GRAINS.machinePayMonth, asset: true, goods: false, pay: true, level: 'month' },
  { grain: GRAINS.goodsPayDay, asset: false, goods: true, pay: true, level: 'day' },
  { grain: GRAINS.goodsPayMonth, asset: false, goods: true, pay: true, level: 'month' },
  { grain: GRAINS.machineGoodsMonth, asset: true, goods: true, pay: false, level: 'month' },
] as const satisfies readonly {
  grain: number;
  asset: boolean;
  goods: boolean;
  pay: boolean;
  level: Level;
}[];

/** [grain, assetId, bucket, goodsId, payStyle, units, gross, refunds, refunded] */
export type RollupRow = [number, string, number, string, number, number, number, number, number];

const COLUMNS =
  'grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded' as const;

export interface RollupGoods {
  goodsId: string;
  goodsName: string | null;
  goodsNumber: string | null;
  typeName: string | null;
}

interface Statements {
  /** Adds each row's measures to its key's. */
  add: (rows: readonly RollupRow[]) => void;
  /** Records a goods' names: a field given replaces the stored one, a null keeps it. */
  goods: (g: RollupGoods) => void;
  /**
   * Runs `fn` with the rows and goods it adds summed in memory, then written once per key at
   * its end. For a bulk load's big transactions (a day of a large fleet adds the same month
   * rows thousands of times); call it inside the transaction, so the sums commit with the
   * trades or not at all. A nested call is a scope of its own: its sums join the outer
   * buffer when it returns and are dropped when it throws (a savepoint rolled back).
   */
  buffered: <T>(fn: () => T) => T;
}

const cache = new WeakMap<Database.Database, Statements>();

interface Frame {
  rows: Map<string, RollupRow>;
  names: Map<string, RollupGoods>;
}

function build(sqlite: Database.Database): Statements {
  // One row a statement: measured faster than a multi-row upsert, which SQLite runs through
  // a temporary table.
  const upsert = sqlite.prepare(
    `insert into sales_rollups (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (grain, asset_id, bucket, goods_id, pay_style) do update set
       units = units + excluded.units, gross = gross + excluded.gross,
       refunds = refunds + excluded.refunds, refunded = refunded + excluded.refunded`,
  );
  const goods = sqlite.prepare(
    `insert into rollup_goods (goods_id, goods_name, goods_number, type_name)
     values (:goodsId, :goodsName, :goodsNumber, :typeName)
     on conflict (goods_id) do update set
       goods_name = coalesce(excluded.goods_name, goods_name),
       goods_number = coalesce(excluded.goods_number, goods_number),
       type_name = coalesce(excluded.type_name, type_name)
     where coalesce(excluded.goods_name, goods_name) is not goods_name
        or coalesce(excluded.goods_number, goods_number) is not goods_number
        or coalesce(excluded.type_name, type_name) is not type_name`,
  );
  // Open buffers, innermost last: a nested scope's sums join its parent's only when it
  // returns, so the rollup changes of a savepoint that rolls back are dropped with it.
  const stack: Frame[] = [];
  const addRow = (rows: Map<string, RollupRow>, row: RollupRow) => {
    const key = `${row[0]}\u0000${row[1]}\u0000${row[2]}\u0000${row[3]}\u0000${row[4]}`;
    const sum = rows.get(key);
    if (!sum) rows.set(key, [...row]);
    else {
      sum[5] += row[5];
      sum[6] += row[6];
      sum[7] += row[7];
      sum[8] += row[8];
    }
  };
  const addName = (names: Map<string, RollupGoods>, g: RollupGoods) => {
    const had = names.get(g.goodsId);
    names.set(
      g.goodsId,
      had
        ? {
            goodsId: g.goodsId,
            goodsName: g.goodsName ?? had.goodsName,
            goodsNumber: g.goodsNumber ?? had.goodsNumber,
            typeName: g.typeName ?? had.typeName,
          }
        : { ...g },
    );
  };
  return {
    add: (added) => {
      const top = stack[stack.length - 1];
      if (!top) for (const row of added) upsert.run(row);
      else for (const row of added) addRow(top.rows, row);
    },
    goods: (g) => {
      const top = stack[stack.length - 1];
      if (!top) goods.run(g);
      else addName(top.names, g);
    },
    buffered: (fn) => {
      const frame: Frame = { rows: new Map(), names: new Map() };
      stack.push(frame);
      let result;
      try {
        result = fn();
      } finally {
        stack.pop();
      }
      const parent = stack[stack.length - 1];
      if (parent) {
        for (const row of frame.rows.values()) addRow(parent.rows, row);
        for (const g of frame.names.values()) addName(parent.names, g);
      } else {
        for (const row of frame.rows.values())
          if (row[5] !== 0 || row[6] !== 0 || row[7] !== 0 || row[8] !== 0) upsert.run(row);
        for (const g of frame.names.values()) goods.run(g);
      }
      return result;
    },
  };
}

export function rollupStatements(sqlite: Database.Database): Statements {
  let s = cache.get(sqlite);
  if (!s) {
    s = build(sqlite);
    cache.set(sqlite, s);
  }
  return s;
}

/** The time a trade counts at, and its measures: the same in SQL as in lib/ingest/rollup.ts. */
const PAID_TRADES = `(select *, coalesce(pay_time, create_time) as t from trades where pay_status = 1)`;
const MEASURES = `sum(coalesce(count, 1)),
  sum(coalesce(cost, coalesce(price, 0) * coalesce(count, 1))),
  sum(case when refund_status = 2 then coalesce(refund_fee, 0) else 0 end),
  sum(case when refund_status = 2 then 1 else 0 end)`;

/**
 * Recomputes every rollup from the trades (a new database's first start after this migration,
 * or a change of FLEET_TIME_ZONE): one grouped pass over the trades per grain. Run inside a
 * transaction.
 */
export function rebuildRollups(sqlite: Database.Database, timeZone: string, now: number) {
  const periods = dayAndMonthOf(timeZone);
  sqlite.function('rollup_day', { deterministic: true }, (t) => periods(Number(t)).day);
  sqlite.function('rollup_month', { deterministic: true }, (t) => periods(Number(t)).month);
  const bucket = { hour: 't - t % 3600', day: 'rollup_day(t)', month: 'rollup_month(t)' };
  sqlite.exec('delete from sales_rollups; delete from rollup_goods;');
  for (const g of GRAIN_DEFS) {
    sqlite.exec(
      `insert into sales_rollups (${COLUMNS})
       select ${g.grain}, ${g.asset ? 'asset_id' : "''"}, ${bucket[g.level]} as b,
         ${g.goods ? "coalesce(goods_id, '')" : "''"} as g,
         ${g.pay ? 'coalesce(pay_style, -1)' : `case when pay_style = ${GAME_PAY_STYLE} then ${GAME_PAY_STYLE} else -1 end`} as p,
         ${MEASURES}
       from ${PAID_TRADES} where t >= 0
       group by 2, b, g, p`,
    );
  }
  sqlite.exec(
    `insert into rollup_goods (goods_id, goods_name, goods_number, type_name)
     select goods_id, goods_name, goods_number, type_name from trades
     where id in (select max(id) from trades where goods_id is not null group by goods_id)`,
  );
  sqlite
    .prepare(
      `insert into rollup_state (id, time_zone, built_at) values (1, ?, ?)
       on conflict (id) do update set time_zone = excluded.time_zone, built_at = excluded.built_at`,
    )
    .run(timeZone, now);
}

/**
 * Makes sure the rollups were built in `timeZone`: rebuilds them otherwise. Cheap when they
 * were (one lookup); called whenever a database is opened.
 */
export function ensureRollups(sqlite: Database.Database, timeZone: string) {
  const state = sqlite.prepare('select time_zone as tz from rollup_state where id = 1').get() as
    { tz: string } | undefined;
  if (state?.tz === timeZone) return false;
  sqlite.transaction(() => rebuildRollups(sqlite, timeZone, Math.floor(Date.now() / 1000)))();
  return true;
}
