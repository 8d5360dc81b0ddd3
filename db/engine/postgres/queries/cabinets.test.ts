import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import * as S from '@/db/queries/cabinets';
import { migratePg, openPg, type PgDb } from '../client';
import * as P from './cabinets';

let cluster: PgCluster;
let pg: PgDb;
let lite: Db;

const T0 = 1_780_000_000;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pg = openPg(cluster.url, { max: 4 });
  lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
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

/** The same query's rows from both engines, once equal (booleans as 0/1 on both). */
async function rows(q: SQL) {
  const want = lite.all(q);
  const got = (await pg.execute(q)).rows;
  expect(got).toEqual(want);
  return got;
}

const good = (doorNo: number, commodityId: string, name: string, price: number) => ({
  doorNo,
  commodityId,
  name,
  sku: doorNo === 1 ? null : `sku-${commodityId}`,
  weight: doorNo === 1 ? null : 250,
  price,
  pictureUrl: null,
});

const snapshot = (machineId: string, goods: S.CabinetSnapshot['goods']): S.CabinetSnapshot => ({
  machineId,
  name: `Cabinet ${machineId}`,
  signal: 21,
  temperature: '4.5',
  runningState: 1,
  currency: 'CNY',
  preAuthLimit: 10_000,
  qrCodeUrl: null,
  goods,
});

