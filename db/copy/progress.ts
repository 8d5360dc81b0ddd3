import 'server-only';
import type pg from 'pg';
import { quote } from './source';

/** Where a copy keeps its place in the target (D100); updated with each chunk's COPY. */
export const PROGRESS = '_db_copy_progress';
/** Which file the target was copied from, when the copy began and when it last verified. */
export const SOURCE = '_db_copy_source';
/** The foreign keys set aside while the rows go in, to be added back at the end. */
export const CONSTRAINTS = '_db_copy_constraints';
/** The secondary indexes set aside likewise, built once at the end (D115). */
export const INDEXES = '_db_copy_indexes';

export interface Progress {
  table: string;
  lastKey: string | null;
  rows: number;
  done: boolean;
}

const now = () => Math.floor(Date.now() / 1000);

/** The source a previous run copied from, or null when this target never started a copy. */
export async function startedFrom(client: pg.Client): Promise<string | null> {
  const r = await client.query(`SELECT to_regclass($1)::text AS t`, [SOURCE]);
  if (!(r.rows[0] as { t: string | null }).t) return null;
  const row = (await client.query(`SELECT path FROM ${SOURCE}`)).rows[0] as
    { path: string } | undefined;
  return row?.path ?? null;
}

/**
 * Records the source and sets the target's foreign keys aside, in one transaction. A foreign
 * key checked row by row makes COPY four times slower (88,000 refill lines: 1.9 s with theirs,
 * 0.45 s without); added back at the end, each is checked in one pass over the table, as
 * pg_restore does. Their definitions are kept in the target, so a copy killed at any point
 * still adds every one back when it resumes.
 */
export async function startCopy(client: pg.Client, sourcePath: string) {
  await client.query('BEGIN');
  await client.query(`CREATE TABLE ${SOURCE} (path text NOT NULL, started_at bigint NOT NULL,
    verified_at bigint)`);
  await client.query(`CREATE TABLE ${PROGRESS} (table_name text PRIMARY KEY,
    last_key text, rows_copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false)`);
  await client.query(`CREATE TABLE ${CONSTRAINTS} (table_sql text NOT NULL, name text NOT NULL,
    definition text NOT NULL, PRIMARY KEY (table_sql, name))`);
  await client.query(`INSERT INTO ${SOURCE} VALUES ($1, $2, NULL)`, [sourcePath, now()]);
  const fks = (
    await client.query(
      `INSERT INTO ${CONSTRAINTS} SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
       FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
       RETURNING table_sql, name`,
    )
  ).rows as { table_sql: string; name: string }[];
  for (const fk of fks) {
    await client.query(`ALTER TABLE ${fk.table_sql} DROP CONSTRAINT ${quote(fk.name)}`);
  }
  // Every index but the primary keys' (and any other constraint's): an index kept up row by
  // row as COPY goes in costs far more than one sorted build at the end, as pg_restore does
  // (trades: seven of them, their text keys in random order; D115). The keys stay, so a
  // resumed copy still cannot duplicate a row.
  await client.query(`CREATE TABLE ${INDEXES} (name text PRIMARY KEY, definition text NOT NULL)`);
  const indexes = (
    await client.query(
      `INSERT INTO ${INDEXES} SELECT c.relname, pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relnamespace = current_schema()::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
           AND k.contype IN ('p', 'u', 'x'))
       RETURNING name`,
    )
  ).rows as { name: string }[];
  for (const ix of indexes) await client.query(`DROP INDEX ${quote(ix.name)}`);
  await client.query('COMMIT');
}

/**
 * Builds the indexes set aside, each in its own transaction (a copy killed meanwhile builds the
 * rest when it resumes); before the foreign keys, which may need a unique one. Null, or why a
 * unique index does not hold over the copied rows.
 */
export async function restoreIndexes(client: pg.Client): Promise<string | null> {
  const r = await client.query(`SELECT to_regclass($1)::text AS t`, [INDEXES]);
  if (!(r.rows[0] as { t: string | null }).t) return null;
  const indexes = (await client.query(`SELECT * FROM ${INDEXES} ORDER BY 1`)).rows as {
    name: string;
    definition: string;
  }[];
  // A sort in memory rather than in temporary files, for the trades' largest indexes.
  await client.query(`SET maintenance_work_mem = '256MB'`);
  for (const ix of indexes) {
    await client.query('BEGIN');
    try {
      await client.query(ix.definition);
      await client.query(`DELETE FROM ${INDEXES} WHERE name = $1`, [ix.name]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      const detail = (e as { detail?: string }).detail ?? '';
      return `the copied rows break the index ${ix.name} (${ix.definition}): ${(e as Error).message} ${detail}`.trim();
    }
  }
  return null;
}

/** Adds back the foreign keys set aside, each checked against all its rows; false on a breach. */
export async function restoreConstraints(client: pg.Client): Promise<string | null> {
  const fks = (await client.query(`SELECT * FROM ${CONSTRAINTS} ORDER BY 1, 2`)).rows as {
    table_sql: string;
    name: string;
    definition: string;
  }[];
  for (const fk of fks) {
    await client.query('BEGIN');
    try {
      await client.query(
        `ALTER TABLE ${fk.table_sql} ADD CONSTRAINT ${quote(fk.name)} ${fk.definition}`,
      );
      await client.query(`DELETE FROM ${CONSTRAINTS} WHERE table_sql = $1 AND name = $2`, [
        fk.table_sql,
        fk.name,
      ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      const detail = (e as { detail?: string }).detail ?? '';
      return `the copied rows break ${fk.table_sql}'s foreign key ${fk.name} (${fk.definition}): ${(e as Error).message} ${detail}`.trim();
    }
  }
  return null;
}

/** Foreign keys and indexes not yet added back (a copy stopped before its end). */
export async function pendingConstraints(client: pg.Client): Promise<number> {
  let n = 0;
  for (const table of [CONSTRAINTS, INDEXES]) {
    const r = await client.query(`SELECT to_regclass($1)::text AS t`, [table]);
    if (!(r.rows[0] as { t: string | null }).t) continue;
    n += Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  }
  return n;
}

/** A row for every table to copy (a resumed run may meet a table the first did not list). */
export async function ensureProgress(client: pg.Client, tables: string[]) {
  await client.query(
    `INSERT INTO ${PROGRESS} (table_name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
    [tables],
  );
}

export async function readProgress(client: pg.Client): Promise<Map<string, Progress>> {
  const rows = (
    await client.query(
      `SELECT table_name, last_key, rows_copied::text AS rows, done FROM ${PROGRESS}`,
    )
  ).rows as { table_name: string; last_key: string | null; rows: string; done: boolean }[];
  return new Map(
    rows.map((r) => [
      r.table_name,
      { table: r.table_name, lastKey: r.last_key, rows: Number(r.rows), done: r.done },
    ]),
  );
}

export async function markVerified(client: pg.Client) {
  await client.query(`UPDATE ${SOURCE} SET verified_at = $1`, [now()]);
}
