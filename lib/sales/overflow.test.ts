import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { RollupOverflowError } from '@/db/rollup-guard';
import { projectPulledTrade } from '@/lib/ingest/pulled-trade';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { MAX_TRADE_COUNT, MAX_UNIT_FEN } from '@/lib/ingest/push/ranges';
import { signBody } from '@/lib/platforms/signing';
import { tradeMessage } from '@/e2e/support/messages';
import { salesReport } from './report';

const TZ = 'Asia/Shanghai';
/** 2025-03-10 12:00 +08:00. */
const T = 1_741_579_200;
const DAY = { startTime: T - 43_200, endTime: T + 43_199 };

let db: Db;
let n = 0;
const push = async (id: string, o: Record<string, unknown> = {}) =>
  await receiveNotification(
    db,
    'trade',
    signBody(
      { clientId: 'unit-client', nonce_str: `o${++n}`, ...tradeMessage(id, 'OV-1', o) },
      'unit-key',
      'ampersand',
    ),
    // Received in April, after every trade here: late, never ahead of the machine (D71).
    T + 32 * 86_400 + n,
  );
const report = async () =>
  (await salesReport(db, DAY, { timeZone: TZ, granularity: 'day' })).statistic;
const sql = (text: string, ...p: unknown[]) => db.$client.prepare(text).run(...p);
const inboxLast = () =>
  db.$client.prepare('select status, error from inbox order by id desc limit 1').get() as {
    status: string;
    error: string | null;
  };

beforeEach(() => {
  db = openDb(':memory:');
  n = 0;
});

describe('the sales rollups never overflow (D62)', () => {
  it('refuses the trades of the issue, and the day is answered as before', async () => {
    await push('OK-1', { price: 300, count: 2, payTime: T, createTime: T });
    const before = await report();
    expect(before).toMatchObject({ amount: 600, count: 2 });
    for (const id of ['H-1', 'H-2']) {
      const r = await push(id, { price: 9007199254740991, count: 1000, payTime: T, createTime: T });
      expect(r).toMatchObject({ status: 400, body: { errorCode: 'INVALID_FIELD' } });
      expect(inboxLast().status).toBe('rejected');
    }
    expect(await report()).toEqual(before);
  });

  it('fails the projection of a trade that would take a row past 2^53, keeping it for replay', async () => {
    await push('OK-1', { price: 300, count: 1, payTime: T, createTime: T });
    const before = await report();
    // A fleet whose day is one maximal trade short of the largest exact integer.
    sql('update sales_rollups set gross = gross + ?', Number.MAX_SAFE_INTEGER - 300 - 5e10);
    sql('update rollup_state set bound = ?', Number.MAX_SAFE_INTEGER - 5e10);
    const near = await report();
    const big = { price: MAX_UNIT_FEN, count: MAX_TRADE_COUNT, payTime: T, createTime: T };
    expect((await push('BIG-1', big)).body).toEqual({ result: 'SUCCESS' });
    expect(inboxLast()).toEqual({ status: 'failed', error: expect.stringMatching(/would pass/) });
    expect(
      db.$client.prepare("select count(*) n from trades where trade_id = 'BIG-1'").get(),
    ).toEqual({ n: 0 });
    expect(await report()).toEqual(near);
    expect(near.count).toBe(before.count);
    // Other months are not held up: their rows are far from the limit.
    const april = T + 31 * 86_400;
    expect((await push('APRIL', { ...big, payTime: april, createTime: april })).body).toEqual({
      result: 'SUCCESS',
    });
    expect(inboxLast()).toEqual({ status: 'processed', error: null });
  });

  it('refuses a pulled trade (not range-checked) whose sums would not be exact', async () => {
    const ctx = () => ({ db, clientId: 'unit-client', inboxId: 0, receivedAt: T });
    const pulled = (orderNo: string) => ({
      orderNo,
      assetId: 'OV-2',
      price: Number.MAX_SAFE_INTEGER - 10,
      count: 1,
      payStatus: 1,
      payTime: T,
    });
    await inTransaction(db, async () => await projectPulledTrade(ctx(), pulled('P1')));
    const before = await report();
    await expect(
      inTransaction(db, async () => await projectPulledTrade(ctx(), pulled('P2'))),
    ).rejects.toThrow(RollupOverflowError);
    expect(await report()).toEqual(before);
    expect(db.$client.prepare('select bound from rollup_state').get()).toEqual({
      bound: Number.MAX_SAFE_INTEGER - 10,
    });
  });

  it('codes past the tables are kept, and 5,000 distinct ones do not use up the rollups', async () => {
    for (let style = 100; style < 5100; style++)
      await push(`PS-${style}`, { payStyle: style, payTime: T, createTime: T });
    expect(
      db.$client.prepare("select count(*) n from inbox where status <> 'processed'").get(),
    ).toEqual({ n: 0 });
    expect((await push('PS-24', { payStyle: 24, payTime: T, createTime: T })).body).toEqual({
      result: 'SUCCESS',
    });
    expect(inboxLast()).toEqual({ status: 'processed', error: null });
    expect((await report()).count).toBe(5001);
  });
});
