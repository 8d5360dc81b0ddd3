import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/transaction';
import { PROJECTIONS } from '@/lib/ingest';
import { projectPulledTrade } from '@/lib/ingest/pulled-trade';
import { bufferProjections } from '@/lib/ingest/context';
import { keepTradesTogether, TogetherFailed, type Together } from '@/lib/ingest/push/together';
import type { NotifyResult, VerifiedPush } from '@/lib/ingest/push/receive';
import type { PulledTrade } from '@/lib/platforms/smartvending/schemas';
import { asAppDb } from '../handle';
import { migratePg, openPg, type PgDb } from './client';

/**
 * A sync page and a push batch importing the same trade at once, on PostgreSQL: each looks the
 * order number up, finds nothing the other has committed, and would insert it. SQLite's writers
 * take turns; here the order number's lock makes them (D114): one row, the push's id. Both for
 * a push projected alone and for a batch's trades kept together (D119), whose locks are taken
 * in the statement that keeps their inbox rows.
 */
let cluster: PgCluster;
let pool: PgDb;
let db: Db;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pool = openPg(cluster.url, { max: 4 });
  db = asAppDb(pool);
}, 60_000);
afterAll(async () => {
  await pool?.$client.end();
  cluster?.stop();
});

const T0 = 1_737_302_400;
const ctx = () => ({ db, clientId: 'unit-client', inboxId: 0, receivedAt: T0 + 500 });
const pulled = (orderNo: string): PulledTrade => ({
  orderNo,
  assetId: 'A1',
  price: 300,
  count: 1,
  cost: 300,
  payStyle: 2,
  payStatus: 1,
  payTime: T0 + 100,
  deliverStatus: 0,
  refundStatus: 0,
  refundFee: 0,
});
/** The trade push of `id` (order `orderNo`), as the platform signs it. */
const tradePush = (id: string, orderNo: string, nonce: string) => ({
  clientId: 'unit-client',
  nonce_str: nonce,
  sign: 'x',
  assetId: 'A1',
  id,
  orderNo,
  price: 300,
  count: 1,
  payStyle: 2,
  payStatus: 1,
  payTime: T0 + 100,
});
const pushed = (id: string, orderNo: string) =>
  PROJECTIONS.trade.project(ctx(), tradePush(id, orderNo, id));

/** A verified trade push, as the group commit hands it to keepTradesTogether. */
function verified(id: string, orderNo: string): VerifiedPush {
  const message = tradePush(id, orderNo, `n-${id}`);
  return {
    kind: 'trade',
    received: { kind: 'trade', body: JSON.stringify(message), receivedAt: T0 + 500 },
    message,
    clientId: 'unit-client',
    signed: { form: 'bare-upper', canonical: true },
    nonce: message.nonce_str,
  };
}

/**
 * `id` (order `orderNo`) kept together with another trade, as a burst's group commit does: at
 * once first when `how` is at-once, and, as the group commit does when that bet is lost, again
 * carefully in a new transaction (D128).
 */
const pushedTogether = (id: string, orderNo: string, how: Together) => async () => {
  const keep = (h: Together) =>
    inTransaction(db, () =>
      bufferProjections(db, async () => {
        const out: NotifyResult[] = [];
        const left = await keepTradesTogether(
          db,
          [verified(id, orderNo), verified(`${id}-other`, `${orderNo}-other`)],
          T0 + 500,
          out,
          h,
        );
        expect(left).toEqual([]);
        expect(out.map((r) => r.body)).toEqual([{ result: 'SUCCESS' }, { result: 'SUCCESS' }]);
      }),
    );
  try {
    await keep(how);
    return 'kept';
  } catch (e) {
    if (!(e instanceof TogetherFailed) || e.how !== 'at-once') throw e;
    await keep('careful');
    return 'kept again carefully';
  }
};

