import 'server-only';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TargetTable } from './plan';
import { quote } from './source';
import { CONSTRAINTS, INDEXES, PROGRESS, SOURCE } from './progress';

/** Tables a migration tool or this copy keeps for itself; not part of "is it empty". */
const OWN = new Set([PROGRESS, SOURCE, CONSTRAINTS, INDEXES, '__drizzle_migrations']);

/** The PostgreSQL side of a copy: one connection, one transaction per chunk. */
export class PgTarget {
  private constructor(readonly client: pg.Client) {}

  static async connect(url: string): Promise<PgTarget> {
    const client = new pg.Client({ connectionString: url, application_name: 'db-copy' });
    try {
      await client.connect();
    } catch (e) {
      throw new Error(`--to: cannot connect to ${redact(url)}: ${(e as Error).message}`);
    }
    const target = new PgTarget(client);
    // A chunk's commit need not wait for the disk: a crash loses the last chunks and their
    // progress rows together (one transaction), and the next run copies them again. No
    // statement timeout: one chunk of a wide table, or a verification's sums, may take long.
    await client.query('SET synchronous_commit = off; SET statement_timeout = 0');
    const enc = await target.one<{ server_encoding: string }>('SHOW server_encoding');
    if (enc.server_encoding !== 'UTF8') {
      await client.end();
      throw new Error(
        `--to: the database's encoding is ${enc.server_encoding}; the copy needs UTF8 (CREATE DATABASE … ENCODING 'UTF8')`,
      );
    }
    return target;
  }

  async end() {
    await this.client.end();
  }

  async one<T>(sql: string, params: unknown[] = []): Promise<T> {
    return (await this.client.query(sql, params)).rows[0] as T;
  }

  /** Tables in the current schema that hold rows (what makes a target not empty). */
  async tablesWithRows(): Promise<string[]> {
    const names = (
      await this.client.query(
        `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).rows.map((r: { table_name: string }) => r.table_name);
    const full: string[] = [];
    for (const n of names.filter((n) => !OWN.has(n))) {
      const r = await this.one<{ any: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${quote(n)}) AS any`,
      );
      if (r.any) full.push(n);
    }
    return full;
  }

  async describe(): Promise<TargetTable[]> {
    const cols = (
      await this.client.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      )
    ).rows as { table_name: string; column_name: string; data_type: string }[];
    const fks = (
      await this.client.query(
        `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
       WHERE c.contype = 'f' AND n.nspname = current_schema()`,
      )
    ).rows as { child: string; parent: string }[];
    const triggers = new Set(
      (
        await this.client.query(
          `SELECT DISTINCT t.tgrelid::regclass::text AS name FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE NOT t.tgisinternal AND n.nspname = current_schema()`,
        )
      ).rows.map((r: { name: string }) => unquote(r.name)),
    );
    const tables = new Map<string, TargetTable>();
    for (const c of cols) {
      let t = tables.get(c.table_name);
      if (!t) {
        t = {
          name: c.table_name,
          columns: new Map(),
          references: [],
          hasTriggers: triggers.has(c.table_name),
        };
        tables.set(c.table_name, t);
      }
      t.columns.set(c.column_name, c.data_type);
    }
    for (const fk of fks) tables.get(unquote(fk.child))?.references.push(unquote(fk.parent));
    return [...tables.values()].filter((t) => !OWN.has(t.name));
  }

  /**
   * One chunk: its rows through COPY and the table's progress in ONE transaction, so a copy
   * killed at any moment has either both or neither, and resumes with no duplicate and no gap.
   * A table's own triggers are off inside the transaction (ALTER TABLE is transactional):
   * what they would derive is copied as it is (D100).
   */
  async copyChunk(o: {
    table: TargetTable;
    columns: string[];
    lines: string;
    rows: number;
    lastKey: string;
    done: boolean;
    beforeCommit?: () => void;
  }) {
    const t = quote(o.table.name);
    await this.client.query('BEGIN');
    try {
      if (o.table.hasTriggers) await this.client.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
      if (o.rows > 0) {
        const stream = this.client.query(
          copyFrom(`COPY ${t} (${o.columns.map(quote).join(', ')}) FROM STDIN`),
        );
        await pipeline(Readable.from([o.lines]), stream);
      }
      if (o.table.hasTriggers) await this.client.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
      await this.client.query(
        `UPDATE ${PROGRESS} SET last_key = $2, rows_copied = rows_copied + $3, done = $4
         WHERE table_name = $1`,
        [o.table.name, o.lastKey, o.rows, o.done],
      );
      o.beforeCommit?.();
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /**
   * Every identity or serial column's sequence set past the highest id copied, and past
   * SQLite's own AUTOINCREMENT mark, so an id the old database handed out is never reused.
   */
  async setSequences(table: string, floors: Map<string, bigint>) {
    const seqs = (
      await this.client.query(
        `SELECT column_name, pg_get_serial_sequence(quote_ident($1), column_name) AS seq
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [table],
      )
    ).rows.filter((r: { seq: string | null }) => r.seq) as { column_name: string; seq: string }[];
    for (const s of seqs) {
      const floor = (floors.get(table) ?? 0n).toString();
      await this.client.query(
        `SELECT setval($1, greatest(coalesce(max(${quote(s.column_name)}), 0), $2::bigint, 1),
           greatest(coalesce(max(${quote(s.column_name)}), 0), $2::bigint) > 0)
         FROM ${quote(table)}`,
        [s.seq, floor],
      );
    }
  }

  async aggregate(table: string, exprs: string[]): Promise<(string | null)[]> {
    const r = await this.client.query({
      text: `SELECT ${exprs.map((e) => `(${e})::text`).join(', ')} FROM ${quote(table)}`,
      rowMode: 'array',
    });
    return r.rows[0] as (string | null)[];
  }
}

const unquote = (n: string) => (n.startsWith('"') ? n.slice(1, -1).replaceAll('""', '"') : n);

/** A URL with its password hidden, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
