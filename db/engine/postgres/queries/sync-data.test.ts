import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import * as L from '@/db/schema';
import * as S from '@/db/queries/sync-data';
import { migratePg, openPg, type PgDb } from '../client';
import * as PS from '../schema';
import * as P from './sync-data';

let cluster: PgCluster;
let pg: PgDb;
let lite: Db;

const T0 = 1_780_000_000;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pg = openPg(cluster.url, { max: 4 });
  lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
  const machines = ['M1', 'M2'].map((assetId) => ({
    assetId,
    platform: 'smartvending' as const,
    origin: 'push' as const,
    createdAt: T0,
    updatedAt: T0,
  }));
  const shelves = [
    { assetId: 'M1', cid: 'c1', locationId: '1' },
    { assetId: 'M1', cid: 'c1', locationId: '2' },
    { assetId: 'M1', cid: 'c2', locationId: '1', platformSold: 4, platformSoldAt: T0 - 9 },
    { assetId: 'M2', cid: 'c1', locationId: '1', platformSold: 8, platformSoldAt: T0 - 5 },
  ];
  const refills = [
    { assetId: 'M1', refillTime: T0, source: 'push' as const, receivedAt: T0 },
    { assetId: 'M1', refillTime: T0 + 100, source: 'pull' as const, receivedAt: T0 + 101 },
    { assetId: 'M2', refillTime: T0, source: 'push' as const, receivedAt: T0 },
  ];
  lite.insert(L.machines).values(machines).run();
  lite.insert(L.shelves).values(shelves).run();
  lite.insert(L.refillSettlements).values(refills).run();
  await pg.insert(PS.machines).values(machines);
  await pg.insert(PS.shelves).values(shelves);
  await pg.insert(PS.refillSettlements).values(refills);
}, 60_000);

afterAll(async () => {
  await pg?.$client.end();
  cluster?.stop();
});

async function both<A extends unknown[], T>(
  s: (db: Db, ...a: A) => T,
  p: (db: PgDb, ...a: A) => Promise<Awaited<T>>,
  ...a: A
): Promise<Awaited<T>> {
  const want = await s(lite, ...a);
  const got = await p(pg, ...a);
  expect(got).toEqual(want);
  return got;
}

/** The same query's rows from both engines, once equal. */
async function rows(q: SQL) {
  const want = lite.all(q);
  const got = (await pg.execute(q)).rows;
  expect(got).toEqual(want);
  return got;
}

const sales = sql`select * from platform_shelf_sales order by asset_id, cid, location_id`;
const shelfCounts = sql`select asset_id, cid, location_id, platform_sold, platform_sold_at
  from shelves order by asset_id, cid, location_id`;

describe('sync data on PostgreSQL, as on SQLite', () => {
  it('finds a refill by machine and time', async () => {
    expect(await both(S.getRefillId, P.getRefillId, 'M1', T0 + 100)).toBe(2);
    expect(await both(S.getRefillId, P.getRefillId, 'M2', T0)).toBe(3);
    expect(await both(S.getRefillId, P.getRefillId, 'M2', T0 + 100)).toBeUndefined();
  });

  it("replaces a machine's shelf sales and the shelves' counts", async () => {
    await both(
      S.replaceShelfSales,
      P.replaceShelfSales,
      'M1',
      [
        { cid: 'c1', locationId: '1', goodsId: 'g1', goodsName: 'Cola', units: 3 },
        { cid: 'c1', locationId: '2', goodsNumber: 'n2', units: 0 },
        { cid: 'c9', locationId: '9', units: 12 },
        { cid: 'c1', locationId: '1', goodsId: 'g7', goodsName: 'Tea', units: 5 },
      ],
      T0,
    );
    const after = await rows(sales);
    expect(after[0]).toMatchObject({ cid: 'c1', goods_id: 'g1', goods_name: 'Cola', units: 5 });
    expect(after).toHaveLength(3);
    const shelves = await rows(shelfCounts);
    expect(shelves.map((r) => r.platform_sold)).toEqual([5, 0, null, 8]);

    // A later answer without shelf c1/1: its count goes, M2 is untouched.
    await both(
      S.replaceShelfSales,
      P.replaceShelfSales,
      'M1',
      [{ cid: 'c1', locationId: '2', units: 2 }],
      T0 + 1,
    );
    await rows(sales);
    expect((await rows(shelfCounts)).map((r) => r.platform_sold)).toEqual([null, 2, null, 8]);
    await both(S.replaceShelfSales, P.replaceShelfSales, 'M2', [], T0 + 2);
    expect(await rows(sales)).toHaveLength(1);
    expect((await rows(shelfCounts)).map((r) => r.platform_sold_at)).toEqual([
      null,
      T0 + 1,
      null,
      null,
    ]);
  });
});
