import 'server-only';
import fs from 'node:fs';
import Database from 'better-sqlite3';

/** What a copy needs to know of one source table (names are SQLite's, quoted by the caller). */
export interface SourceTable {
  name: string;
  columns: SourceColumn[];
  /** The primary key's columns in key order; `rowid` for a table without one. */
  key: string[];
  /** Tables this one's foreign keys point at. */
  references: string[];
}
export interface SourceColumn {
  name: string;
  /** The declared type, lower case ('integer', 'text', 'real', 'blob', 'numeric', …). */
  type: string;
}

/** Tables that are SQLite's or drizzle's own bookkeeping, never copied. */
const NOT_COPIED = /^(sqlite_|__drizzle_migrations$)/;

/** A value as read: integers as bigint (a fen sum or an id never loses a digit), blobs as Buffer. */
export type SourceValue = bigint | number | string | Buffer | null;
export type SourceRow = SourceValue[];

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The source database, read-only, inside ONE read transaction opened by `begin()` and held
 * until `close()`: every chunk and every verification sum reads the same point in time while
 * the app keeps writing (WAL readers never block the writer; D100).
 */
export class SqliteSource {
  readonly db: Database.Database;

  constructor(file: string) {
    if (!fs.existsSync(file)) throw new Error(`--from: no such file: ${file}`);
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('query_only = ON');
      this.db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      throw new Error(`--from: ${file} is not a SQLite database (${(e as Error).message})`);
    }
    this.db.defaultSafeIntegers(true);
  }

  /** Starts the snapshot: the first read inside BEGIN fixes the point in time. */
  begin() {
    this.db.exec('BEGIN');
    this.db.prepare('SELECT count(*) FROM sqlite_master').get();
  }

  close() {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }

  tables(): SourceTable[] {
    const names = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return names.filter((n) => !NOT_COPIED.test(n)).map((name) => this.table(name));
  }

  private table(name: string): SourceTable {
    const info = this.db.prepare(`SELECT * FROM pragma_table_info(?)`).all(name) as {
      name: string;
      type: string;
      pk: bigint;
    }[];
    const key = info
      .filter((c) => c.pk > 0n)
      .sort((a, b) => Number(a.pk - b.pk))
      .map((c) => c.name);
    const fks = this.db
      .prepare(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`)
      .pluck()
      .all(name) as string[];
    return {
      name,
      columns: info.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      key: key.length > 0 ? key : ['rowid'],
      references: fks.filter((t) => t !== name),
    };
  }

  /**
   * The next chunk after `after` (a key, or null from the start), in key order. Keyset paging
   * rather than one open cursor: better-sqlite3 allows no other statement while a cursor is
   * open, and a chunk that starts after a key is exactly what a resumed copy needs.
   */
  chunk(t: SourceTable, after: SourceValue[] | null, limit: number): SourceRow[] {
    const cols = [...t.columns.map((c) => quote(c.name)), ...t.key.map(quote)].join(', ');
    const keyTuple = `(${t.key.map(quote).join(', ')})`;
    const where = after ? `WHERE ${keyTuple} > (${t.key.map(() => '?').join(', ')})` : '';
    const sql = `SELECT ${cols} FROM ${quote(t.name)} ${where} ORDER BY ${t.key.map(quote).join(', ')} LIMIT ?`;
    return this.db
      .prepare(sql)
      .raw()
      .safeIntegers(!this.safeAsNumbers(t))
      .all(...(after ?? []), limit) as SourceRow[];
  }

  private readonly asNumbers = new Map<string, boolean>();

  /**
   * Whether every integer in the table fits a JavaScript number exactly (checked once, in SQL,
   * over the snapshot): then its rows are read as numbers, three times faster than as bigints
   * (D115). A table with one larger integer is read with bigints, as before.
   */
  private safeAsNumbers(t: SourceTable): boolean {
    let safe = this.asNumbers.get(t.name);
    if (safe === undefined) {
      const names = new Set([...t.columns.map((c) => c.name), ...t.key]);
      const big = [...names]
        .map((name) => {
          const q = quote(name);
          return `(typeof(${q}) = 'integer' AND (${q} > 9007199254740991 OR ${q} < -9007199254740991))`;
        })
        .join(' OR ');
      safe = !this.db.prepare(`SELECT 1 FROM ${quote(t.name)} WHERE ${big} LIMIT 1`).get();
      this.asNumbers.set(t.name, safe);
    }
    return safe;
  }

  /** SQLite's AUTOINCREMENT marks (the highest id ever handed out, deleted rows included). */
  autoincrementMarks(): Map<string, bigint> {
    const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
    if (!has) return new Map();
    const rows = this.db.prepare('SELECT name, seq FROM sqlite_sequence').raw().all() as [
      string,
      bigint,
    ][];
    return new Map(rows);
  }

  /** One row, all aggregates of `exprs`, over the snapshot. */
  aggregate(table: string, exprs: string[]): SourceValue[] {
    return this.db
      .prepare(`SELECT ${exprs.join(', ')} FROM ${quote(table)}`)
      .raw()
      .get() as SourceValue[];
  }
}
