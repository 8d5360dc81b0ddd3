import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PgDbOrTx } from '@/db/engine/postgres/client';

export type Values = Record<string, unknown>;
export type Run = Promise<{ changes: number }>;

const built = new WeakMap<object, Map<string, unknown>>();

/**
 * What a Drizzle query built on `db` runs on: the pool's session, or a transaction's (one
 * connection). A transaction's savepoints are new Drizzle objects over the same session.
 */
export const sessionOf = (db: PgDbOrTx): object => db._.session;

/**
 * The statement `name` for this pool or transaction, built on first use: a Drizzle query is
 * bound to the session it was built on, and a group commit's transaction (a savepoint per
 * message) runs the same few thousands of times.
 */
export function once<T>(db: PgDbOrTx, name: string, build: (db: PgDbOrTx) => T): T {
  const key = sessionOf(db);
  let made = built.get(key);
  if (!made) built.set(key, (made = new Map()));
  let s = made.get(name) as T | undefined;
  if (s === undefined) made.set(name, (s = build(db)));
  return s;
}

export const p = (name: string) => sql.placeholder(name);
export const set = (names: readonly string[]) =>
  Object.fromEntries(names.map((k) => [k, sql`${p(k)}`]));
export const changes = (r: { rowCount: number | null }) => ({ changes: r.rowCount ?? 0 });

/**
 * A JavaScript array as ONE parameter (a PostgreSQL array, for `unnest($1::text[])`): Drizzle
 * spreads a bare array in a template into a list of parameters.
 */
export const arr = (values: readonly unknown[]) => sql.param(values);

const dialect = new PgDialect();

/**
 * A statement of fixed text (its values only change) run as the named prepared statement
 * `name`: pg parses and plans it once per connection instead of at every call, which was a
 * third of a push batch's time in the database (D119). One name, one text: pg refuses a name
 * reused for another.
 */
export async function runNamed<R = Record<string, unknown>>(
  db: PgDbOrTx,
  name: string,
  query: SQL,
): Promise<{ rows: R[]; rowCount: number | null }> {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
  return (await prepared.execute()) as { rows: R[]; rowCount: number | null };
}
