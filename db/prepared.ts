import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from './client';
import { inbox, machines, trades } from './schema';

/**
 * The statements on the push hot path (every trade and status change the platform sends),
 * built and prepared once per connection. Building a Drizzle query and preparing its SQL on
 * every call cost ten times the work itself (docs/decisions.md).
 */
function build(db: Db) {
  const p = <K extends string>(name: K) => sql.placeholder(name);
  const tradeColumns = Object.keys(getTableColumns(trades)).filter(
    (k) => k !== 'id',
  ) as (keyof typeof trades.$inferInsert)[];
  const tradeValues = Object.fromEntries(tradeColumns.map((k) => [k, p(k)]));
  return {
    findByNonce: db
      .select({ id: inbox.id, body: inbox.body, status: inbox.status, error: inbox.error })
      .from(inbox)
      .where(and(eq(inbox.clientId, p('clientId')), eq(inbox.nonce, p('nonce'))))
      .prepare(),
    insertInbox: db
      .insert(inbox)
      .values({
        kind: p('kind'),
        clientId: p('clientId'),
        nonce: p('nonce'),
        body: p('body'),
        receivedAt: p('receivedAt'),
        verification: p('verification'),
        status: p('status'),
        error: p('error'),
        processedAt: p('processedAt'),
      })
      .onConflictDoNothing({ target: [inbox.clientId, inbox.nonce] })
      .returning({ id: inbox.id })
      .prepare(),
    markInbox: db
      .update(inbox)
      .set({
        status: sql`${p('status')}`,
        error: sql`${p('error')}`,
        processedAt: sql`${p('processedAt')}`,
        attempts: sql`${inbox.attempts} + 1`,
      })
      .where(eq(inbox.id, p('id')))
      .prepare(),
    touchMachine: db
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
      })
      .prepare(),
    tradeByTradeId: db
      .select()
      .from(trades)
      .where(eq(trades.tradeId, p('tradeId')))
      .prepare(),
    insertTrade: db
      .insert(trades)
      .values(tradeValues as never)
      .prepare(),
    updateTrade: db
      .update(trades)
      .set(Object.fromEntries(tradeColumns.map((k) => [k, sql`${p(k)}`])) as never)
      .where(eq(trades.id, p('id')))
      .prepare(),
    tradeColumns,
  };
}

export type Prepared = ReturnType<typeof build>;
const cache = new WeakMap<Database.Database, Prepared>();

export function prepared(db: Db): Prepared {
  let stmts = cache.get(db.$client);
  if (!stmts) {
    stmts = build(db);
    cache.set(db.$client, stmts);
  }
  return stmts;
}

/**
 * Runs `fn` in a transaction on the raw connection (BEGIN IMMEDIATE when outermost, a
 * savepoint when nested), without building a new transaction wrapper per call.
 */
const txCache = new WeakMap<
  Database.Database,
  Database.Transaction<(fn: () => unknown) => unknown>
>();
export function inTransaction<T>(db: Db, fn: () => T): T {
  let tx = txCache.get(db.$client);
  if (!tx) {
    tx = db.$client.transaction((f: () => unknown) => f());
    txCache.set(db.$client, tx);
  }
  return (db.$client.inTransaction ? tx(fn) : tx.immediate(fn)) as T;
}
