import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { deviceMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/transaction';
import { tradeByTradeId } from '@/db/queries/push';
import { migratePg, openPg, type PgDb } from './client';
import { asAppDb, pgOf } from '../handle';
import { nudgeWorker, onNudge } from '@/lib/notifications/nudge';
import { rebuildRollups } from './queries/rollups';
import { getConfig } from '@/lib/config';
import { openDb, rollupCalendar } from '@/lib/db';
import { setEvaluatorActive, takeChanged } from '@/lib/alerts/changed';
import { bufferProjections, touchMachine } from '@/lib/ingest/context';
import { rollupTrade } from '@/lib/ingest/rollup';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';

/**
 * A push batch ingested end to end on PostgreSQL through lib/ (D110): signed bodies through
 * receiveNotification inside the group commit's transaction and buffers (as
 * lib/ingest/push/queue.ts runs them), a savepoint that fails dropping its buffered rollups and
 * last-seen times, then the trades, rollups and machines read back, equal to SQLite's from the
 * same batch and to a rebuild from the trades.
 */
let cluster: PgCluster;
let pool: PgDb;
let pg: Db;
let lite: Db;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pool = openPg(cluster.url, { max: 4 });
  pg = asAppDb(pool);
  lite = openDb(':memory:');
}, 60_000);
afterAll(async () => {
  await pool?.$client.end();
  cluster?.stop();
  lite?.$client.close();
});

const T = 1_760_000_000;
let nonce = 0;
const body = (payload: Record<string, unknown>) =>
  signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );

const BATCH: [kind: 'device' | 'trade', payload: Record<string, unknown>, at: number][] = [
  ['device', deviceMessage('A'), T],
  ['trade', tradeMessage('t1', 'A', { payTime: String(T - 100), count: '2' }), T + 1],
  ['trade', tradeMessage('t2', 'B', { payTime: String(T - 4000), payStyle: '1' }), T + 2],
  ['trade', tradeMessage('t3', 'A', { payTime: String(T - 90_000), goodsId: 'g-cola' }), T + 3],
  // t1 again, refunded: its old contribution taken away, the new one added.
  [
    'trade',
    tradeMessage('t1', 'A', {
      payTime: String(T - 100),
      count: '2',
      refundStatus: '2',
      refundFee: '150',
    }),
    T + 4,
  ],
  ['trade', tradeMessage('t4', 'B', { payTime: String(T - 50) }), T + 5],
];

/** The batch as the group commit runs it: one transaction, a buffer, a scope per message. */
async function ingest(db: Db) {
  const bodies = BATCH.map(([kind, payload, at]) => [kind, body(payload), at] as const);
  return inTransaction(db, () =>
    bufferProjections(db, async () => {
      const out: unknown[] = [];
      for (const [kind, b, at] of bodies)
        out.push(await bufferProjections(db, () => receiveNotification(db, kind, b, at)));
      // A message whose projection fails after touching a machine and adding to the rollups:
      // its savepoint and its buffer scope are dropped together.
      await inTransaction(db, () =>
        bufferProjections(db, async () => {
          await touchMachine({ db, clientId: 'unit-client', inboxId: 0, receivedAt: T + 9 }, 'Z');
          await touchMachine({ db, clientId: 'unit-client', inboxId: 0, receivedAt: T + 9 }, 'A');
          await rollupTrade(db, undefined, {
            assetId: 'Z',
            goodsId: 'g-lost',
            goodsName: 'lost',
            goodsNumber: null,
            typeName: null,
            payStyle: 2,
            payStatus: 1,
            payTime: T - 10,
            createTime: T - 10,
            price: 999,
            count: 1,
            cost: null,
            refundStatus: 0,
            refundFee: 0,
          });
          throw new Error('projection failed');
        }),
      ).catch((e: Error) => out.push({ failed: e.message }));
      return out;
    }),
  );
}

const ROLLUPS = `select grain, asset_id as "assetId", bucket, goods_id as "goodsId",
  pay_style as "payStyle", units, gross, refunds, refunded from sales_rollups
  order by grain, bucket, pay_style, asset_id, goods_id`;
const GOODS = `select goods_id as "goodsId", goods_name as "goodsName", goods_number as
  "goodsNumber", type_name as "typeName" from rollup_goods order by goods_id`;
const MACHINES = `select asset_id as "assetId", origin, last_seen_at as "lastSeenAt" from machines
  order by asset_id`;

const onPg = async (q: string) =>
  (await pool.execute(sql.raw(q))).rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'string' &&
        /^-?\d+$/.test(v) &&
        k !== 'assetId' &&
        k !== 'goodsId' &&
        k !== 'goodsNumber'
          ? Number(v)
          : v,
      ]),
    ),
  );
const onLite = (q: string) => lite.$client.prepare(q).all();

