import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { tradeMessage } from '@/e2e/support/messages';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { listTrades, parseTradeCursor, TRADE_SCAN_LIMIT } from '@/db/queries/trades';

/** Trades received through the real receiver, then listed a page at a time. */
let db: Db;
const T0 = 1_795_000_000;
let n = 0;

async function trade(assetId: string, payTime: number, overrides: Record<string, unknown> = {}) {
  const id = `lt-${++n}`;
  const body = signBody(
    {
      clientId: 'unit-client',
      nonce_str: id,
      ...tradeMessage(id, assetId, { payTime: String(payTime), ...overrides }),
    },
    'unit-key',
    'ampersand',
  );
  expect((await receiveNotification(db, 'trade', body, payTime)).status).toBe(200);
}

beforeAll(async () => {
  db = openDb(':memory:');
  await inTransaction(db, async () => {
    // Received out of order: the list follows the trades' times, not their arrival.
    for (let i = 0; i < TRADE_SCAN_LIMIT + 100; i++) await trade(i % 2 ? 'A' : 'B', T0 + 10 * i);
    await trade('A', T0 - 5, { payStyle: '23' });
    await trade('B', T0 + 10 * (TRADE_SCAN_LIMIT + 200), { payStyle: '23' });
    await trade('C', T0 + 3, { refundStatus: '2', refundFee: '300', refundTime: String(T0 + 60) });
  });
});

const all = async (p: Omit<Parameters<typeof listTrades>[1], 'cursor'>) => {
  const pages: Awaited<ReturnType<typeof listTrades>>[] = [];
  let cursor: string | null = null;
  do {
    const page = await listTrades(db, {
      ...p,
      cursor: cursor ? parseTradeCursor(cursor) : undefined,
    });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
};

describe('the trade list', () => {
  it('pages through every trade once, in the order they count', async () => {
    const pages = await all({ limit: 1000 });
    const times = pages.flatMap((p) => p.items.map((t) => t.payTime!));
    expect(times).toHaveLength(TRADE_SCAN_LIMIT + 103);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(pages.flatMap((p) => p.items.map((t) => t.id))).size).toBe(times.length);
  });

  it('keeps to a time window and a machine', async () => {
    const items = (
      await all({ limit: 100, assetId: 'A', startTime: T0, endTime: T0 + 100 })
    ).flatMap((p) => p.items);
    expect(items.map((t) => t.payTime)).toEqual([T0 + 10, T0 + 30, T0 + 50, T0 + 70, T0 + 90]);
  });

  it('examines a bounded number of trades per page for a rare payment method', async () => {
    const pages = await all({ limit: 100, payStyle: 23 });
    // The first page finds one early on; the second examines its limit and stops short with a
    // cursor; the last finds the other one.
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flatMap((p) => p.items.map((t) => t.payTime))).toEqual([
      T0 - 5,
      T0 + 10 * (TRADE_SCAN_LIMIT + 200),
    ]);
  });

  it('refuses a cursor it did not give', () => {
    expect(parseTradeCursor('12')).toBeUndefined();
    expect(parseTradeCursor('1.2.3')).toBeUndefined();
    expect(parseTradeCursor('1795000000.42')).toEqual({ time: 1_795_000_000, id: 42 });
  });

  it('pages newest first as well, each trade once', async () => {
    const pages = await all({ limit: 1000, order: 'desc' });
    const times = pages.flatMap((p) => p.items.map((t) => t.payTime!));
    expect(times).toHaveLength(TRADE_SCAN_LIMIT + 103);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('finds a trade by its order or trade number through their own indexes', async () => {
    const [one] = (await all({ limit: 10, assetId: 'C' }))[0]!.items;
    expect((await all({ limit: 10, orderNo: one!.orderNo! }))[0]!.items.map((t) => t.id)).toEqual([
      one!.id,
    ]);
    expect((await all({ limit: 10, tradeNo: one!.tradeNo! }))[0]!.items.map((t) => t.id)).toEqual([
      one!.id,
    ]);
    const plan = (column: string) =>
      db.$client
        .prepare(`explain query plan select id from trades where ${column} = ? order by 1`)
        .all('x')
        .map((r) => (r as { detail: string }).detail)
        .join(' ');
    expect(plan('order_no')).toContain('trades_order_no_idx');
    expect(plan('trade_no')).toContain('trades_trade_no_idx');
  });

  it('lists refunds only, and by refund state', async () => {
    const refunds = (await all({ limit: 100, refunds: true })).flatMap((p) => p.items);
    expect(refunds.map((t) => [t.payTime, t.refundFee])).toEqual([[T0 + 3, 300]]);
    expect((await all({ limit: 100, refundStatus: 2 })).flatMap((p) => p.items)).toHaveLength(1);
    expect((await all({ limit: 100, refundStatus: 1 })).flatMap((p) => p.items)).toHaveLength(0);
  });
});
