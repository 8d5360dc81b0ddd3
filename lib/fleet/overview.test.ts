import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import type { PushKind } from '@/db/schema';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { writeSetting } from '@/db/queries/settings-kv';
import { evaluate } from '@/lib/alerts/evaluate';
import { PICKUP_THROTTLE_ALERT_S } from '@/lib/alerts/detect';
import type { ThresholdsInput } from '@/lib/alerts/thresholds';
import { overview, salesComparison } from './overview';
import { recordCheckFailure } from '@/db/queries/pickup';

let db: Db;
let nonce = 0;
const T0 = 1_795_000_000; // a Monday afternoon in Shanghai

async function push(kind: PushKind, payload: Record<string, unknown>, at: number) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  const r = await receiveNotification(db, kind, body, at);
  expect(r.status).toBe(200);
}

const temper = (cid: string, right: number) => ({
  temperState: [
    {
      cid,
      temperDetail: {
        engyOnT: '0:0',
        engyOffT: '0:0',
        lampOnT: '0:0',
        lampOffT: '0:0',
        cryTemUL: 10,
        cryTemDL: 6,
        heatTemUL: 60,
        heatTemDL: 50,
        leftRmTem: 21,
        rightRmTem: right,
        leftRmRef: 0,
        rightRmRef: 1,
        leftRmHeat: 0,
        rightRmHeat: 0,
        lampNorOp: 1,
        lampAut: 0,
      },
    },
  ],
});

/** The evaluator's scan at `now`, then the overview's alerts: what a reader sees then. */
async function alertsAt(now: number) {
  await evaluate(db, { now, machines: null });
  return (await overview(db, { now, timeZone: 'Asia/Shanghai', withSales: false })).alerts;
}

const setThresholds = async (t: Partial<ThresholdsInput>) =>
  await writeSetting(db, 'alert-thresholds', t, T0, 'test');

beforeEach(async () => {
  db = openDb(':memory:');
  await push('device', deviceMessage('OK-1'), T0);
  await push(
    'status',
    statusMessage('OK-1', { online: 0, doorState: 1, isSale: 1, ...temper('OK-1', 8) }),
    T0,
  );
  await push('device', deviceMessage('BAD-1'), T0);
  await push('status', statusMessage('BAD-1', { online: 0, doorState: 1, isSale: 1 }), T0);
});

describe('fleet alerts', () => {
  it('raises nothing for a healthy fleet', async () => {
    expect(await alertsAt(T0 + 60)).toEqual([]);
  });

  it('waits for each threshold before an offline machine or an open door becomes an alert', async () => {
    await push('status', statusMessage('BAD-1', { online: 1, doorState: 0 }), T0 + 100);
    const soon = (await alertsAt(T0 + 100 + 5 * 60)).map((a) => a.kind);
    expect(soon).toEqual([]);
    const later = await alertsAt(T0 + 100 + 30 * 60);
    expect(later.map((a) => [a.kind, a.assetId, a.since])).toEqual([
      ['offline', 'BAD-1', T0 + 100],
      ['door', 'BAD-1', T0 + 100],
    ]);
  });

  it('flags a room outside its band, a fault, sold-out and low shelves, and silence', async () => {
    await setThresholds({ kinds: { temperature: { minutes: 0 } } });
    await push(
      'status',
      statusMessage('BAD-1', {
        ...temper('BAD-1', 14),
        vendingFault: [{ cid: 'BAD-1', pcode: '2', ccode: '01' }],
        shelvesState: [{ cid: 'BAD-1', shelvesId: '1', state: 1, soldoutTime: String(T0 + 50) }],
      }),
      T0 + 200,
    );
    // Refill left 3 teas on shelf 2 (valve 2); one sells: 2 left, at the threshold.
    const refill = refillMessage('BAD-1', T0 + 300);
    refill.shelfPaySales[0]!.stock = 3;
    await push('refill', refill, T0 + 300);
    await push(
      'trade',
      tradeMessage('t1', 'BAD-1', { payTime: String(T0 + 400), deliverStatus: '0' }),
      T0 + 400,
    );
    const alerts = await alertsAt(T0 + 500);
    const byKind = Object.fromEntries(alerts.map((a) => [a.kind, a]));
    expect(Object.keys(byKind).sort()).toEqual([
      'fault',
      'soldOut',
      'temperature',
      'underThreshold',
    ]);
    expect(byKind.temperature!.detail).toMatchObject({
      room: 'right',
      temperature: 14,
      low: 6,
      high: 10,
    });
    expect(byKind.fault!.detail).toMatchObject({ pcode: '2', ccode: '01' });
    expect(byKind.soldOut!.detail).toEqual({ shelves: 1 });
    expect(byKind.underThreshold!.detail).toEqual({ shelves: 1 });
    // Ordered by urgency: temperature before fault before shelves.
    expect(alerts.map((a) => a.kind)).toEqual([
      'temperature',
      'fault',
      'soldOut',
      'underThreshold',
    ]);
    // Six hours of silence from both machines.
    const quiet = (await alertsAt(T0 + 500 + 6 * 3600)).filter((a) => a.kind === 'stale');
    expect(quiet.map((a) => a.assetId).sort()).toEqual(['BAD-1', 'OK-1']);
  });
});