describe('a push batch through lib/ on PostgreSQL (D110)', () => {
  it('stores the trades, rollups and last-seen times SQLite stores from the same batch', async () => {
    const pgOut = await ingest(pg);
    const liteOut = await ingest(lite);
    expect(pgOut).toEqual(liteOut);
    expect(pgOut.at(-1)).toEqual({ failed: 'projection failed' });
    expect(pgOut.slice(0, -1)).toEqual(
      BATCH.map(() => ({ status: 200, body: { result: 'SUCCESS' } })),
    );

    // Each message projected (a projection that throws is answered SUCCESS but marked failed).
    const INBOX = 'select kind, status, error from inbox order by id';
    expect(await onPg(INBOX)).toEqual(onLite(INBOX));
    expect((await onPg(INBOX)).map((r) => r.status)).toEqual(BATCH.map(() => 'processed'));

    const t1 = await tradeByTradeId(pg, 't1');
    expect(t1).toMatchObject({ assetId: 'A', count: 2, refundStatus: 2, refundFee: 150 });
    const { id: _a, ...pgT1 } = t1!;
    const { id: _b, ...liteT1 } = (await tradeByTradeId(lite, 't1'))!;
    expect(pgT1).toEqual(liteT1);

    const rollups = await onPg(ROLLUPS);
    expect(rollups.length).toBeGreaterThan(9);
    expect(rollups).toEqual(onLite(ROLLUPS));
    expect(rollups.some((r) => r.assetId === 'Z' || r.goodsId === 'g-lost')).toBe(false);
    // Every grain sums to the batch: t1 2 units refunded 150, t2, t3, t4 one each at 300.
    const grains = new Map<number, { units: number; gross: number; refunds: number }>();
    for (const r of rollups as { grain: number; units: number; gross: number; refunds: number }[]) {
      const g = grains.get(r.grain) ?? { units: 0, gross: 0, refunds: 0 };
      g.units += r.units;
      g.gross += r.gross;
      g.refunds += r.refunds;
      grains.set(r.grain, g);
    }
    expect(grains.size).toBe(9);
    for (const g of grains.values()) expect(g).toEqual({ units: 5, gross: 1500, refunds: 150 });
    expect(await onPg(GOODS)).toEqual(onLite(GOODS));

    const machines = await onPg(MACHINES);
    expect(machines).toEqual(onLite(MACHINES));
    // A's last message at T + 4 (the failed savepoint's T + 9 dropped); B's at T + 5; no Z.
    expect(machines.map((m) => [m.assetId, m.lastSeenAt])).toEqual([
      ['A', T + 4],
      ['B', T + 5],
    ]);

    // The buffered sums are what a rebuild from the trades gives.
    await inTransaction(pg, async () => {
      await rebuildRollups(pgOf(pg), rollupCalendar(getConfig().FLEET_TIME_ZONE), T);
    });
    expect(await onPg(ROLLUPS)).toEqual(rollups);
  }, 60_000);
});

describe('a projection the database refuses (D113)', () => {
  it('keeps the database’s own words on the inbox row, as SQLite does, not the query', async () => {
    lite.$client.exec(`create trigger boom before insert on trades when new.trade_id like 'BOOM%'
      begin select raise(abort, 'disk says no'); end`);
    await pool.execute(
      sql.raw(`create function boom() returns trigger language plpgsql as $$
        begin
          if new.trade_id like 'BOOM%' then raise exception 'disk says no'; end if;
          return new;
        end $$`),
    );
    await pool.execute(
      sql.raw('create trigger boom before insert on trades for each row execute function boom()'),
    );
    const b = body(tradeMessage('BOOM1', 'A', { payTime: String(T - 10) }));
    for (const db of [pg, lite])
      expect(await receiveNotification(db, 'trade', b, T + 20)).toEqual({
        status: 200,
        body: { result: 'SUCCESS' },
      });
    const FAILED = "select kind, status, error from inbox where status = 'failed' order by id";
    expect(await onPg(FAILED)).toEqual([
      { kind: 'trade', status: 'failed', error: 'disk says no' },
    ]);
    expect(await onPg(FAILED)).toEqual(onLite(FAILED));
  }, 60_000);
});

describe('the machines a push changed (D113)', () => {
  it('reach the alert evaluator once the push commits: before, its connection sees nothing', async () => {
    setEvaluatorActive(true);
    try {
      takeChanged();
      const push = (assetId: string, at: number) =>
        receiveNotification(pg, 'status', body(statusMessage(assetId, { online: 1 })), at);
      let during: string[] = [];
      await inTransaction(pg, async () => {
        expect(await push('S1', T + 30)).toEqual({ status: 200, body: { result: 'SUCCESS' } });
        during = takeChanged().machines;
      });
      expect(during).toEqual([]);
      expect(takeChanged().machines).toEqual(['S1']);
      // A push rolled back with its batch is never looked at for.
      await inTransaction(pg, async () => {
        await push('S2', T + 31);
        throw new Error('batch failed');
      }).catch(() => {});
      expect(takeChanged().machines).toEqual([]);
    } finally {
      setEvaluatorActive(false);
    }
  }, 60_000);
});

describe('the delivery worker woken by a message queued in a transaction (D113)', () => {
  it('wakes once it commits, outside that transaction, on the pool', async () => {
    const woken: { onPool: boolean }[] = [];
    onNudge(() => woken.push({ onPool: pgOf(pg) === pool }));
    try {
      await inTransaction(pg, async () => {
        nudgeWorker();
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 20));
        expect(woken).toEqual([]);
      });
      await new Promise((r) => setImmediate(r));
      expect(woken).toEqual([{ onPool: true }]);
      await inTransaction(pg, async () => {
        nudgeWorker();
        throw new Error('rolled back');
      }).catch(() => {});
      await new Promise((r) => setTimeout(r, 20));
      expect(woken).toHaveLength(1);
      nudgeWorker(); // still wakes after a rollback
      await new Promise((r) => setImmediate(r));
      expect(woken).toHaveLength(2);
    } finally {
      onNudge(undefined);
    }
  });
});
