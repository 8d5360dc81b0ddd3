import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { openDatabase, type Db } from '@/db/client';
import { UTC_CALENDAR } from '@/db/rollups';
import * as L from '@/db/schema';
import * as S from '@/db/queries/pickup';
import { migratePg, openPg, type PgDb } from '../client';
import * as PS from '../schema';
import * as P from './pickup';

let cluster: PgCluster;
let pg: PgDb;
let lite: Db;

const T0 = 1_780_000_000;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pg = openPg(cluster.url, { max: 4 });
  lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
  const m = { assetId: 'M1', platform: 'smartvending' as const, origin: 'push' as const };
  lite
    .insert(L.machines)
    .values({ ...m, createdAt: T0, updatedAt: T0 })
    .run();
  await pg.insert(PS.machines).values({ ...m, createdAt: T0, updatedAt: T0 });
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

async function rows(q: SQL) {
  const want = lite.all(q);
  const got = (await pg.execute(q)).rows;
  expect(got).toEqual(want);
  return got;
}

const code = (c: string, assetId: string | null, endTime: number): S.PickupCodeInsert => ({
  code: c,
  assetId,
  goodsNumber: assetId ? 'g-12' : null,
  fee: assetId ? 350 : 0,
  startTime: T0,
  endTime,
  status: 'unused',
  createdAt: T0,
  createdBy: 'ops@x',
});

describe('pickup codes on PostgreSQL, as on SQLite', () => {
  it('inserts, reads, lists, revokes, checks and uses codes', async () => {
    expect(
      await both(S.insertPickupCode, P.insertPickupCode, code('111111', 'M1', T0 + 99)),
    ).toMatchObject({ id: 1, fee: 350 });
    await both(S.insertPickupCode, P.insertPickupCode, code('222222', null, T0 + 10));
    expect(
      await both(S.insertPickupCode, P.insertPickupCode, code('111111', null, T0)),
    ).toBeUndefined();
    for (const [c, a] of [
      ['333333', 'M1'],
      ['444444', 'M2'],
      ['555555', 'M1'],
    ] as const)
      await both(S.insertPickupCode, P.insertPickupCode, code(c, a, T0 + 99));
    expect((await both(S.getPickupCode, P.getPickupCode, '444444'))?.id).toBe(5);
    expect(await both(S.getPickupCode, P.getPickupCode, '999999')).toBeUndefined();
    expect(await both(S.machineExists, P.machineExists, 'M1')).toBe(true);
    expect(await both(S.machineExists, P.machineExists, 'M2')).toBe(false);

    expect(
      await both(S.revokePickupCode, P.revokePickupCode, { code: '333333', at: T0 + 5 }),
    ).toMatchObject({ status: 'revoked', revokedAt: T0 + 5 });
    expect(
      await both(S.revokePickupCode, P.revokePickupCode, { code: '333333', at: T0 + 6 }),
    ).toBeUndefined();
    expect(
      await both(S.revokePickupCode, P.revokePickupCode, { code: '999999', at: T0 }),
    ).toBeUndefined();
    await both(S.markPickupCodeChecked, P.markPickupCodeChecked, {
      id: 1,
      at: T0 + 7,
      assetId: 'M1',
    });
    const use = { at: T0 + 8, assetId: 'M1', inboxId: 42 };
    expect(await both(S.consumePickupCode, P.consumePickupCode, { id: 1, ...use })).toBe(true);
    expect(await both(S.consumePickupCode, P.consumePickupCode, { id: 1, ...use })).toBe(false);
    expect(await both(S.consumePickupCode, P.consumePickupCode, { id: 4, ...use })).toBe(false);
    expect(
      await both(S.consumePickupCode, P.consumePickupCode, { id: 6, ...use, assetId: null }),
    ).toBe(true);
    await rows(sql`select * from pickup_codes order by id`);

    const ids = async (p: S.PickupCodeListParams) =>
      (await both(S.listPickupCodes, P.listPickupCodes, p)).items.map((c) => c.id);
    const now = T0 + 20;
    expect(await ids({ now, limit: 10 })).toEqual([6, 5, 4, 2, 1]);
    expect(await ids({ status: 'expired', now, limit: 10 })).toEqual([2]);
    expect(await ids({ status: 'unused', now, limit: 10 })).toEqual([5]);
    expect(await ids({ status: 'used', now, limit: 10 })).toEqual([6, 1]);
    expect(await ids({ status: 'revoked', now, limit: 10 })).toEqual([4]);
    expect(await ids({ assetId: 'M1', now, limit: 10 })).toEqual([6, 4, 1]);
    const page = await both(S.listPickupCodes, P.listPickupCodes, { now, limit: 2 });
    expect(page.nextCursor).toBe('5');
    const next = await both(S.listPickupCodes, P.listPickupCodes, { now, limit: 2, cursor: 5 });
    expect(next.items.map((c) => c.code)).toEqual(['333333', '222222']);
    expect(
      (await both(S.listPickupCodes, P.listPickupCodes, { now, limit: 2, cursor: 2 })).nextCursor,
    ).toBeNull();
  });

  it('counts wrong codes and lists throttled machines', async () => {
    const fail = (assetId: string, outcome: L.PickupCheckOutcome, at: number) =>
      both(S.recordCheckFailure, P.recordCheckFailure, {
        assetId,
        code: '000000',
        outcome,
        at,
        inboxId: at % 2 ? null : at,
      });
    await fail('M1', 'wrong_code', T0 - 100);
    await fail('M1', 'wrong_code', T0 + 1);
    await fail('M1', 'wrong_code', T0 + 2);
    await fail('M1', 'throttled', T0 + 3);
    await fail('M1', 'throttled', T0 + 9);
    await fail('M2', 'throttled', T0 + 9);
    await fail('M3', 'wrong_code', T0 + 4);
    await fail('M0', 'throttled', T0 + 5);
    await fail('M0', 'throttled', T0 - 50);
    await rows(sql`select * from pickup_check_failures order by id`);
    expect(await both(S.countWrongCodes, P.countWrongCodes, { assetId: 'M1', since: T0 })).toBe(2);
    expect(await both(S.countWrongCodes, P.countWrongCodes, { assetId: 'M1', since: T0 + 2 })).toBe(
      1,
    );
    expect(await both(S.countWrongCodes, P.countWrongCodes, { assetId: 'M2', since: 0 })).toBe(0);
    const list = await both(S.listThrottledMachines, P.listThrottledMachines, {
      since: T0,
      limit: 10,
    });
    expect(list).toEqual([
      {
        assetId: 'M1',
        throttledChecks: 2,
        wrongCodes: 2,
        firstThrottledAt: T0 + 3,
        lastThrottledAt: T0 + 9,
      },
      {
        assetId: 'M2',
        throttledChecks: 1,
        wrongCodes: 0,
        firstThrottledAt: T0 + 9,
        lastThrottledAt: T0 + 9,
      },
      {
        assetId: 'M0',
        throttledChecks: 1,
        wrongCodes: 0,
        firstThrottledAt: T0 + 5,
        lastThrottledAt: T0 + 5,
      },
    ]);
    expect(
      await both(S.listThrottledMachines, P.listThrottledMachines, { since: T0 + 6, limit: 1 }),
    ).toHaveLength(1);
  });
});

