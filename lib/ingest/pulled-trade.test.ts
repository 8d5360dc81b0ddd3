import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { PROJECTIONS } from '@/lib/ingest';
import type { TradeMessage } from '@/lib/ingest/push/schemas';
import type { PulledTrade } from '@/lib/platforms/smartvending/schemas';
import { salesStatistic } from '@/lib/sales/stats';
import { projectPulledTrade, pullDelivery } from './pulled-trade';
import { mapSeries } from '@/lib/ops/series';

const TZ = 'Asia/Shanghai';
const T0 = 1_737_302_400;
let db: Db;
let clock = T0;
const ctx = () => ({ db, clientId: 'unit-client', inboxId: 0, receivedAt: ++clock });

const push = (m: Partial<TradeMessage> & { id: string }) =>
  PROJECTIONS.trade.project(ctx(), {
    clientId: 'unit-client',
    nonce_str: m.id,
    sign: 'x',
    assetId: 'A1',
    ...m,
  });
const pulled = (orderNo: string, f: Partial<PulledTrade> = {}): PulledTrade => ({
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
  ...f,
});
const rows = () =>
  db.$client
    .prepare('SELECT trade_id, order_no, source, delivery, refund_status FROM trades ORDER BY id')
    .all() as { trade_id: string; order_no: string; source: string; delivery: string }[];
const stat = async (source?: 'raw') =>
  (
    await salesStatistic(db, {
      startTime: T0,
      endTime: T0 + 86_400,
      assetIds: ['A1'],
      timeZone: TZ,
      source,
    })
  )[0]!;

beforeEach(() => {
  db = openDb(':memory:');
});

describe('a §3.2 trade and its §3.1 push are one trade, counted once', () => {
  it('pull first: stored under its order number, then taken over by the push', async () => {
    expect(await projectPulledTrade(ctx(), pulled('O1'))).toBe('inserted');
    expect(rows()).toMatchObject([{ trade_id: 'order:O1', source: 'pull', delivery: 'delivered' }]);
    await push({
      id: 'T1',
      orderNo: 'O1',
      price: 300,
      count: 1,
      payStyle: 2,
      payStatus: 1,
      payTime: T0 + 100,
      deliverStatus: 0,
    });
    expect(rows()).toMatchObject([{ trade_id: 'T1', order_no: 'O1', source: 'push' }]);
    expect(await stat()).toMatchObject({ count: 1, amount: 300, wechatAmount: 300 });
    expect(await stat()).toEqual(await stat('raw'));
  });

  it('push first: the pull merges into it, keeps its id and its delivery code', async () => {
    await push({
      id: 'T2',
      orderNo: 'O2',
      price: 300,
      count: 1,
      payStyle: 2,
      payStatus: 1,
      payTime: T0 + 100,
      deliverStatus: 3,
    });
    // It adds what only §3.2 carries (cost), but not its own delivery code over a final one.
    expect(await projectPulledTrade(ctx(), pulled('O2', { deliverStatus: 1 }))).toBe('updated');
    expect(rows()).toMatchObject([{ trade_id: 'T2', source: 'push', delivery: 'failed' }]);
    // A refund the pushes have not told us about yet comes with the pull (D4: forward only).
    expect(await projectPulledTrade(ctx(), pulled('O2', { refundStatus: 2, refundFee: 300 }))).toBe(
      'updated',
    );
    expect(await stat()).toMatchObject({ count: 1, amount: 0, refundAmount: 300 });
    // A late push of the paid state does not undo the refund.
    await push({ id: 'T2', orderNo: 'O2', payStatus: 1, refundStatus: 0, refundFee: 0 });
    expect(await stat()).toMatchObject({ count: 1, amount: 0 });
    expect(await stat()).toEqual(await stat('raw'));
    expect(rows()).toHaveLength(1);
  });

  it('the same page imported twice changes nothing', async () => {
    const page = [pulled('O3'), pulled('O4', { payStyle: 4, price: 500, cost: 500 })];
    expect(await mapSeries(page, async (t) => await projectPulledTrade(ctx(), t))).toEqual([
      'inserted',
      'inserted',
    ]);
    expect(await mapSeries(page, async (t) => await projectPulledTrade(ctx(), t))).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(await stat()).toMatchObject({
      count: 2,
      amount: 800,
      cashAmount: 500,
      outlineAmount: 500,
    });
    expect(await stat()).toEqual(await stat('raw'));
  });

  it('maps §3.2 delivery codes, which differ from the push codes', () => {
    expect([0, 3, 1, 2, 9, undefined].map(pullDelivery)).toEqual([
      'delivered',
      'pending',
      'no_stock',
      'no_such_goods',
      'unknown',
      undefined,
    ]);
  });
});