describe('pickup-code alerts', () => {
  it('raises a machine whose pickup checks were throttled within the hour, then lets it go', async () => {
    for (let i = 0; i < 10; i++)
      await recordCheckFailure(db, {
        assetId: 'BAD-1',
        code: String(1000000 + i),
        outcome: 'wrong_code',
        at: T0 + i,
        inboxId: null,
      });
    await recordCheckFailure(db, {
      assetId: 'BAD-1',
      code: '2000000',
      outcome: 'throttled',
      at: T0 + 20,
      inboxId: null,
    });
    const alerts = await alertsAt(T0 + 60);
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'pickupThrottled',
        assetId: 'BAD-1',
        since: T0 + 20,
        detail: { wrongCodes: 10, refused: 1 },
      }),
    ]);
    // Clear for the clear duration (5 minutes by default) before it resolves.
    const over = T0 + 20 + PICKUP_THROTTLE_ALERT_S + 1;
    expect((await alertsAt(over)).map((a) => a.kind)).toEqual(['pickupThrottled']);
    expect(await alertsAt(over + 5 * 60)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ kind: 'pickupThrottled' })]),
    );
  });
});

describe('overview figures', () => {
  it('counts the fleet and compares today with the same hours last week, in the fleet time zone', async () => {
    await push('status', statusMessage('BAD-1', { online: 1, isSale: 0, doorState: 0 }), T0 + 10);
    await push(
      'trade',
      tradeMessage('today', 'OK-1', { payTime: String(T0 - 3600), price: '450' }),
      T0,
    );
    await push(
      'trade',
      tradeMessage('week', 'OK-1', { payTime: String(T0 - 7 * 86400 - 3600), price: '300' }),
      T0,
    );
    await push(
      'trade',
      tradeMessage('late', 'OK-1', { payTime: String(T0 - 7 * 86400 + 3600), price: '900' }),
      T0,
    );
    const o = await overview(db, { now: T0, timeZone: 'Asia/Shanghai', withSales: true });
    expect(o.counts).toMatchObject({
      machines: 2,
      online: 1,
      offline: 1,
      sellable: 1,
      notSellable: 1,
      doorsOpen: 1,
    });
    expect(o.sales!.today).toMatchObject({ count: 1, amount: 450 });
    // The trade an hour after "now" last week is outside the same-hours window.
    expect(o.sales!.lastWeek).toMatchObject({ count: 1, amount: 300 });
    expect(
      (await overview(db, { now: T0, timeZone: 'Asia/Shanghai', withSales: false })).sales,
    ).toBeNull();
    const { today } = await salesComparison(db, T0, 'Asia/Shanghai');
    expect(new Date(today.from * 1000).toISOString()).toBe('2026-11-17T16:00:00.000Z');
  });
});

describe('a fleet with many alerts', () => {
  it('names the longest-standing of each kind and counts them all', async () => {
    // 600 machines, each with an open fault raised a second apart, and a sold-out shelf.
    for (let i = 0; i < 600; i++) {
      const id = `F-${String(i).padStart(3, '0')}`;
      await push('device', deviceMessage(id), T0);
      await push(
        'status',
        statusMessage(id, {
          vendingFault: [{ cid: id, pcode: '2', ccode: '01' }],
          shelvesState: [{ cid: id, shelvesId: '1', state: 1, soldoutTime: String(T0 + 600 - i) }],
        }),
        // Received after every sold-out time it states: a time ahead is not believed (D71).
        T0 + 600 + i,
      );
    }
    await evaluate(db, { now: T0 + 3600, machines: null });
    const o = await overview(db, { now: T0 + 3600, timeZone: 'Asia/Shanghai', withSales: false });
    expect(o.alertCounts.fault).toBe(600);
    expect(o.alertCounts.soldOut).toBe(600);
    const faults = o.alerts.filter((a) => a.kind === 'fault');
    expect(faults).toHaveLength(200);
    expect(faults[0]!.assetId).toBe('F-000'); // raised first
    expect(faults.at(-1)!.assetId).toBe('F-199');
    const soldOut = o.alerts.filter((a) => a.kind === 'soldOut');
    expect(soldOut).toHaveLength(200);
    expect(soldOut[0]!.assetId).toBe('F-599'); // sold out first
    expect(o.counts.soldOutShelves).toBe(600);
  }, 60_000); // 1,200 pushes, each its own commit: seconds on a busy shared machine
});
