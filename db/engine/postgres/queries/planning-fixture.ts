import 'server-only';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import * as liteSchema from '@/db/schema';
import { upsertRefill as liteUpsertRefill, type RefillInput } from '@/db/queries/refills';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';
import * as pgSchema from '@/db/engine/postgres/schema';
import { upsertRefill as pgUpsertRefill } from './refills';

/*
 * The parity tests' two databases (helper P5's files): the same rows go into SQLite and
 * PostgreSQL, each through its own schema or its own query function, so a test can call both
 * engines' forms and compare. Test support only.
 */

export interface Both {
  lite: Db;
  pg: PgDb;
  cluster: PgCluster;
}

export async function openBoth(): Promise<Both> {
  const cluster = await startPgCluster();
  await migratePg(cluster.url);
  return {
    cluster,
    pg: openPg(cluster.url, { max: 4 }),
    lite: openDatabase(':memory:', { calendar: UTC_CALENDAR }),
  };
}

export async function closeBoth(b: Both | undefined) {
  await b?.pg.$client.end();
  b?.cluster.stop();
}

type TableName = keyof typeof liteSchema & keyof typeof pgSchema;

/** The same rows into the same table of both engines (Drizzle, each engine's schema). */
export async function seed(b: Both, table: TableName, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  // Any table by name: the rows' shape is the test's to get right.
  b.lite
    .insert(liteSchema[table] as typeof liteSchema.areas)
    .values(rows as never)
    .run();
  await b.pg.insert(pgSchema[table] as typeof pgSchema.areas).values(rows as never);
}

/** A statement both dialects read alike (plain SQL, no parameters). */
export async function runBoth(b: Both, text: string) {
  b.lite.$client.exec(text);
  await b.pg.execute(sql.raw(text));
}

export async function refillBoth(b: Both, r: RefillInput) {
  const lite = await liteUpsertRefill(b.lite, r);
  const pg = await pgUpsertRefill(b.pg, r);
  return { lite, pg };
}

/** Every row of a table on each engine, in key order, to compare writes. */
export async function tableBoth(b: Both, table: string, order: string) {
  const lite = b.lite.$client.prepare(`select * from ${table} order by ${order}`).all();
  const pg = (await b.pg.execute(sql.raw(`select * from ${table} order by ${order}`))).rows;
  return { lite, pg };
}

const T0 = 1_700_000_000;
export const at = (hours: number) => T0 + hours * 3600;

/**
 * A small fleet: two areas, three lines (one empty), four sites, six machines (one with no
 * site, line or status), planogram shelves and one out of it, trades delivered and not, with
 * and without payTime, count, cid.
 */