/** Settles once another transaction waits for a lock (the second importer), or `done` settles. */
async function blockedOrDone(done: Promise<unknown>) {
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) return;
    const r = await pool.execute<{ n: number }>(
      sql`select count(*) as n from pg_locks where not granted`,
    );
    if (r.rows[0]!.n > 0) return;
    await new Promise((res) => setTimeout(res, 20));
  }
}

const rowsOf = async (orderNo: string) =>
  (
    await pool.execute<{ tradeId: string }>(
      sql`select trade_id as "tradeId" from trades where order_no = ${orderNo} order by id`,
    )
  ).rows;

describe('a sync and a push of the same trade at once (PostgreSQL)', () => {
  for (const [first, pushIs] of [
    ['sync', 'alone'],
    ['push', 'alone'],
    ['sync', 'careful'],
    ['push', 'careful'],
    ['sync', 'at-once'],
    ['push', 'at-once'],
  ] as const)
    it(`store one row, the push's id (the ${first} first, the push ${pushIs})`, async () => {
      const orderNo = `O-${first}-${pushIs}`;
      const pushId = `T-${first}-${pushIs}`;
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      let imported!: () => void;
      const firstImported = new Promise<void>((r) => (imported = r));
      let pushOutcome: string | undefined;
      const importer = (who: 'sync' | 'push') => async () => {
        if (who === 'sync') await projectPulledTrade(ctx(), pulled(orderNo));
        else if (pushIs === 'alone') await pushed(pushId, orderNo);
        else pushOutcome = await pushedTogether(pushId, orderNo, pushIs)();
      };
      // The first imports, then holds its transaction open while the second runs.
      const a = inTransaction(db, async () => {
        await importer(first)();
        imported();
        await gate;
      });
      await firstImported;
      const second = first === 'sync' ? 'push' : 'sync';
      const b = inTransaction(db, async () => await importer(second)());
      await blockedOrDone(b);
      open();
      await Promise.all([a, b]);
      expect(await rowsOf(orderNo)).toEqual([{ tradeId: pushId }]);
      // At once, the bet holds when the push is first and is lost when the sync stored the
      // trade first: then the batch is kept again carefully, and still once.
      if (pushIs === 'at-once')
        expect(pushOutcome).toBe(first === 'push' ? 'kept' : 'kept again carefully');
    });
});

describe('trades taken at once (PostgreSQL, D128)', () => {
  const count = async (q: ReturnType<typeof sql>) =>
    Number((await pool.execute<{ n: number }>(q)).rows[0]!.n);
  const keep = (batch: VerifiedPush[], how: Together) =>
    inTransaction(db, () =>
      bufferProjections(db, async () => {
        const out: NotifyResult[] = [];
        const left = await keepTradesTogether(db, batch, T0 + 500, out, how);
        return { left, answered: Array.from(batch, (_, i) => out[i]?.body) };
      }),
    );

  it('leave nothing behind when one of them is a redelivery, and are then kept carefully', async () => {
    const first = verified('T-again', 'O-again');
    expect((await keep([first], 'at-once')).left).toEqual([]);
    const inboxBefore = await count(sql`select count(*) as n from inbox`);

    const batch = [verified('T-new', 'O-new'), first];
    const lost = await keep(batch, 'at-once').catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(TogetherFailed);
    expect((lost as TogetherFailed).how).toBe('at-once');
    // Rolled back whole: the new trade's inbox row and trade are not there.
    expect(await count(sql`select count(*) as n from inbox`)).toBe(inboxBefore);
    expect(await count(sql`select count(*) as n from trades where trade_id = 'T-new'`)).toBe(0);

    // Carefully, the new one is kept and the redelivery left to the one-by-one path.
    expect(await keep(batch, 'careful')).toEqual({
      left: [1],
      answered: [{ result: 'SUCCESS' }, undefined],
    });
    expect(await count(sql`select count(*) as n from inbox`)).toBe(inboxBefore + 1);
    expect(await count(sql`select count(*) as n from trades where trade_id = 'T-new'`)).toBe(1);
    expect(await count(sql`select count(*) as n from trades where trade_id = 'T-again'`)).toBe(1);
  });
});
