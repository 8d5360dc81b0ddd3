import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { RollupOverflowError } from '@/db/rollup-guard';
import {
  GRAIN_DEFS,
  grainRow,
  type Contribution,
  type RollupCalendar,
  type RollupGoods,
  type RollupRow,
} from '@/db/rollups';
import { arr, runNamed, sessionOf } from './prepared-shared';

/**
 * PostgreSQL's form of db/rollups.ts (docs/decisions.md D104). A batch's changes are summed in
 * memory per rollup row, then written with ONE multi-row `INSERT … ON CONFLICT DO UPDATE SET
 * units = r.units + excluded.units …` for sales_rollups and one for rollup_goods, in one
 * statement: the rows of a group commit of thousands of trades in one round trip. Rows go in key order, so two
 * processes adding to the same rows lock them in the same order (no deadlock).
 */

/** Summed rows by key, and goods' names by id, of one buffered scope. */
interface Frame {
  rows: Map<string, RollupRow>;
  names: Map<string, RollupGoods>;
}

const newFrame = (): Frame => ({ rows: new Map(), names: new Map() });
const keyOf = (r: RollupRow) => `${r[0]}\u0000${r[2]}\u0000${r[4]}\u0000${r[1]}\u0000${r[3]}`;

function addRow(rows: Map<string, RollupRow>, r: RollupRow) {
  const k = keyOf(r);
  const sum = rows.get(k);
  if (!sum) rows.set(k, [...r]);
  else {
    sum[5] += r[5];
    sum[6] += r[6];
    sum[7] += r[7];
    sum[8] += r[8];
  }
}

function addName(names: Map<string, RollupGoods>, g: RollupGoods) {
  const had = names.get(g.goodsId);
  if (!had) names.set(g.goodsId, { ...g });
  else {
    had.goodsName = g.goodsName ?? had.goodsName;
    had.goodsNumber = g.goodsNumber ?? had.goodsNumber;
    had.typeName = g.typeName ?? had.typeName;
  }
}

/**
 * Adds summed rows (unique keys) and goods' names, in one statement. Throws
 * RollupOverflowError when a row written now holds a measure past 2^53 (D62); the caller's
 * transaction or savepoint then rolls the batch back. (SQLite refuses only the trade that
 * would overflow, before writing; here the batch is checked exactly, by the rows it wrote.)
 */
export async function writeRollups(
  db: PgDbOrTx,
  rows: readonly RollupRow[],
  goods: readonly RollupGoods[] = [],
): Promise<void> {
  const { names, w } = rollupParts(rows, goods);
  if (!w) {
    if (names)
      await runNamed(db, 'prep_write_rollup_goods', sql`with names as (${names}) select 1`);
    return;
  }
  const r = await runNamed<{ over: boolean }>(
    db,
    names ? 'prep_write_rollups_goods' : 'prep_write_rollups',
    sql`with ${names ? sql`names as (${names}),` : sql``} w as (${w}) ${OVER}`,
  );
  if (r.rows[0]!.over) throw new RollupOverflowError('a sales rollup row would pass 2^53');
}

/**
 * The query over `w` that says whether a row it wrote passed 2^53: a column `over`, which the
 * caller turns into RollupOverflowError.
 */
export const OVER = sql`select coalesce(max(m) > ${Number.MAX_SAFE_INTEGER}::bigint, false) as over from w`;

/**
 * writeRollups' statements, for WITH clauses (a data-modifying WITH runs whether or not the
 * query reads it): `names`, the goods' names, and `w`, the summed rows returning each row's
 * largest measure `m` (OVER); either undefined when it has nothing to write.
 */
export function rollupParts(
  rows: readonly RollupRow[],
  goods: readonly RollupGoods[],
): { names?: SQL; w?: SQL } {
  const live = rows
    .filter((r) => r[5] !== 0 || r[6] !== 0 || r[7] !== 0 || r[8] !== 0)
    .sort(
      (a, b) =>
        a[0] - b[0] ||
        a[2] - b[2] ||
        a[4] - b[4] ||
        (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) ||
        (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0),
    );
  const gs = [...goods].sort((a, b) => (a.goodsId < b.goodsId ? -1 : 1));
  const c = (i: number) => arr(live.map((r) => r[i]));
  const g = <K extends keyof RollupGoods>(k: K) => arr(gs.map((x) => x[k]));
  return {
    names: gs.length
      ? sql`
      insert into rollup_goods as r (goods_id, goods_name, goods_number, type_name)
      select * from unnest(${g('goodsId')}::text[], ${g('goodsName')}::text[],
        ${g('goodsNumber')}::text[], ${g('typeName')}::text[])
      on conflict (goods_id) do update set
        goods_name = coalesce(excluded.goods_name, r.goods_name),
        goods_number = coalesce(excluded.goods_number, r.goods_number),
        type_name = coalesce(excluded.type_name, r.type_name)
      where coalesce(excluded.goods_name, r.goods_name) is distinct from r.goods_name
         or coalesce(excluded.goods_number, r.goods_number) is distinct from r.goods_number
         or coalesce(excluded.type_name, r.type_name) is distinct from r.type_name`
      : undefined,
    w: live.length
      ? sql`
      insert into sales_rollups as r
        (grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded)
      select * from unnest(${c(0)}::int[], ${c(1)}::text[], ${c(2)}::bigint[], ${c(3)}::text[],
        ${c(4)}::bigint[], ${c(5)}::bigint[], ${c(6)}::bigint[], ${c(7)}::bigint[],
        ${c(8)}::bigint[])
      on conflict (grain, asset_id, bucket, goods_id, pay_style) do update set
        units = r.units + excluded.units, gross = r.gross + excluded.gross,
        refunds = r.refunds + excluded.refunds, refunded = r.refunded + excluded.refunded
      returning greatest(abs(units), abs(gross), abs(refunds), abs(refunded)) as m`
      : undefined,
  };
}

