import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/trades';
import {
  parseTradeCursor,
  TRADE_SCAN_LIMIT,
  type TradeInsert,
  type TradeListParams,
} from '@/db/queries/trades';
import {
  machines as liteMachines,
  refillSettlements as liteRefills,
  trades as liteTrades,
} from '@/db/schema';
import {
  machines as pgMachines,
  refillSettlements as pgRefills,
  trades as pgTrades,
} from '@/db/engine/postgres/schema';
import * as pgq from './trades';
import { bothEngines } from './ingest-test-support';

const e = bothEngines();
const T0 = 1_780_000_000;

/** Trades in an order unlike their times: ties, timeless ones, a rare payment method. */
function trade(i: number): TradeInsert {
  const k = (i * 7919) % 5300;
  const timeless = k % 97 === 0;
  return {
    tradeId: `T${i}`,
    orderNo: `O${i % 50}`,
    tradeNo: `N${i % 40}`,
    assetId: `A${k % 3}`,
    goodsId: k % 5 ? `G${k % 4}` : null,
    price: 100 + (k % 9) * 50,
    count: 1 + (k % 2),
    payStyle: k % 1000 === 3 ? 9 : k % 4,
    payStatus: k % 11 ? 1 : 0,
    payTime: timeless || k % 13 === 0 ? null : T0 + Math.floor(k / 2) * 60,
    createTime: timeless ? null : T0 + Math.floor(k / 2) * 60 - 5,
    delivery: k % 6 ? 'delivered' : 'failed',
    refundStatus: k % 17 === 0 ? 2 : k % 19 === 0 ? 1 : k % 2 ? 0 : null,
    source: 'push',
    firstSeenAt: T0,
    updatedAt: T0,
  };
}

