import type { Db } from './client';

/**
 * The one cache of what is built once per connection: prepared statements, built queries, and
 * the write-behind state that goes with them (D97). Building a Drizzle query and preparing its
 * SQL on every call cost ten times the work itself (docs/decisions.md); a statement belongs to
 * the connection that prepared it, so a reader thread's connection gets its own, and a closed
 * connection's statements go with it (a WeakMap).
 *
 * `perConnection(build)` gives a function answering `build(conn)`, built once per `conn`.
 * `connectionOf` picks what identifies the connection: the default is `conn` itself (a raw
 * better-sqlite3 connection, or a Drizzle wrapper whose own prepared queries are tied to it).
 */
export function perConnection<C extends object, T>(
  build: (conn: C) => T,
  connectionOf: (conn: C) => object = (conn) => conn,
): (conn: C) => T {
  const made = new WeakMap<object, T>();
  return (conn) => {
    const key = connectionOf(conn);
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = build(conn)));
    return value;
  };
}

/**
 * Built once per raw connection, from the Drizzle database over it: every module copy's
 * wrapper of the one connection (db/client.ts sharedDb) shares the statements.
 */
export function perClient<T>(build: (db: Db) => T): (db: Db) => T {
  return perConnection(build, (db) => db.$client);
}

/**
 * Built once per connection and key, by the `build` given with the key: statements whose text
 * varies by call (which filters a list has, its sort), a few hundred shapes at most.
 */
export function perConnectionAndKey<C extends object, K, T>(
  connectionOf: (conn: C) => object = (conn) => conn,
): (conn: C, key: K, build: (conn: C) => T) => T {
  const maps = perConnection<C, Map<K, T>>(() => new Map(), connectionOf);
  return (conn, key, build) => {
    const made = maps(conn);
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = build(conn)));
    return value;
  };
}

/**
 * What identifies `db`'s connection, for a cache of data above db/ that is kept per connection
 * (every wrapper of one connection gives the same), so lib/ never touches the raw connection.
 */
export const connectionKey = (db: Db): object => db.$client;