/** What trades add, summed per rollup row and goods, then written (writeRollups). */
export async function addContributions(
  db: PgDbOrTx,
  contributions: readonly Contribution[],
  goods: readonly RollupGoods[] = [],
): Promise<void> {
  const f = newFrame();
  for (const c of contributions) addTo(f, c);
  for (const g of goods) addName(f.names, g);
  await writeRollups(db, [...f.rows.values()], [...f.names.values()]);
}

function addTo(f: Frame, c: Contribution) {
  for (const m of [c.units, c.gross, c.refunds, c.refunded])
    if (!Number.isSafeInteger(m))
      throw new RollupOverflowError(`a trade's sales measure ${m} is not an exact integer`);
  for (const g of GRAIN_DEFS) addRow(f.rows, grainRow(g, c));
}

/** The rollups' buffers of a pool or transaction (db/rollups.ts's Statements, async). */
export interface PgRollups {
  /** True inside `buffered`: `addContribution` then only sums in memory. */
  readonly buffering: boolean;
  /** Adds a trade's contribution to every grain (summed when buffering, else written now). */
  addContribution: (c: Contribution) => Promise<void>;
  /** Records a goods' names: a field given replaces the stored one, a null keeps it. */
  goods: (g: RollupGoods) => Promise<void>;
  /**
   * Runs `fn` with the rows and goods it adds summed in memory, written once per row at the
   * end of the outermost scope (one statement). A nested scope's sums join the outer one
   * when it returns and are dropped when it throws (its savepoint rolled back).
   */
  buffered: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Empties the innermost scope, returning what it had summed, for the caller to write at once
   * in its transaction (rollupParts): a batch's statement of its own (D119). Nothing outside one.
   */
  take: () => { rows: RollupRow[]; goods: RollupGoods[] };
}

/**
 * The open scopes, in the async context of the outermost `buffered` call: a transaction's
 * savepoints (other Drizzle objects over the same session) share them, and two requests
 * running at once on the pool never see each other's.
 */
const scopes = new AsyncLocalStorage<{ session: object; frames: Frame[] }>();

export function rollupsOf(db: PgDbOrTx): PgRollups {
  const session = sessionOf(db);
  const open = () => {
    const s = scopes.getStore();
    return s && s.session === session && s.frames.length ? s.frames : undefined;
  };
  const buffered = async <T>(fn: () => Promise<T>): Promise<T> => {
    const frames = open();
    if (!frames) {
      const top = newFrame();
      const out = await scopes.run({ session, frames: [top] }, fn);
      await writeRollups(db, [...top.rows.values()], [...top.names.values()]);
      return out;
    }
    const f = newFrame();
    frames.push(f);
    try {
      const out = await fn();
      const parent = frames[frames.indexOf(f) - 1]!;
      for (const r of f.rows.values()) addRow(parent.rows, r);
      for (const g of f.names.values()) addName(parent.names, g);
      return out;
    } finally {
      frames.splice(frames.indexOf(f), 1);
    }
  };
  return {
    get buffering() {
      return open() !== undefined;
    },
    take: () => {
      const top = open()?.at(-1);
      if (!top) return { rows: [], goods: [] };
      const taken = { rows: [...top.rows.values()], goods: [...top.names.values()] };
      top.rows.clear();
      top.names.clear();
      return taken;
    },
    addContribution: async (c) => {
      const top = open()?.at(-1);
      if (top) addTo(top, c);
      else await addContributions(db, [c]);
    },
    goods: async (g) => {
      const top = open()?.at(-1);
      if (top) addName(top.names, g);
      else await writeRollups(db, [], [g]);
    },
    buffered,
  };
}

export * from './rollups-rebuild';
export type { RollupCalendar };
