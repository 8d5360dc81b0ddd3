import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';

const openDb = (file: string) => openDatabase(file, { calendar: UTC_CALENDAR });
import { migratePg } from '@/db/engine/postgres/client';
import * as pgSchema from '@/db/engine/postgres/schema';
import { pgModel, pgTextColumnsNotC, sqliteModel, type Model } from '@/e2e/support/engine-schemas';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';

/**
 * The two engines' schemas, each built by its own real migrations, must be the same: tables,
 * columns (name, nullability, type class, default or not), primary keys, indexes (name, key
 * columns in order, unique, partial) and foreign keys (docs/decisions.md D99). A change made to
 * one engine only fails here; the only differences allowed are the ones listed below.
 */

/** Columns whose PostgreSQL type is of another class than SQLite's, and why. */
const TYPE_DIFFERENCES: Record<string, { sqlite: string; postgres: string }> = {
  // The alert list sums a member of it in SQL (json_extract on SQLite): jsonb on PostgreSQL.
  'alerts.details': { sqlite: 'text', postgres: 'json' },
};

/** Indexes on one engine only, and why. None yet. */
const ONLY_ON_SQLITE: string[] = [];
const ONLY_ON_POSTGRES: string[] = [];

/**
 * Columns a PostgreSQL index carries beyond its key (INCLUDE), which neither SQLite nor Drizzle's
 * schema can say: added by hand-written migrations, and why.
 */
const POSTGRES_INCLUDES: Record<string, string[]> = {
  // Migration 0002: the recent-units probes index-only (an expression index needs the
  // expression's columns to be in it for that; docs/decisions.md D122).
  trades_delivered_units_idx: ['pay_time', 'create_time'],
};

/**
 * SQLite triggers with no PostgreSQL counterpart. None: the stock basis (0008) and the machines'
 * shelf figures (0016) have triggers of the same names on PostgreSQL (its migration 0001,
 * docs/decisions.md D105). A new SQLite trigger fails until it is written there or listed here.
 */
const SQLITE_TRIGGERS_NOT_ON_POSTGRES: string[] = [];

let cluster: PgCluster;
let client: pg.Client;
let sqlite: Awaited<ReturnType<typeof openDb>>['$client'];
let fromSqlite: Model;
let fromPostgres: Model;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  client = new pg.Client(cluster.url);
  await client.connect();
  sqlite = openDb(':memory:').$client;
  fromSqlite = sqliteModel(sqlite);
  fromPostgres = await pgModel(client);
  await loadTypes();
}, 60_000);

afterAll(async () => {
  await client?.end();
  cluster?.stop();
});

/** SQLite's model as PostgreSQL must show it, after the allowed differences. */
function expected(): Model {
  const model = structuredClone(fromSqlite);
  for (const [key, d] of Object.entries(TYPE_DIFFERENCES)) {
    const [table, column] = key.split('.') as [string, string];
    const c = model[table]?.columns[column];
    if (c?.type !== d.sqlite)
      throw new Error(`TYPE_DIFFERENCES: ${key} is not ${d.sqlite} on SQLite`);
    c.type = d.postgres as typeof c.type;
  }
  for (const t of Object.values(model)) {
    for (const name of ONLY_ON_SQLITE) delete t.indexes[name];
  }
  return model;
}

function actual(): Model {
  const model = structuredClone(fromPostgres);
  for (const t of Object.values(model)) {
    for (const name of ONLY_ON_POSTGRES) delete t.indexes[name];
  }
  return model;
}

