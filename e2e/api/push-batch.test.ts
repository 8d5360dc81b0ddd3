import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { getJson, postRaw, push, signedBody } from '../support/push';
import { tradeMessage } from '../support/messages';
import { peek, type Peek } from '../support/peek';
import { failTradesLike } from '../support/fail-trades';

/**
 * Pushes that arrive together are kept in one group commit, and the trades among them set-wise
 * (D119). Whatever a burst mixes (new trades, one trade twice, a redelivery, a replay, a trade a
 * sync stored first, a message of the wrong shape, a projection that fails), each message is
 * answered and kept as it would be alone: nothing lost, nothing counted twice.
 */
let server: RunningServer;
let db: Peek;

beforeAll(async () => {
  server = await startServer();
  db = peek(server);
});
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const count = async (sql: string, ...params: unknown[]) =>
  Number(((await db.get(sql, ...params)) as { n: number }).n);

interface Stats {
  items: { assetId: string; count: number; amount: number }[];
}
const salesOf = async (assetId: string) =>
  (
    await getJson<Stats>(
      server,
      `/api/v1/stats/sales?assetIds=${assetId}&startTime=1450000000&endTime=1460000000`,
    )
  ).body.items[0];

describe('a burst of pushes kept together', () => {
  it('stores forty new trades once each, with their sales and last-seen times', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        push(server, 'trade', tradeMessage(`B1-${i}`, `BA-${i % 4}`, { price: String(100 + i) })),
      ),
    );
    expect(results.map((r) => r.body)).toEqual(results.map(() => ({ result: 'SUCCESS' })));
    expect(await count("select count(*) n from trades where trade_id like 'B1-%'")).toBe(40);
    expect(
      await count(
        "select count(*) n from inbox where status = 'processed' and body like '%\"B1-%'",
      ),
    ).toBe(40);
    // BA-0 sold i = 0, 4, …, 36: ten sales of 100 + i.
    expect(await salesOf('BA-0')).toMatchObject({ count: 10, amount: 10 * 100 + 180 });
    const machines = await db.all(
      "select asset_id as id, last_seen_at as seen from machines where asset_id like 'BA-%'",
    );
    expect(machines).toHaveLength(4);
    for (const m of machines as { seen: number | null }[]) expect(m.seen).not.toBeNull();
  });

  it('answers a redelivery, a replay, a bad shape and one trade twice as each would be alone', async () => {
    const stored = signedBody(server, tradeMessage('B2-stored', 'BB'));
    expect((await postRaw(server, 'trade', stored)).body).toEqual({ result: 'SUCCESS' });
    const nonce = (JSON.parse(stored) as { nonce_str: string }).nonce_str;
    const twice = signedBody(server, tradeMessage('B2-twice', 'BB'));

    const [redelivery, replay, bad, first, second, same1, same2, ...fresh] = await Promise.all([
      postRaw(server, 'trade', stored),
      postRaw(
        server,
        'trade',
        signedBody(server, { ...tradeMessage('B2-replay', 'BB'), nonce_str: nonce }),
      ),
      push(server, 'trade', { ...tradeMessage('B2-bad', 'BB'), price: 'lots' }),
      push(server, 'trade', tradeMessage('B2-paid', 'BB', { payStatus: '0', deliverStatus: '-1' })),
      push(server, 'trade', tradeMessage('B2-paid', 'BB', { refundStatus: '2', refundFee: '300' })),
      postRaw(server, 'trade', twice),
      postRaw(server, 'trade', twice),
      ...Array.from({ length: 12 }, (_, i) => push(server, 'trade', tradeMessage(`B2-${i}`, 'BB'))),
    ]);
    expect(redelivery!.body).toEqual({ result: 'SUCCESS' });
    expect(replay).toMatchObject({ status: 401, body: { errorCode: 'REPLAY' } });
    expect(bad).toMatchObject({ status: 400, body: { errorCode: 'INVALID_FIELD' } });
    for (const r of [first, second, same1, same2, ...fresh])
      expect(r!.body).toEqual({ result: 'SUCCESS' });

    expect(await count("select count(*) n from trades where trade_id = 'B2-stored'")).toBe(1);
    expect(await count("select count(*) n from trades where trade_id = 'B2-replay'")).toBe(0);
    expect(await count("select count(*) n from trades where trade_id = 'B2-bad'")).toBe(0);
    expect(await count("select count(*) n from trades where trade_id = 'B2-twice'")).toBe(1);
    expect(
      await count(
        "select count(*) n from trades where trade_id like 'B2-_' or trade_id like 'B2-1_'",
      ),
    ).toBe(12);
    // One row for the trade pushed twice, holding the later state of each group (D4).
    expect(
      await db.all(
        "select pay_status, refund_status, refund_fee from trades where trade_id = 'B2-paid'",
      ),
    ).toEqual([{ pay_status: 1, refund_status: 2, refund_fee: 300 }]);
    // Verified messages kept once each: the stored one and its redelivery are one row.
    expect(
      await count(
        "select count(*) n from inbox where verification = 'ok' and client_id = ? and nonce = ?",
        server.clientId,
        nonce,
      ),
    ).toBe(1);
    expect(await count("select count(*) n from inbox where verification = 'replay'")).toBe(1);
    // 1 stored + 1 paid-then-refunded (amount 0 after the refund is not a sale twice) + twice + 12.
    expect((await salesOf('BB'))!.count).toBe(15);
  });

  it('adopts, in a burst, the trades a sync stored first under their order numbers', async () => {
    const at = 1450163984;
    for (const i of [0, 1, 2])
      await db.run(
        `insert into trades (trade_id, order_no, asset_id, cid, location_id, goods_id, price,
           count, pay_status, pay_time, delivery, source, first_seen_at, updated_at)
         values (?, ?, 'BC', 'BC', '2', 'g-tea', 300, 1, 1, ?, 'pending', 'pull', ?, ?)`,
        `order:B3-order-${i}`,
        `B3-order-${i}`,
        at,
        at,
        at,
      );
    const results = await Promise.all([
      ...[0, 1, 2].map((i) =>
        push(server, 'trade', tradeMessage(`B3-${i}`, 'BC', { orderNo: `B3-order-${i}` })),
      ),
      ...Array.from({ length: 8 }, (_, i) =>
        push(server, 'trade', tradeMessage(`B3-new-${i}`, 'BC')),
      ),
    ]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await count("select count(*) n from trades where order_no like 'B3-order-%'")).toBe(3);
    expect(await count("select count(*) n from trades where trade_id like 'order:B3-%'")).toBe(0);
    expect(
      await db.all(
        "select trade_id as id, delivery from trades where order_no like 'B3-order-%' order by trade_id",
      ),
    ).toEqual([0, 1, 2].map((i) => ({ id: `B3-${i}`, delivery: 'delivered' })));
  });

  it('keeps a failing projection on its own inbox row and the rest of the burst stored', async () => {
    await failTradesLike(db, 'B4-BOOM%', 'disk says no');
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          push(server, 'trade', tradeMessage(i % 10 === 3 ? `B4-BOOM-${i}` : `B4-${i}`, 'BD')),
        ),
      );
      expect(results.map((r) => r.body)).toEqual(results.map(() => ({ result: 'SUCCESS' })));
    } finally {
      await failTradesLike(db, null);
    }
    expect(await count("select count(*) n from trades where trade_id like 'B4-%'")).toBe(18);
    const failed = (await db.all(
      "select error from inbox where status = 'failed' and body like '%B4-BOOM-%'",
    )) as { error: string }[];
    expect(failed).toHaveLength(2);
    for (const f of failed) expect(f.error).toContain('disk says no');
    expect((await salesOf('BD'))!.count).toBe(18);
  });
});