describe('cabinets on PostgreSQL, as on SQLite', () => {
  it('saves polls, lists cabinets and their goods', async () => {
    await both(
      S.saveCabinetSnapshot,
      P.saveCabinetSnapshot,
      snapshot('C2', [
        good(2, 'k1', 'Water', 300),
        good(1, 'k2', 'Cola', 450),
        good(1, 'k3', 'Apple', 500),
      ]),
      T0,
    );
    await both(S.saveCabinetSnapshot, P.saveCabinetSnapshot, snapshot('C1', []), T0 + 1);
    // The next poll: k3 is gone (unlisted), k2 changes, k4 is new.
    await both(
      S.saveCabinetSnapshot,
      P.saveCabinetSnapshot,
      {
        ...snapshot('C2', [good(1, 'k2', 'Cola Zero', 460), good(3, 'k4', 'Tea', 390)]),
        name: null,
      },
      T0 + 60,
    );
    await both(S.recordPollError, P.recordPollError, 'C1', 'timeout', T0 + 70);
    await both(S.recordPollError, P.recordPollError, 'C9', 'no such cabinet', T0 + 70);

    const list = await both(S.listCabinets, P.listCabinets);
    expect(list.map((c) => [c.machineId, c.name, c.pollError])).toEqual([
      ['C1', 'Cabinet C1', 'timeout'],
      ['C2', null, null],
    ]);
    expect(await both(S.getCabinet, P.getCabinet, 'C2')).toMatchObject({ polledAt: T0 + 60 });
    expect(await both(S.getCabinet, P.getCabinet, 'C9')).toBeUndefined();
    // Each upsert spends an id, on both (AUTOINCREMENT, identity): Cola Zero spent 4.
    const goods = await both(S.cabinetGoodsOf, P.cabinetGoodsOf, 'C2');
    expect(goods.map((x) => [x.id, x.doorNo, x.name, x.listed, x.price, x.updatedAt])).toEqual([
      [3, 1, 'Apple', false, 500, T0],
      [2, 1, 'Cola Zero', true, 460, T0 + 60],
      [1, 2, 'Water', false, 300, T0],
      [5, 3, 'Tea', true, 390, T0 + 60],
    ]);
    expect(await both(S.cabinetGoodsOf, P.cabinetGoodsOf, 'C1')).toEqual([]);
    // Listed twice in one poll: its last values (SQLite spends an id on the repeat, so it is
    // the last insert of this test).
    await both(
      S.saveCabinetSnapshot,
      P.saveCabinetSnapshot,
      snapshot('C3', [
        good(2, 'k1', 'Water', 300),
        good(1, 'k2', 'Cola', 1),
        good(2, 'k1', 'Water 1L', 350),
      ]),
      T0 + 61,
    );
    const c3 = await both(S.cabinetGoodsOf, P.cabinetGoodsOf, 'C3');
    expect(c3.map((x) => [x.id, x.name, x.price])).toEqual([
      [7, 'Cola', 1],
      [6, 'Water 1L', 350],
    ]);
    await rows(sql`select * from machines order by asset_id`);
    await rows(sql`select * from cabinets order by machine_id`);
  });

  it('sets and takes stock, never below 0, unknown staying unknown', async () => {
    const k = (doorNo: number, commodityId: string) => ({ machineId: 'C2', doorNo, commodityId });
    await both(S.setGoodsStock, P.setGoodsStock, k(1, 'k2'), 5, T0 + 80);
    await both(S.takeGoodsStock, P.takeGoodsStock, k(1, 'k2'), 2, T0 + 81);
    await both(S.setGoodsStock, P.setGoodsStock, k(2, 'k1'), 1, T0 + 82);
    await both(S.takeGoodsStock, P.takeGoodsStock, k(2, 'k1'), 4, T0 + 83);
    await both(S.takeGoodsStock, P.takeGoodsStock, k(3, 'k4'), 1, T0 + 84);
    await both(S.takeGoodsStock, P.takeGoodsStock, k(9, 'k9'), 1, T0 + 84);
    const goods = await both(S.cabinetGoodsOf, P.cabinetGoodsOf, 'C2');
    expect(goods.map((x) => [x.commodityId, x.stock, x.stockUpdatedAt])).toEqual([
      ['k3', null, null],
      ['k2', 3, T0 + 81],
      ['k1', 0, T0 + 83],
      ['k4', null, T0 + 84],
    ]);
  });

  it('keeps orders and their events, and pages them', async () => {
    const order = (orderId: string, machineId: string, createdAt: number, state: string) => ({
      orderId,
      tokenHash: `h-${orderId}`,
      machineId,
      doorNo: 1,
      type: 'buy' as const,
      state: state as S.CabinetOrderRow['state'],
      amount: orderId === 'o1' ? null : 1250,
      createdAt,
      updatedAt: createdAt,
      closedAt: state === 'closed' ? createdAt + 30 : null,
    });
    for (const o of [
      order('o1', 'C2', T0 + 100, 'closed'),
      order('o2', 'C2', T0 + 200, 'requested'),
      order('o3', 'C1', T0 + 200, 'closed'),
      order('o0', 'C2', T0 + 200, 'closed'),
      order('o4', 'C1', T0 + 300, 'opened'),
    ])
      await both(S.insertCabinetOrder, P.insertCabinetOrder, o);
    await both(S.updateCabinetOrder, P.updateCabinetOrder, 'o2', {
      state: 'opened',
      orderNo: 'N-2',
      updatedAt: T0 + 210,
    });
    expect(await both(S.getCabinetOrder, P.getCabinetOrder, 'o2')).toMatchObject({
      state: 'opened',
      orderNo: 'N-2',
      amount: 1250,
    });
    expect(await both(S.getCabinetOrder, P.getCabinetOrder, 'o9')).toBeUndefined();

    const event = (orderId: string, body: string, status: boolean | null) => ({
      orderId,
      kind: 'callback' as const,
      action: 'door',
      status,
      at: T0 + body.length,
      body,
      bodyHash: `#${body}`,
    });
    expect(await both(S.insertCabinetEvent, P.insertCabinetEvent, event('o2', 'a', true))).toBe(
      true,
    );
    expect(await both(S.insertCabinetEvent, P.insertCabinetEvent, event('o1', 'b', null))).toBe(
      true,
    );
    expect(await both(S.insertCabinetEvent, P.insertCabinetEvent, event('o2', 'a', false))).toBe(
      false,
    );
    expect(
      await both(S.insertCabinetEvent, P.insertCabinetEvent, {
        ...event('o2', 'cc', false),
        msg: 'closed',
        actor: 'ops@x',
      }),
    ).toBe(true);
    const events = await both(S.eventsOf, P.eventsOf, ['o2', 'o1', 'o9']);
    expect(events.map((e) => [e.id, e.orderId, e.status])).toEqual([
      [1, 'o2', true],
      [2, 'o1', null],
      [4, 'o2', false],
    ]);
    expect(await both(S.eventsOf, P.eventsOf, [])).toEqual([]);

    const page1 = await both(S.listCabinetOrders, P.listCabinetOrders, { limit: 3 });
    expect(page1.rows.map((r) => r.order.orderId)).toEqual(['o4', 'o3', 'o2']);
    expect(page1.more).toBe(true);
    const last = page1.rows[2]!.order;
    const page2 = await both(S.listCabinetOrders, P.listCabinetOrders, {
      limit: 3,
      cursor: { createdAt: last.createdAt, orderId: last.orderId },
    });
    expect(page2).toMatchObject({ more: false });
    expect(page2.rows.map((r) => [r.order.orderId, r.machineName])).toEqual([
      ['o0', null],
      ['o1', null],
    ]);
    const filtered = await both(S.listCabinetOrders, P.listCabinetOrders, {
      machineId: 'C2',
      states: ['closed', 'opened'],
      from: T0 + 100,
      to: T0 + 200,
      limit: 10,
    });
    expect(filtered.rows.map((r) => r.order.orderId)).toEqual(['o2', 'o0', 'o1']);
    const none = await both(S.listCabinetOrders, P.listCabinetOrders, { states: [], limit: 1 });
    expect(none.rows).toHaveLength(1);

    expect(await both(S.closedOrdersBefore, P.closedOrdersBefore, T0 + 230)).toEqual(['o1']);
    // SQLite's has no ORDER BY: ties on created_at come in rowid order there, by order id here.
    const closed = await P.closedOrdersBefore(pg, T0 + 231);
    expect(closed).toEqual(['o1', 'o0', 'o3']);
    expect([...closed].sort()).toEqual([...(await S.closedOrdersBefore(lite, T0 + 231))].sort());
    expect(await both(S.machineNameOf, P.machineNameOf, 'C1')).toBe('Cabinet C1');
    expect(await both(S.machineNameOf, P.machineNameOf, 'C2')).toBeNull();
    expect(await both(S.machineNameOf, P.machineNameOf, 'C9')).toBeNull();
  });
});