describe('the PostgreSQL schema and the SQLite schema, each from its migrations', () => {
  it('have the same tables', () => {
    expect(Object.keys(actual()).sort()).toEqual(Object.keys(expected()).sort());
  });

  it('have, table by table, the same columns, primary key, indexes and foreign keys', () => {
    const want = expected();
    const got = actual();
    for (const table of Object.keys(want)) {
      const [w, g] = [want[table]!, got[table]];
      expect.soft(g?.columns, `${table}: columns`).toEqual(w.columns);
      expect.soft(g?.primaryKey, `${table}: primary key`).toEqual(w.primaryKey);
      expect.soft(g?.indexes, `${table}: indexes`).toEqual(w.indexes);
      expect.soft(g?.foreignKeys, `${table}: foreign keys`).toEqual(w.foreignKeys);
    }
  });

  it('list only differences that exist', () => {
    for (const name of ONLY_ON_SQLITE) {
      expect(
        Object.values(fromSqlite).some((t) => name in t.indexes),
        name,
      ).toBe(true);
    }
    for (const name of ONLY_ON_POSTGRES) {
      expect(
        Object.values(fromPostgres).some((t) => name in t.indexes),
        name,
      ).toBe(true);
    }
  });

  it('carry beyond their keys only the columns listed, on PostgreSQL', async () => {
    const r = await client.query<{ name: string; included: string[] }>(
      `select i.relname as name,
          array(select a.attname::text from unnest(x.indkey[x.indnkeyatts:x.indnatts - 1])
            with ordinality k(attnum, n)
            join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum order by k.n) as included
        from pg_index x join pg_class i on i.oid = x.indexrelid
        join pg_namespace ns on ns.oid = i.relnamespace
        where ns.nspname = 'public' and x.indnatts > x.indnkeyatts order by 1`,
    );
    expect(Object.fromEntries(r.rows.map((x) => [x.name, x.included]))).toEqual(POSTGRES_INCLUDES);
  });

  it('compare text byte by byte on PostgreSQL too (collation "C")', async () => {
    expect(await pgTextColumnsNotC(client)).toEqual([]);
    // What it changes: byte order puts 'B' before 'a', as SQLite's BINARY does.
    const order = await client.query<{ v: string }>(
      `select v from (values ('a'), ('B'), ('é'), ('z')) s(v) order by v collate "C"`,
    );
    const bytes = sqlite
      .prepare(
        `select v from (select 'a' v union all select 'B' union all select 'é' union all select 'z') order by v`,
      )
      .pluck()
      .all();
    expect(order.rows.map((r) => r.v)).toEqual(bytes);
  });

  it('have the same triggers, but for the ones listed as not yet on PostgreSQL', async () => {
    const onSqlite = sqlite
      .prepare(`select name from sqlite_master where type = 'trigger' order by name`)
      .pluck()
      .all() as string[];
    const onPostgres = await client.query<{ name: string }>(
      `select tgname as name from pg_trigger where not tgisinternal order by 1`,
    );
    expect(onSqlite.filter((n) => !SQLITE_TRIGGERS_NOT_ON_POSTGRES.includes(n))).toEqual(
      onPostgres.rows.map((r) => r.name),
    );
    expect(SQLITE_TRIGGERS_NOT_ON_POSTGRES.filter((n) => !onSqlite.includes(n))).toEqual([]);
  });

  it('is what the PostgreSQL schema in TypeScript says (no `npm run db:generate:pg` forgotten)', () => {
    const tables = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable =>
      is(v, PgTable),
    );
    const declared: Record<string, { columns: string[]; indexes: string[] }> = {};
    for (const t of tables) {
      const c = getTableConfig(t);
      declared[c.name] = {
        columns: c.columns
          .map((x) => `${x.name} ${x.getSQLType()}${x.notNull ? ' not null' : ''}`)
          .sort(),
        indexes: [
          ...c.indexes.map((i) => i.config.name!),
          ...c.uniqueConstraints.map((u) => u.getName()!),
          ...c.columns.filter((x) => x.isUnique).map((x) => x.uniqueName!),
        ].sort(),
      };
    }
    const built = Object.fromEntries(
      Object.entries(fromPostgres).map(([name, t]) => [
        name,
        {
          columns: Object.entries(t.columns)
            .map(([col, x]) => `${col} ${declaredType(name, col)}${x.notNull ? ' not null' : ''}`)
            .sort(),
          indexes: Object.keys(t.indexes).sort(),
        },
      ]),
    );
    expect(built).toEqual(declared);
  });
});

const typesByColumn = new Map<string, string>();
function declaredType(table: string, column: string): string {
  return typesByColumn.get(`${table}.${column}`) ?? '?';
}

async function loadTypes() {
  const r = await client.query<{ k: string; t: string }>(
    `select c.relname || '.' || a.attname as k,
        format_type(a.atttypid, a.atttypmod) ||
        case when a.attcollation <> 0 and co.collname <> 'default' then ' COLLATE "' || co.collname || '"' else '' end as t
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      join pg_namespace ns on ns.oid = c.relnamespace left join pg_collation co on co.oid = a.attcollation
      where ns.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped`,
  );
  for (const x of r.rows) typesByColumn.set(x.k, x.t);
}
