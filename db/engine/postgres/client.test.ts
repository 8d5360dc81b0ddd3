import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgJournalLength, startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { migratePg, openPg, type PgDb } from './client';
import { alerts, areas, machines, shelves, trades } from './schema';

let cluster: PgCluster;
let db: PgDb;

beforeAll(async () => {
  cluster = await startPgCluster();
  // Two processes starting at once: the advisory lock makes the second wait, then find nothing
  // to do (without it both would create the tables and one would fail).
  await Promise.all([migratePg(cluster.url), migratePg(cluster.url)]);
  db = openPg(cluster.url, {
    max: 2,
    statementTimeoutMs: 300,
    idleInTransactionTimeoutMs: 500,
    applicationName: 'client-test',
  });
}, 60_000);

afterAll(async () => {
  await db?.$client.end();
  cluster?.stop();
});

describe('the PostgreSQL pool', () => {
  it('migrates once, and again is a no-op', async () => {
    await migratePg(cluster.url);
    const applied = await db.execute<{ n: number }>(
      sql`select count(*) as n from drizzle.__drizzle_migrations`,
    );
    // One row per migration in the journal, however many times migrate ran.
    expect(pgJournalLength()).toBeGreaterThan(1);
    expect(applied.rows[0]!.n).toBe(pgJournalLength());
  });

  it('reads bigint columns and counts as numbers, as SQLite gives them', async () => {
    const [row] = await db
      .insert(trades)
      .values({
        assetId: 'A1',
        payTime: 1_780_000_000,
        price: 350,
        source: 'push',
        firstSeenAt: 1_780_000_000,
        updatedAt: 1_780_000_000,
      })
      .returning();
    expect(row).toMatchObject({ id: 1, payTime: 1_780_000_000, price: 350 });
    const count = await db.execute<{ n: unknown }>(sql`select count(*) as n from trades`);
    expect(count.rows[0]!.n).toBe(1);
  });

  it('keeps 0/1 flags that raw SQL compares with 1 and Drizzle reads as booleans', async () => {
    await db.insert(machines).values({
      assetId: 'M1',
      platform: 'smartvending',
      origin: 'push',
      createdAt: 1,
      updatedAt: 1,
    });
    await db.insert(shelves).values([
      { assetId: 'M1', cid: '1', locationId: '1', soldOut: true },
      { assetId: 'M1', cid: '1', locationId: '2' },
    ]);
    const raw = await db.execute(
      sql`select location_id, sold_out, in_planogram from shelves order by location_id`,
    );
    expect(raw.rows).toEqual([
      { location_id: '1', sold_out: 1, in_planogram: 1 },
      { location_id: '2', sold_out: 0, in_planogram: 1 },
    ]);
    const typed = await db
      .select({ soldOut: shelves.soldOut, inPlanogram: shelves.inPlanogram })
      .from(shelves)
      .orderBy(shelves.locationId);
    expect(typed).toEqual([
      { soldOut: true, inPlanogram: true },
      { soldOut: false, inPlanogram: true },
    ]);
    const [m] = await db.select({ incomplete: machines.incomplete }).from(machines);
    expect(m).toEqual({ incomplete: false });
  });

  it('keeps alert details as jsonb that SQL reads inside, exchanged as JSON text', async () => {
    const details = JSON.stringify({ shelves: 3, peak: -1.5, note: 'é' });
    await db.insert(alerts).values({
      kind: 'soldOut',
      conditionKey: 'soldOut|M1|',
      state: 'open',
      startedAt: 1,
      lastSeenAt: 1,
      details,
      updatedAt: 1,
    });
    const [a] = await db.select({ details: alerts.details }).from(alerts);
    expect(JSON.parse(a!.details)).toEqual(JSON.parse(details));
    const inside = await db.execute(sql`select sum((details->>'shelves')::int) as n from alerts`);
    expect(inside.rows).toEqual([{ n: 3 }]);
  });

  it('refuses a bigint past 2^53 instead of rounding it', async () => {
    const e = await db.execute(sql`select 9007199254740993::bigint as n`).catch((x: Error) => x);
    expect(String((e as Error).cause)).toMatch(/bigint 9007199254740993 is past 2\^53/);
    // The connection is still good for the next query.
    expect((await db.execute(sql`select 9007199254740991::bigint as n`)).rows).toEqual([
      { n: 9007199254740991 },
    ]);
  });

  it('cancels a statement running past its timeout, on every pooled connection', async () => {
    const slow = () => db.execute(sql`select pg_sleep(2)`);
    const started = Date.now();
    const results = await Promise.allSettled([slow(), slow()]);
    expect(Date.now() - started).toBeLessThan(1500);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(
        String((r as PromiseRejectedResult).reason.cause ?? (r as PromiseRejectedResult).reason),
      ).toMatch(/statement timeout/);
    }
  });

  it('ends a transaction left idle, freeing what it locked', async () => {
    const held = await db.$client.connect();
    held.on('error', () => {});
    await held.query('begin');
    await held.query(`insert into areas (name) values ('idle')`);
    await new Promise((r) => setTimeout(r, 900));
    await expect(held.query('commit')).rejects.toThrow();
    held.release(true);
    expect(await db.select().from(areas)).toEqual([]);
  });

  it('compiles nothing just in time, on every pooled connection (D121)', async () => {
    const client = await db.$client.connect();
    const other = await db.$client.connect();
    try {
      for (const c of [client, other])
        expect((await c.query<{ jit: string }>('show jit')).rows[0]!.jit).toBe('off');
    } finally {
      client.release();
      other.release();
    }
  });

  it('names its connections in pg_stat_activity', async () => {
    const r = await db.execute<{ n: number }>(
      sql`select count(*) as n from pg_stat_activity where application_name = 'client-test'`,
    );
    expect(r.rows[0]!.n).toBeGreaterThan(0);
  });
});
