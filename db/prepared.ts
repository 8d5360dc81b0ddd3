import 'server-only';
import { and, eq, getTableColumns, is, Param, Placeholder, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import { perClient } from './statements';
import {
  containers,
  goods,
  inbox,
  machineClocks,
  machines,
  refillPaySales,
  refillSettlements,
  refillShelves,
  shelves,
  trades,
} from './schema';

type Values = Record<string, unknown>;

/**
 * The SQL Drizzle builds for `query` (once), and a function that turns named values into its
 * parameters in order: placeholders take the value of their name, other parameters (literals
 * in the query) stay as built. A missing value is an error, not a silent null.
 */
export function bindable(query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params: raw } = query.toSQL();
  // Insert values arrive wrapped in Params (with the column's encoder); unwrap them once.
  const params = raw.map((p) => {
    if (!is(p, Param)) return p;
    const { value, encoder } = p as Param;
    if (is(value, Placeholder)) return value;
    const driver = encoder ? encoder.mapToDriverValue(value) : value;
    return typeof driver === 'boolean' ? Number(driver) : driver;
  });
  const names = params.map((p) => (is(p, Placeholder) ? (p as Placeholder).name : null));
  const args = (v: Values) =>
    params.map((p, i) => {
      const name = names[i];
      if (name === null || name === undefined) return p;
      const value = v[name];
      if (value === undefined) throw new Error(`no value for :${name}`);
      return typeof value === 'boolean' ? Number(value) : value;
    });
  return { text, args };
}

/**
 * A statement on a hot path: the SQL Drizzle builds for `query` (once), prepared once, run with
 * named values. Drizzle's own prepared queries still map every parameter through its type
 * checks on each call; at millions of rows that was a third of the time (docs/decisions.md).
 * `keys` names the selected columns, in order, for queries that return rows.
 */
function fast<Row = unknown>(
  db: Db,
  query: { toSQL(): { sql: string; params: unknown[] } },
  keys?: readonly string[],
) {
  const { text, args } = bindable(query);
  const stmt = db.$client.prepare(text);
  if (keys && stmt.reader) stmt.raw(true);
  return {
    run: (v: Values) => stmt.run(args(v)),
    get: (v: Values): Row | undefined => {
      const row = stmt.get(args(v));
      if (!row || !keys) return row as Row | undefined;
      const out: Values = {};
      keys.forEach((k, i) => (out[k] = (row as unknown[])[i]));
      return out as Row;
    },
  };
}

/**
 * A statement run with its values as an array in the order of `names`, which must be the
 * order of the query's placeholders (checked here, once). For wide rows on the hottest path:
 * `fast` looks every value up by name on each call, a large share of the cost at 48 columns.
 * Only for columns whose values need no encoding (text and integer).
 */
function positional(
  db: Db,
  query: { toSQL(): { sql: string; params: unknown[] } },
  names: readonly string[],
) {
  const { sql: text, params } = query.toSQL();
  const order = params.map((p) => {
    const value = is(p, Param) ? (p as Param).value : p;
    return is(value, Placeholder) ? (value as Placeholder).name : null;
  });
  if (order.join() !== names.join()) throw new Error(`placeholders out of order in ${text}`);
  const stmt = db.$client.prepare(text);
  return (values: readonly unknown[]) => stmt.run(values as unknown[]);
}

/**
 * Inserts many rows of one table in as few statements as possible: up to `most` rows a
 * statement, one statement prepared (lazily) for each row count. A refill visit writes about
 * 25 shelf and 90 payment rows; with a single fixed batch size most of them went one a
 * statement, and the per-statement cost dominates for narrow rows. Rows are value arrays in
 * `columns` order.
 */
function batchInsert(db: Db, table: SQLiteTable, columns: readonly string[], most = 64) {
  const statements = new Map<number, Database.Statement>();
  const statement = (rows: number) => {
    let stmt = statements.get(rows);
    if (!stmt) {
      const values = Array.from({ length: rows }, (_, r) =>
        Object.fromEntries(columns.map((c) => [c, sql.placeholder(`${c}${r}`)])),
      );
      stmt = db.$client.prepare(
        db
          .insert(table)
          .values(values as never)
          .toSQL().sql,
      );
      statements.set(rows, stmt);
    }
    return stmt;
  };
  return (rows: readonly (readonly unknown[])[]) => {
    for (let i = 0; i < rows.length; i += most) {
      const end = Math.min(i + most, rows.length);
      const values: unknown[] = [];
      for (let r = i; r < end; r++) for (const v of rows[r]!) values.push(v);
      statement(end - i).run(values);
    }
  };
}

