import 'server-only';
import type Database from 'better-sqlite3';
import { GRAINS } from './schema/rollups';
import { perConnection } from './statements';
import { writeBehind } from './write-behind';
import { around } from './around';
import { measureBound, rollupGuard, storeBound, type Measures, type RowKey } from './rollup-guard';
import type { Db } from './client';
import { GAME_PAY_STYLE } from './codes';

export type Level = 'hour' | 'day' | 'month';

/**
 * The fleet's calendar, given by the caller (lib/db.ts): its time zone, and the local day and
 * month (their first second) containing an epoch second.
 */
export interface RollupCalendar {
  timeZone: string;
  dayAndMonth: (t: number) => { day: number; month: number };
}

/** UTC's calendar: for db/'s own tests, which cannot ask lib/ for the fleet's. */
export const UTC_CALENDAR: RollupCalendar = {
  timeZone: 'UTC',
  dayAndMonth: (t) => {
    const d = new Date(t * 1000);
    return {
      day: t - (((t % 86400) + 86400) % 86400),
      month: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000,
    };
  },
};

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

/**
 * What one trade adds to every grain, by dimension (lib/ingest/rollup.ts decides it): each
 * grain takes the dimensions it keeps and the bucket of its level.
 */
export interface Contribution {
  assetId: string;
  goodsId: string;
  payStyle: number;
  /** The payment dimension of grains without it: game prizes apart (§5.1), else -1. */
  prize: number;
  hour: number;
  day: number;
  month: number;
  units: number;
  gross: number;
  refunds: number;
  refunded: number;
}

/** A contribution's row in one grain. */
export function grainRow(g: (typeof GRAIN_DEFS)[number], c: Contribution): RollupRow {
  return [
    g.grain,
    g.asset ? c.assetId : '',
    c[g.level],
    g.goods ? c.goodsId : '',
    g.pay ? c.payStyle : c.prize,
    c.units,
    c.gross,
    c.refunds,
    c.refunded,
  ];
}

const COLUMNS =
  'grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded' as const;

export interface RollupGoods {
  goodsId: string;
  goodsName: string | null;
  goodsNumber: string | null;
  typeName: string | null;
}

interface Statements {
  /** True inside `buffered`: `addContribution` then only sums in memory. */
  readonly buffering: boolean;
  /**
   * Adds a trade's contribution to every grain (summed in memory when buffering, else written
   * at once). Throws RollupOverflowError, adding nothing, when a row would stop being a safe
   * integer (db/rollup-guard.ts).
   */
  addContribution: (c: Contribution) => void;
  /** Records a goods' names: a field given replaces the stored one, a null keeps it. */
  goods: (g: RollupGoods) => void;
  /**
   * Runs `fn` with the rows and goods it adds summed in memory, then written once per key at
   * its end. For a bulk load's big transactions (a week of a large fleet adds the same month
   * rows thousands of times); call it inside the transaction, so the sums commit with the
   * trades or not at all. A nested call is a scope of its own: its sums join the outer
   * buffer when it returns and are dropped when it throws (a savepoint rolled back).
   */
  buffered: <T>(fn: () => T) => T;
}

/**
 * Buffered sums by key, in two levels of numbers rather than one string (building and hashing
 * a five-part string nine times per trade was most of a bulk load's rollup time): the outer
 * key is the grain, bucket and payment, the inner one the goods and machine, each an index
 * into a table kept while buffers are open (a fleet's machines, goods and payment codes).
 */
type Buffer = Map<number, Map<number, RollupRow>>;
interface Frame {
  rows: Buffer;
  names: Map<string, RollupGoods>;
}

const ASSETS = 2 ** 21;

const PAYS = 2 ** 12;