export async function seedFleet(b: Both) {
  await seed(b, 'areas', [
    { id: 1, name: 'North' },
    { id: 2, name: 'South' },
  ]);
  await seed(b, 'lines', [
    {
      id: 1,
      name: 'Alpha',
      areaId: 1,
      description: 'first',
      createTime: at(-100),
      origin: 'pull',
      updatedAt: at(0),
    },
    { id: 2, name: 'Beta', origin: 'push', updatedAt: at(0) },
    { id: 3, name: 'Gamma', areaId: 2, origin: 'placeholder', updatedAt: at(0) },
  ]);
  await seed(b, 'sites', [
    {
      id: 1,
      name: 'Mall',
      lineId: 1,
      origin: 'pull',
      updatedAt: at(0),
      platformSiteId: 'P1',
      siteNumber: '001',
      address: 'Main St 1',
      longitude: 121.5,
      latitude: 31.25,
      longitudeText: '121.5',
      latitudeText: '31.25',
    },
    { id: 2, name: 'Station', areaId: 2, origin: 'push', updatedAt: at(0) },
    { id: 3, name: 'Airport', lineId: 2, areaId: 1, origin: 'pull', updatedAt: at(0) },
    { id: 4, name: 'Harbour', origin: 'push', updatedAt: at(0) },
  ]);
  const machine = (
    assetId: string,
    name: string | null,
    siteId: number | null,
    lineId: number | null,
  ) => ({
    assetId,
    name,
    siteId,
    lineId,
    platform: 'smartvending',
    origin: 'push',
    createdAt: at(0),
    updatedAt: at(0),
  });
  await seed(b, 'machines', [
    machine('M1', 'Lobby', 1, 1),
    machine('M2', null, 2, 1),
    machine('M3', 'Gate 3', 3, 2),
    machine('M4', 'Spare', null, null),
    machine('M5', 'Zed', null, 1),
    machine('M6', 'Back', 2, 1),
  ]);
  await seed(b, 'machineStatus', [
    { assetId: 'M1', online: 0, updatedAt: at(5) },
    { assetId: 'M2', online: 1, updatedAt: at(6) },
    { assetId: 'M4', online: -1, updatedAt: at(7) },
  ]);
  await seed(b, 'machineEvents', [
    { assetId: 'M1', at: at(1), kind: 'online' },
    { assetId: 'M1', at: at(3), kind: 'online' },
    { assetId: 'M1', at: at(4), kind: 'door' },
    { assetId: 'M3', at: at(2), kind: 'online' },
  ]);
  const shelf = (
    assetId: string,
    cid: string,
    locationId: string,
    goodsId: string | null,
    extra = {},
  ) => ({
    assetId,
    cid,
    locationId,
    goodsId,
    goodsName: goodsId ? `name ${goodsId}` : null,
    capacity: 10,
    valve: 2,
    ...extra,
  });
  await seed(b, 'shelves', [
    shelf('M1', '1', '10', 'G1'),
    shelf('M1', '1', '2', 'G2'),
    shelf('M1', '1', 'A1', 'G3'),
    shelf('M1', '2', '2', null, { capacity: null }),
    shelf('M1', '1', '7', 'G1', { inPlanogram: false }),
    shelf('M2', '1', '1', 'G1', { soldOut: true }),
    shelf('M3', '1', '1', 'G2'),
    shelf('M3', '1', '3', 'G9'),
  ]);
  const trade = (n: number, assetId: string, o: Record<string, unknown>) => ({
    tradeId: `T${n}`,
    assetId,
    source: 'push',
    firstSeenAt: at(0),
    updatedAt: at(0),
    payStatus: 1,
    delivery: 'delivered',
    cid: '1',
    locationId: '2',
    goodsId: 'G2',
    price: 350,
    count: 1,
    ...o,
  });
  await seed(b, 'trades', [
    trade(1, 'M1', { payTime: at(10), createTime: at(9) }),
    trade(2, 'M1', { payTime: null, createTime: at(11), count: null }),
    trade(3, 'M1', { payTime: at(12), createTime: at(12), count: 3, cost: 999 }),
    trade(4, 'M1', { payTime: at(12), createTime: at(12), delivery: 'failed' }),
    trade(5, 'M1', { payTime: at(13), createTime: at(13), cid: null, count: 2 }),
    trade(6, 'M1', {
      payTime: at(14),
      createTime: at(14),
      locationId: '10',
      goodsId: 'G1',
      payStatus: 0,
    }),
    trade(7, 'M1', {
      payTime: at(30),
      createTime: at(30),
      locationId: '10',
      goodsId: 'G1',
      price: null,
    }),
    trade(8, 'M2', {
      payTime: at(12),
      createTime: at(12),
      locationId: '1',
      goodsId: 'G1',
      payStyle: 2,
    }),
    trade(9, 'M2', {
      payTime: at(12),
      createTime: at(12),
      locationId: '1',
      goodsId: 'G1',
      payStyle: 1,
      count: 2,
    }),
    trade(10, 'M3', {
      payTime: at(1),
      createTime: at(1),
      locationId: '1',
      goodsId: 'G2',
      delivery: 'pending',
    }),
    trade(11, 'M1', { payTime: at(12), createTime: at(12), count: null }),
  ]);
}

/** Three visits: M1 twice (the second stored again later), M3 once, money in fen. */
export const visits: RefillInput[] = [
  {
    assetId: 'M1',
    refillTime: at(8),
    lastRefillTime: at(-20),
    source: 'push',
    receivedAt: at(8),
    siteName: 'Mall',
    shelves: [
      {
        cid: '1',
        locationId: '2',
        goodsId: 'G2',
        price: 350,
        stock: 5,
        refillCount: 4,
        paySales: [{ name: 'cash', sales: 700, units: 2 }],
      },
      { cid: '1', locationId: '10', goodsId: 'G1', stock: 7, paySales: [] },
      { locationId: '2', stock: 6, paySales: [{ name: 'cashless', sales: 350, units: 1 }] },
    ],
    paySales: [
      { name: 'total', sales: 1_234_567, units: 9 },
      { name: 'cash', sales: 1_000_000, units: 5 },
      { name: 'cashless', sales: 234_567, units: 4 },
      { name: 'total', sales: 1, units: 1 },
    ],
  },
  {
    assetId: 'M1',
    refillTime: at(20),
    source: 'pull',
    receivedAt: at(21),
    lineName: 'Alpha (as sent)',
    shelves: [{ cid: '1', locationId: '10', stock: 9, paySales: [] }],
    paySales: [{ name: 'total', sales: 5_000, units: 2 }],
  },
  {
    assetId: 'M3',
    refillTime: at(0),
    source: 'push',
    receivedAt: at(0),
    inboxId: 7,
    shelves: [{ cid: '1', locationId: '1', stock: 8, paySales: [] }],
    paySales: [],
  },
];
