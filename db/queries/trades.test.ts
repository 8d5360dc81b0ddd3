import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { tradeMessage } from '@/e2e/support/messages';
import { receiveNotification } from '@/lib/notify/receive';
import { signBody } from '@/lib/signing';
import { listTrades, parseTradeCursor, TRADE_SCAN_LIMIT } from './trades';

/** Trades received through the real receiver, then listed a page at a time. */
let db: Db;
const T0 = 1_795_000_000;
let n = 0;

function trade(assetId: string, payTime: number, overrides: Record<string, unknown> = {}) {
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
  expect(receiveNotification(db, 'trade', body, payTime).status).toBe(200);
}

beforeAll(() => {
  db = openDb(':memory:');
  inTransaction(db, () => {
    // Received out of order: the list follows the trades' times, not their arrival.
    for (let i = 0; i < TRADE_SCAN_LIMIT + 100; i++) trade(i % 2 ? 'A' : 'B', T0 + 10 * i);
    trade('A', T0 - 5, { payStyle: '23' });
    trade('B', T0 + 10 * (TRADE_SCAN_LIMIT + 200), { payStyle: '23' });
  });
});

const all = (p: Omit<Parameters<typeof listTrades>[1], 'cursor'>) => {
  const pages: ReturnType<typeof listTrades>[] = [];
  let cursor: string | null = null;
  do {
    const page = listTrades(db, { ...p, cursor: cursor ? parseTradeCursor(cursor) : undefined });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
};

describe('the trade list', () => {
  it('pages through every trade once, in the order they count', () => {
    const pages = all({ limit: 1000 });
    const times = pages.flatMap((p) => p.items.map((t) => t.payTime!));
    expect(times).toHaveLength(TRADE_SCAN_LIMIT + 102);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(pages.flatMap((p) => p.items.map((t) => t.id))).size).toBe(times.length);
  });

  it('keeps to a time window and a machine', () => {
    const items = all({ limit: 100, assetId: 'A', startTime: T0, endTime: T0 + 100 }).flatMap(
      (p) => p.items,
    );
    expect(items.map((t) => t.payTime)).toEqual([T0 + 10, T0 + 30, T0 + 50, T0 + 70, T0 + 90]);
  });

  it('examines a bounded number of trades per page for a rare payment method', () => {
    const pages = all({ limit: 100, payStyle: 23 });
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
});