/** Small indexes for strings or numbers, in the order first seen. */
function interner<K>(limit: number, what: string) {
  const ids = new Map<K, number>();
  return (k: K) => {
    let id = ids.get(k);
    if (id === undefined) {
      if (ids.size >= limit)
        throw new RangeError(`the sales rollups' buffer keys at most ${limit} distinct ${what}`);
      ids.set(k, (id = ids.size));
    }
    return id;
  };
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
  // Keys of the open buffers only: renewed when the outermost scope ends, so a sender of many
  // distinct payment codes (kept as they came, D62) cannot use up the table for good.
  let assetIndex: (k: string) => number;
  let goodsIndex: (k: string) => number;
  let payIndex: (k: number) => number;
  const renewKeys = () => {
    assetIndex = interner<string>(ASSETS, 'machines');
    goodsIndex = interner<string>(ASSETS, 'goods');
    payIndex = interner<number>(PAYS, 'payment codes');
    assetIndex('');
    goodsIndex('');
  };
  renewKeys();
  /** Adds `row`'s measures under its keys; the row is copied when the key is new. */
  const addKeyed = (rows: Buffer, outer: number, inner: number, row: RollupRow) => {
    let level = rows.get(outer);
    if (!level) rows.set(outer, (level = new Map()));
    const sum = level.get(inner);
    if (!sum) level.set(inner, [...row]);
    else {
      sum[5] += row[5];
      sum[6] += row[6];
      sum[7] += row[7];
      sum[8] += row[8];
    }
  };
  const outerKey = (grain: number, bucket: number, pay: number) =>
    (bucket * 16 + grain) * PAYS + payIndex(pay);
  const innerKey = (assetId: string, goodsId: string) =>
    goodsIndex(goodsId) * ASSETS + assetIndex(assetId);
  const addName = (names: Map<string, RollupGoods>, g: RollupGoods) => {
    const had = names.get(g.goodsId);
    if (!had) names.set(g.goodsId, { ...g });
    else {
      had.goodsName = g.goodsName ?? had.goodsName;
      had.goodsNumber = g.goodsNumber ?? had.goodsNumber;
      had.typeName = g.typeName ?? had.typeName;
    }
  };
  const write = (row: RollupRow) => {
    if (row[5] !== 0 || row[6] !== 0 || row[7] !== 0 || row[8] !== 0) upsert.run(row);
  };
  const guard = rollupGuard(sqlite);
  // Open buffers (db/write-behind.ts): the rollup changes of a savepoint that rolls back are
  // dropped with it.
  const scopes = writeBehind<Frame>(
    () => ({ rows: new Map(), names: new Map() }),
    (frame, parent) => {
      for (const [outer, level] of frame.rows)
        for (const [inner, row] of level) addKeyed(parent.rows, outer, inner, row);
      for (const g of frame.names.values()) addName(parent.names, g);
    },
    (frame) => {
      for (const level of frame.rows.values()) for (const row of level.values()) write(row);
      for (const g of frame.names.values()) goods.run(g);
      guard.commit();
    },
  );
  const buffered = <T>(fn: () => T): T => {
    if (scopes.top()) return scopes.scope(fn);
    const done = () => {
      guard.reset();
      renewKeys();
    };
    return around(() => scopes.scope(fn), done, done);
  };
  /** What the open buffers hold for a row, summed over them. */
  const pending = (key: RowKey): Measures => {
    const outer = outerKey(key[0], key[2], key[4]);
    const inner = innerKey(key[1], key[3]);
    let units = 0;
    let gross = 0;
    let refunds = 0;
    let refunded = 0;
    for (const frame of scopes.frames) {
      const row = frame.rows.get(outer)?.get(inner);
      if (!row) continue;
      units += row[5];
      gross += row[6];
      refunds += row[7];
      refunded += row[8];
    }
    return [units, gross, refunds, refunded];
  };
  const addContribution = (c: Contribution): void => {
    const top = scopes.top();
    if (!top) return buffered(() => addContribution(c));
    guard.check(
      [c.units, c.gross, c.refunds, c.refunded],
      () => GRAIN_DEFS.map((g) => grainRow(g, c).slice(0, 5) as unknown as RowKey),
      pending,
    );
    // The machine's and goods' indexes once per trade; a grain without one uses index 0 ('').
    const asset = assetIndex(c.assetId);
    const goodsId = goodsIndex(c.goodsId);
    for (const g of GRAIN_DEFS) {
      const pay = g.pay ? c.payStyle : c.prize;
      const outer = outerKey(g.grain, c[g.level], pay);
      const inner = (g.goods ? goodsId : 0) * ASSETS + (g.asset ? asset : 0);
      let level = top.rows.get(outer);
      if (!level) top.rows.set(outer, (level = new Map()));
      const sum = level.get(inner);
      if (!sum) level.set(inner, grainRow(g, c));
      else {
        sum[5] += c.units;
        sum[6] += c.gross;
        sum[7] += c.refunds;
        sum[8] += c.refunded;
      }
    }
  };
  return {
    get buffering() {
      return scopes.top() !== undefined;
    },
    addContribution,
    goods: (g) => {
      const top = scopes.top();
      if (!top) goods.run(g);
      else addName(top.names, g);
    },
    buffered,
  };
}

export const rollupStatements: (sqlite: Database.Database) => Statements = perConnection(build);

/** The rollups' statements and buffers of `db`'s connection. */
export const rollupsOf = (db: Db): Statements => rollupStatements(db.$client);

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
export function rebuildRollups(sqlite: Database.Database, calendar: RollupCalendar, now: number) {
  const { timeZone, dayAndMonth: periods } = calendar;
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
  storeBound(sqlite, measureBound(sqlite));
}

/**
 * Makes sure the rollups were built in `timeZone`: rebuilds them otherwise. Cheap when they
 * were (one lookup); called whenever a database is opened.
 */
export function ensureRollups(sqlite: Database.Database, calendar: RollupCalendar) {
  const { timeZone } = calendar;
  const state = sqlite
    .prepare('select time_zone as tz, bound from rollup_state where id = 1')
    .get() as { tz: string; bound: number | null } | undefined;
  if (state?.tz === timeZone) {
    // A database from before the bound (D62): one scan of the rollups, once.
    if (state.bound === null) storeBound(sqlite, measureBound(sqlite));
    return false;
  }
  sqlite.transaction(() => rebuildRollups(sqlite, calendar, Math.floor(Date.now() / 1000)))();
  return true;
}