describe('a pickup code used at once on two connections (READ COMMITTED)', () => {
  const issue = async (c: string) => (await P.insertPickupCode(pg, code(c, 'M1', T0 + 99)))!.id;
  const use = (id: number, inboxId: number) =>
    P.consumePickupCode(pg, { id, at: T0 + 30, assetId: 'M1', inboxId });

  it('is used by exactly one of two uses', async () => {
    for (let i = 0; i < 20; i++) {
      const id = await issue(`race-${i}`);
      const won = await Promise.all([use(id, 1), use(id, 2)]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await P.getPickupCode(pg, `race-${i}`))?.usedInboxId).toBe(won[0] ? 1 : 2);
    }
  });

  it('makes the second use wait for the first, then refuses it', async () => {
    const id = await issue('held');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first: boolean | undefined;
    const tx = pg.transaction(async (t) => {
      first = await P.consumePickupCode(t, { id, at: T0 + 31, assetId: 'M1', inboxId: 7 });
      await held;
    });
    while (first === undefined) await new Promise((r) => setTimeout(r, 5));
    let second: boolean | undefined;
    const pending = use(id, 8).then((v) => (second = v));
    const revoked = P.revokePickupCode(pg, { code: 'held', at: T0 + 32 });
    await new Promise((r) => setTimeout(r, 200));
    expect(second).toBeUndefined();
    release();
    await tx;
    await pending;
    expect([first, second, await revoked]).toEqual([true, false, undefined]);
    expect(await P.getPickupCode(pg, 'held')).toMatchObject({ status: 'used', usedInboxId: 7 });
  });
});
