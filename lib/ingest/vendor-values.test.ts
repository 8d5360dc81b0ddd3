import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { listTrades } from '@/db/queries/trades';
import type { PushKind } from '@/db/schema';
import { machineDetail } from '@/lib/fleet/machines';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { overview } from '@/lib/fleet/overview';
import { evaluate } from '@/lib/alerts/evaluate';
import { writeSetting } from '@/db/queries/settings-kv';
import { signBody } from '@/lib/platforms/signing';
import { salesStatistic } from '@/lib/sales/stats';
import { machineTemperatures } from '@/lib/fleet/temperatures';
import { deviceMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { byte, vendorFreezerStatus, vendorTrade } from '@/e2e/support/vendor-values';
import { projectPulledTrade } from './pulled-trade';

const TZ = 'Asia/Shanghai';
/** 2025-11-23 08:00 +08:00. */
const R = 1_763_856_000;
const HOUR = 3600;

let db: Db;
let nonce = 0;
async function push(kind: PushKind, payload: Record<string, unknown>, receivedAt: number) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  return await receiveNotification(db, kind, body, receivedAt);
}
const trade = async (tradeId: string) =>
  (await listTrades(db, { limit: 100 })).items.find((t) => t.tradeId === tradeId)!;
const day = async (assetId: string, from: number) =>
  (
    await salesStatistic(db, {
      startTime: from,
      endTime: from + 86_399,
      assetIds: [assetId],
      timeZone: TZ,
    })
  )[0]!;
/** The overview after the alert evaluator's scan at `now` (D85). */
const alerts = async (now: number) => {
  await evaluate(db, { now, machines: null });
  return await overview(db, { now, timeZone: TZ, withSales: false });
};

beforeEach(async () => {
  db = openDb(':memory:');
  nonce = 0;
  // Raised and resolved at once: these tests are about what the vendor sends, not hysteresis.
  await writeSetting(
    db,
    'alert-thresholds',
    { clearMinutes: 0, kinds: { temperature: { minutes: 0 } } },
    R,
    'test',
  );
});