describe('trades (PostgreSQL parity)', () => {
  it('loads the same trades, visits and machines', async () => {
    const rows = Array.from({ length: 5300 }, (_, i) => trade(i + 1));
    for (let i = 0; i < rows.length; i += 1000) {
      e.lite
        .insert(liteTrades)
        .values(rows.slice(i, i + 1000))
        .run();
      await e.pg.insert(pgTrades).values(rows.slice(i, i + 1000));
    }
    const visits = [
      { assetId: 'A0', refillTime: T0 + 3600, lastRefillTime: T0 - 100 },
      { assetId: 'A0', refillTime: T0 + 7200, lastRefillTime: null },
      { assetId: 'A0', refillTime: T0 + 20_000, lastRefillTime: T0 + 10_000 },
      { assetId: 'A1', refillTime: T0 + 5000, lastRefillTime: null },
    ].map((v) => ({ ...v, source: 'push' as const, receivedAt: T0 }));
    e.lite.insert(liteRefills).values(visits).run();
    await e.pg.insert(pgRefills).values(visits);
    const ms = [
      { assetId: 'A0', name: '一号机', platform: 'smartvending' as const, origin: 'push' },
      { assetId: 'A1', name: null, platform: 'smartvending' as const, origin: 'push' },
      { assetId: 'A2', name: 'Lobby', platform: 'smartvending' as const, origin: 'push' },
    ].map((m) => ({ ...m, origin: 'placeholder' as const, createdAt: T0, updatedAt: T0 }));
    e.lite.insert(liteMachines).values(ms).run();
    await e.pg.insert(pgMachines).values(ms);
    // Loading, not a check of speed: 5,300 trades into both engines can pass the 5 s default
    // on a box the rest of the suite keeps busy.
  }, 60_000);

  /** Every page of a listing on both engines, compared page by page. */
  async function pages(p: TradeListParams, most = 40) {
    const seen: number[] = [];
    let a = await lite.listTrades(e.lite, p);
    for (let n = 0; n < most; n++) {
      const b = await pgq.listTrades(e.pg, p);
      expect(b).toEqual(a);
      seen.push(...b.items.map((r) => r.id));
      if (!b.nextCursor) return seen;
      p = { ...p, cursor: parseTradeCursor(b.nextCursor) };
      a = await lite.listTrades(e.lite, p);
    }
    return seen;
  }

  it('pages through the fleet oldest and newest first, timeless trades first and last', async () => {
    const up = await pages({ limit: 700 }, 20);
    expect(up).toHaveLength(5300);
    const down = await pages({ limit: 700, order: 'desc' }, 20);
    expect(down).toEqual([...up].reverse());
    const first = await pgq.listTrades(e.pg, { limit: 2 });
    expect(first.items.every((r) => r.payTime === null && r.createTime === null)).toBe(true);
    expect(first.nextCursor).toMatch(/^-1\.\d+$/);
  });

  it('filters by index and by scan, ranges and numbers', async () => {
    const cases: TradeListParams[] = [
      { limit: 50, assetId: 'A1', startTime: T0 + 3000, endTime: T0 + 90_000 },
      { limit: 10, orderNo: 'O7', order: 'desc' },
      { limit: 10, tradeNo: 'N3', assetId: 'A2' },
      { limit: 30, payStyle: 2, refunds: true },
      { limit: 25, goodsId: 'G1', delivery: 'failed', order: 'desc' },
      { limit: 40, refundStatus: 1, payStatus: 1, startTime: T0 },
    ];
    for (const p of cases) await pages(p);
    // A rare method: a page stops after TRADE_SCAN_LIMIT trades, and goes on from there.
    const rare = await pgq.listTrades(e.pg, { limit: 50, payStyle: 9 });
    expect(rare).toEqual(await lite.listTrades(e.lite, { limit: 50, payStyle: 9 }));
    expect(rare.items.length).toBeLessThan(50);
    expect(rare.nextCursor).not.toBeNull();
    expect(TRADE_SCAN_LIMIT).toBe(5000);
    const all = await pages({ limit: 50, payStyle: 9 });
    expect(all.length).toBe(await e.pg.$count(pgTrades, sql`pay_style = 9`));
  });

  it('finds the visits covering trades and a visit’s window', async () => {
    const rows = [
      { id: 1, assetId: 'A0', time: T0 },
      { id: 2, assetId: 'A0', time: T0 - 200 },
      { id: 3, assetId: 'A0', time: T0 + 5000 },
      { id: 4, assetId: 'A0', time: T0 + 9000 },
      { id: 5, assetId: 'A0', time: T0 + 15_000 },
      { id: 6, assetId: 'A1', time: null },
      { id: 7, assetId: 'A1', time: T0 + 4999 },
      { id: 8, assetId: 'A2', time: T0 },
    ];
    const b = await pgq.coveringVisits(e.pg, rows);
    expect([...b]).toEqual([...(await lite.coveringVisits(e.lite, rows))]);
    expect([...b]).toEqual([
      [1, 1],
      [3, 2],
      [5, 3],
      [7, 4],
    ]);
    expect(await pgq.coveringVisits(e.pg, [])).toEqual(new Map());
    for (const id of [1, 2, 3, 4, 99])
      expect(await pgq.visitWindow(e.pg, id)).toEqual(await lite.visitWindow(e.lite, id));
    expect(await pgq.visitWindow(e.pg, 2)).toEqual({
      assetId: 'A0',
      startTime: T0 + 3600,
      endTime: T0 + 7199,
    });
    expect(await pgq.visitWindow(e.pg, 4)).toMatchObject({ startTime: 0 });
  });

  it('names the machines of a page', async () => {
    const ids = ['A2', 'A1', 'A0', 'A2', 'A9'];
    const b = await pgq.machineNames(e.pg, ids);
    expect([...b]).toEqual([...(await lite.machineNames(e.lite, ids))]);
    expect([...b]).toEqual([
      ['A0', '一号机'],
      ['A2', 'Lobby'],
    ]);
    expect(await pgq.machineNames(e.pg, [])).toEqual(new Map());
  });
});
