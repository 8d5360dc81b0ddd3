import 'server-only';
// Test support for the parity tests of the fleet reads: one SQLite database and one throwaway
// PostgreSQL cluster holding the same rows (docs/decisions.md D106).
import { getTableName, sql } from 'drizzle-orm';
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
      // Identity columns given by hand: later inserts without one must not collide.
      if ('id' in rows[0]!) {
        const name = getTableName(p);
        await pg.execute(
          sql`select setval(pg_get_serial_sequence(${name}, 'id'), (select max(id) from ${sql.identifier(name)}))`,
        );
      }
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

/**
 * A small fleet that makes the list and overview non-trivial: machines of both platforms with
 * and without status, cabinets polled, failed and never polled, names that differ only in
 * case or by non-ASCII letters, LIKE's own characters in a name, ties on every sort key,
 * emptied and partly sold-out planograms, open and cleared faults, a machine we do not know.
 */
export async function seedFleet(e: Engines) {
  await e.insert('areas', [
    { id: 1, name: 'north' },
    { id: 2, name: 'South' },
  ]);
  await e.insert('lines', [
    { id: 1, name: 'L1', areaId: 1, origin: 'local', updatedAt: 1 },
    { id: 2, name: 'L2', origin: 'local', updatedAt: 1 },
    { id: 3, name: 'l0', origin: 'local', updatedAt: 1 },
  ]);
  const site = (id: number, name: string, o: Record<string, unknown> = {}) => ({
    id,
    name,
    origin: 'local',
    updatedAt: 1,
    ...o,
  });
  await e.insert('sites', [
    site(1, 'S1', { lineId: 1, areaId: 2 }),
    site(2, 'S2'),
    site(3, 'Ś3'),
    site(4, 'site_%x'),
  ]);
  const saas = { platform: 'saas' };
  await e.insert('machines', [
    machineRow('A100', { name: 'Alpha', siteId: 1, lineId: 1, lastSeenAt: 1000 }),
    machineRow('a200', { name: 'beta', siteId: 2, lineId: 2, areaId: 1, lastSeenAt: 2000 }),
    machineRow('B300'),
    machineRow('C400', { name: 'Ćafe', siteId: 3, lineId: 3, lastSeenAt: 1500, incomplete: true }),
    machineRow('D500', { name: 'Gamma_%', siteId: 4, lastSeenAt: 900 }),
    machineRow('E900', { name: 'alpha', siteId: 1, lastSeenAt: 1000 }),
    machineRow('F000', { name: 'Alpha', lineId: 2, lastSeenAt: 950 }),
    machineRow('S600', { ...saas, name: 'Cab', siteId: 2 }),
    machineRow('S700', { ...saas, name: 'Cab two' }),
    machineRow('S800', { ...saas, name: 'cab three' }),
  ]);
  const status = (
    assetId: string,
    online: number | null,
    isSale: number | null,
    door: number | null,
    updatedAt: number,
  ) => ({
    assetId,
    online,
    isSale,
    doorState: door,
    vmcOnline: online,
    updatedAt,
  });
  await e.insert('machineStatus', [
    status('A100', 0, 1, 1, 1000),
    status('a200', 1, 0, 0, 1100),
    status('C400', 1, 1, 0, 1200),
    status('D500', -1, -1, -1, 1300),
    status('E900', 0, 1, 1, 1000),
    status('F000', 1, null, 0, 900),
  ]);
  await e.insert('cabinets', [
    { machineId: 'S600', signal: 3, runningState: 1, polledAt: 500, createdAt: 1 },
    {
      machineId: 'S700',
      signal: 0,
      runningState: 0,
      polledAt: 500,
      pollError: 'timeout',
      createdAt: 1,
    },
  ]);
  await e.insert('machineEvents', [
    { id: 1, assetId: 'a200', at: 500, kind: 'online' },
    { id: 2, assetId: 'a200', at: 800, kind: 'online' },
    { id: 3, assetId: 'F000', at: 1200, kind: 'online' },
    { id: 4, assetId: 'a200', at: 700, kind: 'door' },
    { id: 5, assetId: 'C400', at: 600, kind: 'door' },
  ]);
  const shelf = (id: number, assetId: string, loc: string, o: Record<string, unknown> = {}) => ({
    id,
    assetId,
    cid: '1',
    locationId: loc,
    ...o,
  });
  await e.insert('shelves', [
    shelf(1, 'A100', '1', { soldOut: true, soldoutTime: 100 }),
    shelf(2, 'A100', '2'),
    shelf(3, 'A100', '3'),
    shelf(4, 'a200', '1', { soldOut: true, soldoutTime: 200 }),
    shelf(5, 'a200', '2', { soldOut: true }),
    shelf(6, 'C400', '1', { soldOut: true, soldoutTime: 10, inPlanogram: false }),
    shelf(7, 'E900', '1', { soldOut: true, soldoutTime: 50 }),
    shelf(8, 'E900', '2', { soldOut: true, soldoutTime: 60 }),
    shelf(9, 'F000', '1', { inPlanogram: false }),
  ]);
  const fault = (
    id: number,
    assetId: string,
    raisedAt: number,
    clearedAt: number | null = null,
  ) => ({
    id,
    assetId,
    cid: '1',
    pcode: `P${id}`,
    ccode: `C${id}`,
    raisedAt,
    clearedAt,
  });
  await e.insert('machineFaults', [
    fault(1, 'A100', 300),
    fault(2, 'A100', 100, 200),
    fault(3, 'C400', 300),
    fault(4, 'GHOST', 50),
  ]);
  await e.insert('machineClocks', [
    { assetId: 'a200', aheadBy: 120, since: 400, seenAt: 410 },
    { assetId: 'D500', aheadBy: 30, since: 400, seenAt: 420 },
  ]);
}
