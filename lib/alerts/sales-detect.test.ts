import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { writeSetting } from '@/db/queries/settings-kv';
import { refitDemand } from '@/lib/forecast/job';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { historyMessages, type HistoryOptions } from '@/e2e/support/history';
import { statusMessage } from '@/e2e/support/messages';
import { evaluate } from './evaluate';

/**
 * The silent-failure kind over the app's own records (D96): a constructed history received
 * in-process at its own times, the app's fit, then the evaluator's full look.
 */
const HOUR = 3600;
/** 2025-11-26 15:00 +08:00, a Wednesday afternoon. */
const NOW = 1_764_140_400;

let db: Db;
let nonce = 0;
async function receive(
  kind: 'device' | 'trade' | 'status' | 'refill',
  payload: object,
  at: number,
) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  await receiveNotification(db, kind, body, at);
}

const BASE = { now: NOW, days: 14, perShelfPerDay: 30, capacity: 250, refillDays: 4 };
async function machine(o: Partial<HistoryOptions> & { assetId: string }) {
  const h = historyMessages({ ...BASE, ...o });
  for (const m of h.messages) await receive(m.kind, m.payload, m.t);
  return h.left;
}

async function silentAt(now: number) {
  await evaluate(db, { now, machines: null });
  return db.$client
    .prepare(
      "select asset_id as assetId, state, details from alerts where kind = 'salesBelowExpected' order by asset_id",
    )
    .all() as { assetId: string; state: string; details: string }[];
}

beforeEach(async () => {
  db = openDb(':memory:');
  nonce = 0;
  await writeSetting(db, 'alert-thresholds', { clearMinutes: 0 }, NOW - 30 * 86_400, 'test');
});

describe('salesBelowExpected', () => {
  it('raises for a machine whose sales stopped, with expected and actual, and ends at its next sales', async () => {
    await machine({ assetId: 'STOP', stopAt: NOW - 8 * HOUR });
    await machine({ assetId: 'OK' });
    await refitDemand(db, { now: NOW, windowDays: 14 });
    const [only, ...more] = await silentAt(NOW);
    expect(more).toEqual([]);
    expect(only).toMatchObject({ assetId: 'STOP', state: 'open' });
    const d = JSON.parse(only!.details) as Record<string, number>;
    expect(d.actual).toBe(0);
    // 6 h at 60 a day, the same every hour: 15.
    expect(d.expected).toBeGreaterThan(12);
    expect(d.expected).toBeLessThan(18);
    expect(d).toMatchObject({ hours: 6, from: NOW - 6 * HOUR });

    // The reader is mended: sales come back, and the first full look after the rule's five
    // minutes ends the alert.
    for (let i = 0; i < 8; i++)
      await receive(
        'trade',
        {
          id: `mended-${i}`,
          orderNo: `o-mended-${i}`,
          tradeNo: `t-mended-${i}`,
          assetId: 'STOP',
          cid: 'STOP',
          locationId: '1',
          goodsId: 'g-ginger',
          goodsName: '三得利蜜香暖姜',
          price: '500',
          payStatus: '1',
          deliverStatus: '0',
          count: '1',
          payStyle: '2',
          payTime: String(NOW + 60 + i),
          createTime: String(NOW + 50 + i),
        },
        NOW + 60 + i,
      );
    expect(await silentAt(NOW + 120)).toMatchObject([{ assetId: 'STOP', state: 'open' }]);
    expect(await silentAt(NOW + 301)).toMatchObject([{ assetId: 'STOP', state: 'resolved' }]);
  });

  it('leaves alone the machines whose silence other kinds explain', async () => {
    await machine({ assetId: 'OFFLINE', stopAt: NOW - 8 * HOUR });
    await machine({ assetId: 'DOOR', stopAt: NOW - 8 * HOUR });
    await machine({ assetId: 'BACK', stopAt: NOW - 8 * HOUR });
    await machine({ assetId: 'REFILLED', stopAt: NOW - 8 * HOUR });
    await refitDemand(db, { now: NOW, windowDays: 14 });
    await receive('status', statusMessage('OFFLINE', { online: 1 }), NOW - 7 * HOUR);
    await receive('status', statusMessage('DOOR', { doorState: 0 }), NOW - 7 * HOUR);
    // Offline until an hour ago: its window is that hour, about 2.5 units expected.
    await receive('status', statusMessage('BACK', { online: 1 }), NOW - 9 * HOUR);
    await receive('status', statusMessage('BACK', { online: 0 }), NOW - HOUR);
    // Refilled half an hour ago: the window starts there.
    const r = historyMessages({ ...BASE, assetId: 'REFILLED' }).messages.find(
      (m) => m.kind === 'refill',
    )!;
    await receive(
      'refill',
      { ...r.payload, refillTime: NOW - 1800, lastRefillTime: NOW - 86_400 },
      NOW - 1800,
    );
    expect(await silentAt(NOW)).toEqual([]);
  });

  it('never judges a quiet machine, nor one with every shelf empty', async () => {
    // 8 a day: 2 expected in 6 hours.
    await machine({ assetId: 'QUIET', perShelfPerDay: 4, stopAt: NOW - 8 * HOUR });
    // Sold its 2 × 40 units in the first days after its last refill, then nothing.
    await machine({ assetId: 'EMPTY', capacity: 40, refillDays: 20 });
    await refitDemand(db, { now: NOW, windowDays: 14 });
    expect(await silentAt(NOW)).toEqual([]);
  });

  it('looks back over the window Settings give it', async () => {
    // 120 a day (5 an hour), none for the last 3 hours.
    await machine({ assetId: 'STOP', perShelfPerDay: 60, stopAt: NOW - 3 * HOUR });
    await refitDemand(db, { now: NOW, windowDays: 14 });
    // 6 h: about 15 sold of 30 expected: low, not far below.
    expect(await silentAt(NOW)).toEqual([]);
    const window = async (hours: number) =>
      await writeSetting(
        db,
        'alert-thresholds',
        { clearMinutes: 0, kinds: { salesBelowExpected: { tolerance: hours } } },
        NOW,
        'test',
      );
    // 3 h: none sold of about 15.
    await window(3);
    const [alert] = await silentAt(NOW + 1);
    expect(alert).toMatchObject({ assetId: 'STOP', state: 'open' });
    expect(JSON.parse(alert!.details)).toMatchObject({ actual: 0, hours: 3 });
  });
});