/** One statement per key, built when first asked for: statements whose columns vary by call. */
function byKey<T>(make: (key: string) => T) {
  const made = new Map<string, T>();
  return (key: string) => {
    let made1 = made.get(key);
    if (!made1) made.set(key, (made1 = make(key)));
    return made1;
  };
}

/**
 * The statements of the push hot path (every trade and status change the platform sends) and
 * of bulk loads, built and prepared once per connection. Building a Drizzle query and preparing
 * its SQL on every call cost ten times the work itself (docs/decisions.md).
 */
function build(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  const set = (names: string[]) => Object.fromEntries(names.map((k) => [k, sql`${p(k)}`]));
  const tradeKeys = Object.keys(getTableColumns(trades));
  const tradeColumns = tradeKeys.filter((k) => k !== 'id') as (keyof typeof trades.$inferInsert)[];
  const planogramShelf = [
    'goodsId',
    'goodsName',
    'price',
    'capacity',
    'valve',
    'img',
    'imgMd5',
  ] as const;
  return {
    findByNonce: fast<{ id: number; body: string; status: string; error: string | null }>(
      db,
      db
        .select({ id: inbox.id, body: inbox.body, status: inbox.status, error: inbox.error })
        .from(inbox)
        .where(and(eq(inbox.clientId, p('clientId')), eq(inbox.nonce, p('nonce')))),
      ['id', 'body', 'status', 'error'],
    ),
    insertInbox: fast<{ id: number }>(
      db,
      db
        .insert(inbox)
        .values({
          kind: p('kind'),
          clientId: p('clientId'),
          nonce: p('nonce'),
          body: p('body'),
          receivedAt: p('receivedAt'),
          signForm: p('signForm'),
          signCanonical: p('signCanonical'),
          verification: p('verification'),
          status: p('status'),
          error: p('error'),
          processedAt: p('processedAt'),
        })
        .onConflictDoNothing({ target: [inbox.clientId, inbox.nonce] })
        .returning({ id: inbox.id }),
    ),
    markInbox: fast(
      db,
      db
        .update(inbox)
        .set({ ...set(['status', 'error', 'processedAt']), attempts: sql`${inbox.attempts} + 1` })
        .where(eq(inbox.id, p('id'))),
    ),
    touchMachine: fast(
      db,
      db
        .insert(machines)
        .values({
          assetId: p('assetId'),
          clientId: p('clientId'),
          platform: 'smartvending',
          incomplete: true,
          origin: 'placeholder',
          createdAt: p('at'),
          updatedAt: p('at'),
          lastSeenAt: p('at'),
        })
        .onConflictDoUpdate({
          target: machines.assetId,
          set: { lastSeenAt: sql`excluded.last_seen_at` },
          // no write at all when nothing changes: most pushes come within the same second
          setWhere: sql`coalesce(${machines.lastSeenAt}, 0) < excluded.last_seen_at`,
        }),
    ),
    tradeByTradeId: fast<typeof trades.$inferSelect>(
      db,
      db
        .select()
        .from(trades)
        .where(eq(trades.tradeId, p('tradeId'))),
      tradeKeys,
    ),
    /** Values in `tradeColumns` order. */
    insertTrade: positional(
      db,
      db.insert(trades).values(Object.fromEntries(tradeColumns.map((k) => [k, p(k)])) as never),
      tradeColumns,
    ),
    updateTrade: fast(
      db,
      db
        .update(trades)
        .set(set(tradeColumns) as never)
        .where(eq(trades.id, p('id'))),
    ),
    tradeColumns,
    // A shelf's sold-out state, from status pushes.
    shelfState: fast<{
      soldOut: number;
      soldoutTime: number | null;
      stateUpdatedAt: number | null;
    }>(
      db,
      db
        .select({
          soldOut: shelves.soldOut,
          soldoutTime: shelves.soldoutTime,
          stateUpdatedAt: shelves.stateUpdatedAt,
        })
        .from(shelves)
        .where(
          and(
            eq(shelves.assetId, p('assetId')),
            eq(shelves.cid, p('cid')),
            eq(shelves.locationId, p('locationId')),
          ),
        ),
      ['soldOut', 'soldoutTime', 'stateUpdatedAt'],
    ),
    ensureContainer: fast(
      db,
      db
        .insert(containers)
        .values({ assetId: p('assetId'), cid: p('cid') })
        .onConflictDoNothing(),
    ),
    upsertShelfState: fast(
      db,
      db
        .insert(shelves)
        .values({
          assetId: p('assetId'),
          cid: p('cid'),
          locationId: p('locationId'),
          inPlanogram: false,
          soldOut: p('soldOut'),
          soldoutTime: p('soldoutTime'),
          stateUpdatedAt: p('at'),
        })
        .onConflictDoUpdate({
          target: [shelves.assetId, shelves.cid, shelves.locationId],
          set: {
            soldOut: sql`excluded.sold_out`,
            soldoutTime: sql`excluded.soldout_time`,
            stateUpdatedAt: sql`excluded.state_updated_at`,
          },
        }),
    ),
    // A machine's clock seen ahead, or right again (D71): every trade reads or writes it.
    clockAhead: fast(
      db,
      db
        .insert(machineClocks)
        .values({ assetId: p('assetId'), aheadBy: p('aheadBy'), since: p('at'), seenAt: p('at') })
        .onConflictDoUpdate({
          target: machineClocks.assetId,
          set: { aheadBy: sql`excluded.ahead_by`, seenAt: sql`excluded.seen_at` },
        }),
    ),
    clockRight: fast(db, db.delete(machineClocks).where(eq(machineClocks.assetId, p('assetId')))),
    // A device push's planogram (D7): each container and shelf upserted; a bulk load of 5,000
    // machines upserts 125,000 shelves, and building each statement cost ten times running it.
    upsertContainer: fast(
      db,
      db
        .insert(containers)
        .values({ assetId: p('assetId'), cid: p('cid'), type: p('type') })
        .onConflictDoUpdate({ target: [containers.assetId, containers.cid], set: set(['type']) }),
    ),
    upsertPlanogramShelf: fast(
      db,
      db
        .insert(shelves)
        .values({
          assetId: p('assetId'),
          cid: p('cid'),
          locationId: p('locationId'),
          ...Object.fromEntries(planogramShelf.map((k) => [k, p(k)])),
          inPlanogram: true,
        })
        .onConflictDoUpdate({
          target: [shelves.assetId, shelves.cid, shelves.locationId],
          set: { ...set([...planogramShelf]), inPlanogram: true },
        }),
    ),
    /** Goods upserts, one statement per comma-separated list of the fields given. */
    upsertGoods: byKey((fields) => {
      const names = fields ? fields.split(',') : [];
      return fast(
        db,
        db
          .insert(goods)
          .values({
            goodsId: p('goodsId'),
            ...Object.fromEntries(names.map((k) => [k, p(k)])),
            updatedAt: p('updatedAt'),
          } as never)
          .onConflictDoUpdate({ target: goods.goodsId, set: set([...names, 'updatedAt']) }),
      );
    }),
    // Refill settlements: a visit writes dozens of shelf and payment rows.
    findRefill: fast<{ id: number }>(
      db,
      db
        .select({ id: refillSettlements.id })
        .from(refillSettlements)
        .where(
          and(
            eq(refillSettlements.assetId, p('assetId')),
            eq(refillSettlements.refillTime, p('refillTime')),
          ),
        ),
      ['id'],
    ),
    insertRefill: fast<{ id: number }>(
      db,
      db
        .insert(refillSettlements)
        .values({
          assetId: p('assetId'),
          refillTime: p('refillTime'),
          source: p('source'),
          receivedAt: p('receivedAt'),
          siteName: p('siteName'),
          siteNumber: p('siteNumber'),
          lineName: p('lineName'),
          lastRefillTime: p('lastRefillTime'),
          inboxId: p('inboxId'),
        })
        .returning({ id: refillSettlements.id }),
    ),
    updateRefill: fast(
      db,
      db
        .update(refillSettlements)
        .set(set(['siteName', 'siteNumber', 'lineName', 'lastRefillTime', 'inboxId']))
        .where(eq(refillSettlements.id, p('id'))),
    ),
    deleteRefillPaySales: fast(
      db,
      db.delete(refillPaySales).where(eq(refillPaySales.settlementId, p('id'))),
    ),
    deleteRefillShelves: fast(
      db,
      db.delete(refillShelves).where(eq(refillShelves.settlementId, p('id'))),
    ),
    /** Rows: [settlementId, cid, locationId, goodsId, goodsName, goodsNumber, price, stock, refillCount] */
    insertRefillShelves: batchInsert(db, refillShelves, [
      'settlementId',
      'cid',
      'locationId',
      'goodsId',
      'goodsName',
      'goodsNumber',
      'price',
      'stock',
      'refillCount',
    ]),
    refillShelfIds: db.$client
      .prepare(
        db
          .select({ id: refillShelves.id })
          .from(refillShelves)
          .where(eq(refillShelves.settlementId, p('id')))
          .orderBy(refillShelves.id)
          .toSQL().sql,
      )
      .pluck(),
    /** Rows: [settlementId, refillShelfId, name, sales, units] */
    insertRefillPaySales: batchInsert(db, refillPaySales, [
      'settlementId',
      'refillShelfId',
      'name',
      'sales',
      'units',
    ]),
  };
}

export type Prepared = Awaited<ReturnType<typeof build>>;

export const prepared: (db: Db) => Prepared = perClient(build);

export { inTransaction, runsAgain } from './transaction';
