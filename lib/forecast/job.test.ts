import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import type { PushKind } from '@/db/schema';
import { deviceMessage, refillMessage, tradeMessage } from '@/e2e/support/messages';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { refitDemand } from './job';
import { machineForecasts, shelfForecasts } from './shelves';

const H = 3600;
const D = 86_400;
// Monday 2026-09-07 00:00 in Shanghai; eight weeks of history after it.
const START = Date.UTC(2026, 8, 6, 16) / 1000;
const END = START + 56 * D;

let db: Db;
let nonce = 0;
async function push(kind: PushKind, payload: Record<string, unknown>) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `f${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  await receiveNotification(db, kind, body, END + D);
}

const shelf = (locationId: string, goodsId: string, stock: number) => ({
  cid: 'F1',
  locationId,
  goodsId,
  goodsName: goodsId,
  goodsNumber: '1',
  price: 300,
  stock,
  refillCount: 0,
  paySales: [],
});

let id = 0;
const sale = async (at: number, locationId: string, goodsId: string) =>
  await push(
    'trade',
    tradeMessage(`t${++id}`, 'F1', {
      locationId,
      goodsId,
      payTime: String(at),
      createTime: String(at - 20),
    }),
  );

/**
 * Weekly refills on Monday 07:00 (ginger 20, tea 12). Tea sells three a day (08:00, 13:00,
 * 18:00) while it has any: gone by Thursday evening, empty three days a week. Ginger sells one
 * a day at noon and never runs out.
 */
async function history(weeks: number, fromWeek = 0) {
  for (let w = fromWeek; w < weeks; w++) {
    const refill = START + w * 7 * D + 7 * H;
    await push(
      'refill',
      refillMessage('F1', refill, {
        shelfPaySales: [shelf('1', 'g-ginger', 20), shelf('2', 'g-tea', 12)],
        lastRefillTime: refill - 7 * D,
      }),
    );
    let tea = 12;
    for (let d = 0; d < 7; d++) {
      const day = START + w * 7 * D + d * D;
      await sale(day + 12 * H + 30 * 60, '1', 'g-ginger');
      for (const hour of [8, 13, 18]) {
        if (tea === 0 || day + hour * H <= refill) continue;
        await sale(day + hour * H, '2', 'g-tea');
        tea--;
      }
    }
  }
}

/** The machine: ginger on shelf 1, `second` (tea unless changed) on shelf 2. */
const planogram = (second: string) =>
  deviceMessage('F1', {
    containers: [
      {
        cid: 'F1',
        type: 1,
        shelves: [
          {
            location_id: '1',
            goods_id: 'g-ginger',
            goods_name: '姜茶',
            price: '500',
            capacity: 20,
            valve: 3,
          },
          {
            location_id: '2',
            goods_id: second,
            goods_name: second,
            price: '300',
            capacity: 12,
            valve: 2,
          },
        ],
      },
    ],
  });

beforeEach(async () => {
  db = openDb(':memory:');
  nonce = 0;
  id = 0;
  await push('device', planogram('g-tea'));
});

describe('the fit job on the app’s own records', () => {
  it('learns each shelf’s rate while stocked, not its average', async () => {
    await history(8);
    const fit = await refitDemand(db, { now: END, windowDays: 56 });
    expect(fit.machines).toHaveLength(1);
    const [m] = fit.machines;
    const rate = (loc: string) => m!.shelves.find((s) => s.locationId === loc)!.unitsPerDay;
    // Tea: 12 a week, but all in four days: about three a day while stocked (naive: 1.7).
    expect(rate('2')).toBeGreaterThan(2.5);
    expect(rate('2')).toBeLessThan(3.6);
    expect(rate('1')).toBeCloseTo(1, 0);
  });

  it('a machine two weeks old is not diluted by the weeks before it existed', async () => {
    await history(8, 6);
    const fit = await refitDemand(db, { now: END, windowDays: 56 });
    const rate = (loc: string) =>
      fit.machines[0]!.shelves.find((s) => s.locationId === loc)!.unitsPerDay;
    // Two weeks of one ginger a day: one a day, not 14 over 56 days.
    expect(rate('1')).toBeCloseTo(1, 0);
    expect(rate('2')).toBeGreaterThan(2.5);
  });

  it('predicts from the estimated stock now, and the machine’s earliest', async () => {
    await history(8);
    await refitDemand(db, { now: END, windowDays: 56 });
    // A ninth refill on Monday 07:00, then Monday's 08:00 and 13:00 teas: 10 left at 14:00.
    await push(
      'refill',
      refillMessage('F1', END + 7 * H, {
        shelfPaySales: [shelf('1', 'g-ginger', 20), shelf('2', 'g-tea', 12)],
      }),
    );
    await sale(END + 8 * H, '2', 'g-tea');
    await sale(END + 13 * H, '2', 'g-tea');
    const now = END + 14 * H;
    const shelves = await shelfForecasts(db, { assetIds: ['F1'] }, now);
    const tea = shelves.find((s) => s.locationId === '2')!;
    expect(tea.estimatedStock).toBe(10);
    // Ten at three a day, sold in the hours it sells: about three and a bit days.
    const days = (tea.predictedSoldOutAt! - now) / D;
    expect(days).toBeGreaterThan(2.5);
    expect(days).toBeLessThan(4.5);
    expect(tea.early!).toBeLessThan(tea.predictedSoldOutAt!);
    expect(tea.late!).toBeGreaterThan(tea.predictedSoldOutAt!);
    const machine = (await machineForecasts(db, { assetIds: ['F1'] }, now)).get('F1')!;
    expect(machine.earliestShelf?.locationId).toBe('2');
    expect(machine.earliestSoldOutAt).toBe(tea.predictedSoldOutAt);
  });

  it('a shelf whose goods changed since the fit has no rate until the next fit', async () => {
    await history(8);
    await refitDemand(db, { now: END, windowDays: 56 });
    await push('device', planogram('g-cola'));
    const tea = (await shelfForecasts(db, { assetIds: ['F1'] }, END + H)).find(
      (s) => s.locationId === '2',
    )!;
    expect(tea.demandPerDay).toBeNull();
    // Still empty by the estimate (no refill since), but no band: nothing is predicted.
    expect(tea.estimatedStock).toBe(0);
    expect(tea.early).toBeNull();
  });
});