describe('a machine whose clock runs ahead (D71)', () => {
  it('counts a trade stated two hours ahead at its receipt, keeps the stated time, flags it', async () => {
    await push('device', deviceMessage('A1'), R - HOUR);
    const stated = R + 2 * HOUR;
    expect((await push('trade', vendorTrade('T1', 'A1', stated), R)).body).toEqual({
      result: 'SUCCESS',
    });
    expect(await trade('T1')).toMatchObject({
      payTime: R,
      payTimeStated: stated,
      createTime: R,
      createTimeStated: stated - 20,
      execTs: stated + 6,
    });
    expect((await machineDetail(db, 'A1'))!.clockAhead).toEqual({
      by: 2 * HOUR,
      since: R,
      seenAt: R,
    });
    const o = await alerts(R + 60);
    expect(o.alertCounts.clockAhead).toBe(1);
    expect(o.alerts.find((a) => a.kind === 'clockAhead')).toMatchObject({
      assetId: 'A1',
      since: R,
      detail: { aheadBy: 2 * HOUR },
    });
    // 2025-11-23 is the day it counts on, not the stated hour's.
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ count: 1, amount: 300 });
  });

  it('files a trade at the edge of a day by its receipt: a stated tomorrow counts today', async () => {
    const lateEvening = R + 15 * HOUR + 50 * 60; // 23:50 +08:00
    await push('trade', vendorTrade('T1', 'A1', lateEvening + 2 * HOUR), lateEvening);
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ count: 1 });
    expect(await day('A1', R + 16 * HOUR)).toMatchObject({ count: 0 });
  });

  it('keeps the believed time when the same trade comes again, refunded, or pulled', async () => {
    const stated = R + 2 * HOUR;
    await push('trade', vendorTrade('T1', 'A1', stated, { deliverStatus: '3' }), R);
    // The refund push, ten minutes later: the same payTime, stated in seconds this time.
    const refunded = vendorTrade('T1', 'A1', stated, {
      payTime: String(stated),
      deliverStatus: '3',
      refundStatus: '2',
      refundFee: '300',
      refundTime: String((stated + 600) * 1000),
    });
    await push('trade', refunded, R + 600);
    expect(await trade('T1')).toMatchObject({
      payTime: R,
      payTimeStated: stated,
      refundStatus: 2,
      refundTime: R + 600,
      refundTimeStated: stated + 600,
    });
    // A sync reads the platform's record of it, stated as the machine stated it.
    await inTransaction(
      db,
      async () =>
        await projectPulledTrade(
          { db, clientId: 'unit-client', inboxId: 0, receivedAt: R + 3 * HOUR },
          {
            orderNo: vendorTrade('T1', 'A1', stated).orderNo,
            assetId: 'A1',
            payTime: stated,
            createTime: stated - 20,
            payStatus: 1,
            price: 300,
            count: 1,
            payStyle: 23,
          },
        ),
    );
    expect((await listTrades(db, { limit: 100 })).items).toHaveLength(1);
    expect(await trade('T1')).toMatchObject({ payTime: R, createTime: R });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ count: 1, amount: 0, refundAmount: 300 });
  });

  it('lets the flag go when the machine states a right time again', async () => {
    await push('trade', vendorTrade('T1', 'A1', R + 2 * HOUR), R);
    await push('trade', vendorTrade('T2', 'A1', R + 2 * HOUR + 60), R + 60);
    expect((await machineDetail(db, 'A1'))!.clockAhead).toEqual({
      by: 2 * HOUR,
      since: R,
      seenAt: R + 60,
    });
    // A late redelivery of an old trade says nothing about the clock.
    await push('trade', tradeMessage('OLD', 'A1', { payTime: R - 86_400 }), R + 120);
    expect((await machineDetail(db, 'A1'))!.clockAhead).not.toBeNull();
    await push('trade', vendorTrade('T3', 'A1', R + 170), R + 180);
    expect((await machineDetail(db, 'A1'))!.clockAhead).toBeNull();
    expect(await trade('T3')).toMatchObject({ payTime: R + 170, payTimeStated: null });
    expect((await alerts(R + 200)).alertCounts.clockAhead).toBe(0);
  });

  it('orders the trade list by the believed time', async () => {
    await push('trade', vendorTrade('AHEAD', 'A1', R + 2 * HOUR), R);
    await push('trade', vendorTrade('NEXT', 'A2', R + 60), R + 60);
    expect((await listTrades(db, { limit: 10 })).items.map((t) => t.tradeId)).toEqual([
      'AHEAD',
      'NEXT',
    ]);
  });

  it('reads a sold-out time ahead, or before the shelf was last known in stock, as the receipt', async () => {
    await push('device', deviceMessage('A1'), R - 86_400);
    await push(
      'status',
      statusMessage('A1', {
        shelvesState: [
          { cid: 'A1', shelvesId: '1', state: 0 },
          { cid: 'A1', shelvesId: '2', state: 0 },
        ],
      }),
      R - HOUR,
    );
    await push(
      'status',
      statusMessage('A1', {
        shelvesState: [
          { cid: 'A1', shelvesId: '1', state: 1, soldoutTime: (R - 2 * HOUR) * 1000 },
          { cid: 'A1', shelvesId: '2', state: 1, soldoutTime: String(R + HOUR) },
        ],
      }),
      R,
    );
    const shelves = (await machineDetail(db, 'A1'))!.containers[0]!.shelves;
    expect(shelves.map((s) => [s.locationId, s.soldoutTime])).toEqual([
      ['1', R],
      ['2', R],
    ]);
    // A shelf that just sold out says how the clock stands; one listed sold out again does not.
    expect((await machineDetail(db, 'A1'))!.clockAhead).toMatchObject({ by: HOUR });
    // A believable time is kept; a repeat of the sold-out shelf keeps the time it had.
    await push(
      'status',
      statusMessage('A1', {
        shelvesState: [{ cid: 'A1', shelvesId: '2', state: 1, soldoutTime: 232341231 }],
      }),
      R + 600,
    );
    expect((await machineDetail(db, 'A1'))!.containers[0]!.shelves[1]!.soldoutTime).toBe(R);
    await push(
      'status',
      statusMessage('A1', {
        shelvesState: [{ cid: 'A1', shelvesId: '2', state: 1, soldoutTime: R + 1200 }],
      }),
      R + 1200,
    );
    expect((await machineDetail(db, 'A1'))!.clockAhead).toMatchObject({ by: HOUR });
  });
});

