// Test support for the parity tests of the fleet reads: one SQLite database and one throwaway
// PostgreSQL cluster holding the same rows (docs/decisions.md D106).
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import * as sqliteSchema from '@/db/schema';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';
import * as pgSchema from '@/db/engine/postgres/schema';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';

export interface Engines {
  lite: Db;
  pg: PgDb;
  /** The same rows into the table of that name in both engines (ids given where they matter). */
  insert: <K extends keyof typeof sqliteSchema & keyof typeof pgSchema>(
    table: K,
    rows: Record<string, unknown>[],
  ) => Promise<void>;
  /** Empties the tables named, in both engines (children first). */
  clear: (...tables: string[]) => Promise<void>;
  stop: () => Promise<void>;
}

export async function bothEngines(): Promise<Engines> {
  const cluster: PgCluster = await startPgCluster();
  await migratePg(cluster.url);
  const pg = openPg(cluster.url, { max: 4 });
  const lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
  return {
    lite,
    pg,
    async insert(table, rows) {
      if (!rows.length) return;
      // Each engine's own table object, so each writes its own types (flags, jsonb).
      const l = sqliteSchema[table] as unknown as Parameters<Db['insert']>[0];
      const p = pgSchema[table] as unknown as Parameters<PgDb['insert']>[0];
      lite
        .insert(l)
        .values(rows as never)
        .run();
      await pg.insert(p).values(rows as never);
    },
    async clear(...tables) {
      for (const t of tables) {
        lite.run(sql.raw(`delete from ${t}`));
        await pg.execute(sql.raw(`delete from ${t}`));
      }
    },
    async stop() {
      lite.$client.close();
      await pg.$client.end();
      cluster.stop();
    },
  };
}

/** A machine row with the columns every test leaves alone filled in. */
export const machineRow = (assetId: string, o: Record<string, unknown> = {}) => ({
  assetId,
  platform: 'smartvending',
  origin: 'push',
  createdAt: 1,
  updatedAt: 1,
  ...o,
});
