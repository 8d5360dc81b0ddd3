import Database from 'better-sqlite3';
import pg from 'pg';
import type { Db } from '@/db/client';
import { asAppDb } from '@/db/engine/handle';
import { openPg } from '@/db/engine/postgres/client';
import { openDb } from '@/lib/db';
import type { RunningServer } from './server';

/**
 * A test's own look into a running server's database, on either engine (E2E_ENGINE): what a
 * test checks behind the HTTP surface (an inbox row, a lease's holder, a trade's refund) or
 * sets up there (a reading the API has no door for).
 *
 * SQL is written once, SQLite's way where the two agree: `?` placeholders (numbered for
 * PostgreSQL, outside quotes), camelCase aliases (`as assetId`, quoted for PostgreSQL, which
 * would fold them to lower case), counts and sums as numbers on both. Where the dialects
 * differ, a test asks `engine` and writes each.
 */
export interface Peek {
  engine: 'sqlite' | 'postgres';
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Runs a write; answers the rows it changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** A handle the app's query functions take, on the same database (opened on first use). */
  app(): Db;
  close(): Promise<void>;
}

type Target = Pick<RunningServer, 'databaseUrl'>;

export function peek(server: Target, o: { readonly?: boolean } = {}): Peek {
  return server.databaseUrl.startsWith('postgres')
    ? pgPeek(server.databaseUrl)
    : sqlitePeek(server.databaseUrl, o.readonly ?? false);
}

/** Opens, runs `fn`, closes. */
export async function withPeek<T>(server: Target, fn: (p: Peek) => Promise<T>): Promise<T> {
  const p = peek(server);
  try {
    return await fn(p);
  } finally {
    await p.close();
  }
}

function sqlitePeek(file: string, readonly: boolean): Peek {
  const db = new Database(file, { readonly });
  db.pragma('busy_timeout = 5000');
  let app: Db | undefined;
  return {
    ...sqliteConnectionPeek(db),
    app: () => (app ??= openDb(file)),
    close: async () => {
      db.close();
      app?.$client.close();
    },
  };
}

/**
 * A look through a SQLite connection already open (a unit test's in-memory database), which
 * stays open; `app()` is `db` itself when given.
 */
export function sqliteConnectionPeek(connection: Database.Database, db?: Db): Peek {
  return {
    engine: 'sqlite',
    get: async <T>(sql: string, ...p: unknown[]) =>
      connection.prepare(sql).get(...p) as T | undefined,
    all: async <T>(sql: string, ...p: unknown[]) => connection.prepare(sql).all(...p) as T[],
    run: async (sql, ...p) => connection.prepare(sql).run(...p).changes,
    app: () => {
      if (!db) throw new Error('no app handle on this connection');
      return db;
    },
    close: async () => {},
  };
}

/** numeric (what sum() gives) as a number too; bigint is already one (client.ts). */
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.NUMERIC
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text'),
};

function pgPeek(url: string): Peek {
  const pool = new pg.Pool({ connectionString: url, max: 2, types });
  pool.on('error', () => {});
  let app: ReturnType<typeof openPg> | undefined;
  const query = async (sql: string, params: unknown[]) =>
    await pool.query(toPg(sql), params.map(toPgValue));
  return {
    engine: 'postgres',
    get: async <T>(sql: string, ...p: unknown[]) => (await query(sql, p)).rows[0] as T | undefined,
    all: async <T>(sql: string, ...p: unknown[]) => (await query(sql, p)).rows as T[],
    run: async (sql, ...p) => (await query(sql, p)).rowCount ?? 0,
    app: () => asAppDb((app ??= openPg(url, { max: 2 }))),
    close: async () => {
      await pool.end();
      await app?.$client.end();
    },
  };
}

/** A bigint parameter as its digits (node-postgres refuses a bigint). */
const toPgValue = (v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

/**
 * `?` → `$1, $2…` and `as camelCase` → `as "camelCase"`, outside quoted strings and names.
 */
export function toPg(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++n}`;
      i++;
    } else {
      const m = /^(?:as|AS)\s+([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/.exec(sql.slice(i));
      if (m && (i === 0 || /\W/.test(sql[i - 1]!))) {
        out += `as "${m[1]}"`;
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    }
  }
  return out;
}