describe('temperatures and chambers as the vendor sends them (D71)', () => {
  it('stores −6 °C, no sensor and the chambers, and neither charts nor alerts a missing sensor', async () => {
    await push('device', deviceMessage('F1'), R - HOUR);
    await push('status', vendorFreezerStatus('F1'), R);
    const m = (await machineDetail(db, 'F1'))!;
    expect(m.temperatures).toEqual([
      expect.objectContaining({
        cid: 'master',
        cryTemUL: -4,
        cryTemDL: -18,
        leftRmTem: -6,
        rightRmTem: null,
        chambers: { wh1: -16, wh2: -10, wh3: null },
      }),
    ]);
    const series = await machineTemperatures(db, { assetId: 'F1', from: R - HOUR, to: R + HOUR });
    const [point] = series.containers[0]!.points;
    expect(point).toMatchObject({
      left: { value: -6, excursion: null },
      right: null,
      leftBand: { mode: 'cooling', low: -18, high: -4 },
      chambers: { wh1: { value: -16 }, wh2: { value: -10 } },
      chamberBand: { mode: 'cooling', low: -18, high: -4 },
    });
    expect(Object.keys(point!.chambers)).toEqual(['wh1', 'wh2']);
    expect((await alerts(R + 60)).alertCounts.temperature).toBe(0);
  });

  it('alerts a chamber outside the band its rooms share, by its name', async () => {
    const warm = vendorFreezerStatus('F1');
    warm.temperState[0]!.temperDetail.commonField = JSON.stringify({ wh1: 3, wh2: byte(-10) });
    await push('status', warm, R);
    const o = await alerts(R + 60);
    expect(o.alerts.filter((a) => a.kind === 'temperature').map((a) => a.detail)).toEqual([
      {
        cid: 'master',
        room: 'wh1',
        temperature: 3,
        low: -18,
        high: -4,
        mode: 'cooling',
        // Its only reading: out of band at least since then, at its peak (D81).
        peak: 3,
        latestAt: R,
        minutesOut: 0,
        atLeast: 1,
      },
    ]);
  });

  it('shows flags of −1 as unknown, counted neither online nor offline', async () => {
    await push('status', statusMessage('U1', { online: '-1', isSale: -1, vmcOnline: '-1' }), R);
    const m = (await machineDetail(db, 'U1'))!;
    expect([m.online, m.sellable, m.vmcOk]).toEqual([null, null, null]);
    expect(m.status).toMatchObject({ online: -1, isSale: -1, vmcOnline: -1 });
    const o = await alerts(R + 86_400);
    expect(o.counts).toMatchObject({ offline: 0, online: 0, notSellable: 0, sellable: 0 });
    expect(o.alertCounts.offline).toBe(0);
  });
});

describe('codes past the V0.9 tables (D71)', () => {
  const sell = async (id: string, at: number, o: Record<string, unknown>) =>
    await push('trade', vendorTrade(id, 'A1', at, o), at + 5);

  it('counts payStyle 23 and an unnamed code in the totals, as "other"', async () => {
    await sell('P23', R, { payStyle: '23' });
    await sell('P99', R + 60, { payStyle: '99', price: '150' });
    await sell('P2', R + 120, { payStyle: '2', price: '200' });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({
      count: 3,
      amount: 650,
      onlineCount: 3,
      otherCount: 2,
      otherAmount: 450,
      wechatAmount: 200,
    });
  });

  it('does not count a payment that timed out (payStatus 3) or one in an unknown state', async () => {
    await sell('TIMEOUT', R, { payStatus: '3' });
    await sell('WHAT', R + 60, { payStatus: '7' });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ count: 0, amount: 0 });
    expect(await trade('TIMEOUT')).toMatchObject({ payStatus: 3 });
    // A timed-out payment that is then reported paid is a sale; a paid one stays paid.
    await sell('TIMEOUT', R, { payStatus: '1' });
    await sell('WHAT', R + 60, { payStatus: '1' });
    await sell('WHAT', R + 60, { payStatus: '7' });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ count: 2, amount: 600 });
  });

  it('keeps deliverStatus 4 and 5 raw, never as delivered, and lets a known state override it', async () => {
    await sell('D5', R, { deliverStatus: '5' });
    expect(await trade('D5')).toMatchObject({ deliverStatus: 5, delivery: 'unknown' });
    await sell('D5', R, { deliverStatus: '0' });
    expect(await trade('D5')).toMatchObject({ deliverStatus: 0, delivery: 'delivered' });
    await sell('D5', R, { deliverStatus: '4' });
    expect(await trade('D5')).toMatchObject({ deliverStatus: 0, delivery: 'delivered' });
  });

  it('never counts refundStatus 4 or 5 as refunded money, nor lets it undo a refund', async () => {
    await sell('R4', R, { refundStatus: '4', refundFee: '300' });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ amount: 300, refundAmount: 0 });
    await sell('R4', R, { refundStatus: '2', refundFee: '300' });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ amount: 0, refundAmount: 300 });
    await sell('R4', R, { refundStatus: '5', refundFee: '300' });
    expect(await trade('R4')).toMatchObject({ refundStatus: 2 });
    expect(await day('A1', R - 8 * HOUR)).toMatchObject({ amount: 0, refundAmount: 300 });
  });
});
