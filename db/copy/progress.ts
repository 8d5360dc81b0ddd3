import type pg from 'pg';

/** Where a copy keeps its place in the target (D100); updated with each chunk's COPY. */
export const PROGRESS = '_db_copy_progress';
/** Which file the target was copied from, when the copy began and when it last verified. */
export const SOURCE = '_db_copy_source';

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

export async function startCopy(client: pg.Client, sourcePath: string) {
  await client.query('BEGIN');
  await client.query(`CREATE TABLE ${SOURCE} (path text NOT NULL, started_at bigint NOT NULL,
    verified_at bigint)`);
  await client.query(`CREATE TABLE ${PROGRESS} (table_name text PRIMARY KEY,
    last_key text, rows_copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false)`);
  await client.query(`INSERT INTO ${SOURCE} VALUES ($1, $2, NULL)`, [sourcePath, now()]);
  await client.query('COMMIT');
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
