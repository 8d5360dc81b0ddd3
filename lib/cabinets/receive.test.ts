import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import {
  eventsOf,
  getCabinetOrder,
  insertCabinetOrder,
  saveCabinetSnapshot,
} from '@/db/queries/cabinets';
import { detectedWithoutData } from '@/e2e/support/saas-shapes';
import { eventTime, receiveCallback, sha256 } from './orders';

const NOW = 1_764_754_000;
const TOKEN = 'the-token';

async function order() {
  const db = openDb(':memory:');
  const cabinet = { machineId: 'CAB', name: 'cabinet', signal: 5, temperature: '4' };
  await saveCabinetSnapshot(
    db,
    {
      ...cabinet,
      runningState: 1,
      currency: 'CNY',
      preAuthLimit: 5000,
      qrCodeUrl: null,
      goods: [],
    },
    NOW,
  );
  await insertCabinetOrder(db, {
    orderId: 'CO1',
    tokenHash: sha256(TOKEN),
    machineId: 'CAB',
    doorNo: 0,
    type: 'buy',
    state: 'requested',
    currency: 'CNY',
    createdAt: NOW,
    updatedAt: NOW,
  });
  return db;
}

describe('receiving a callback with its token (D73)', () => {
  it('answers SUCCESS to a body it cannot read, keeps it once and puts the order up for review', async () => {
    const db = await order();
    for (const body of ['{"OrderId":"CO1","Action":', '{"OrderId":"CO1","Action":']) {
      const r = await receiveCallback(db, 'CO1', TOKEN, body, NOW + 5);
      expect(r).toEqual({
        status: 200,
        action: 'unreadable',
        body: {
          result: 'SUCCESS',
          unreadable: { errorCode: 'INVALID_FIELD', message: 'the body is not JSON' },
        },
      });
    }
    const events = await eventsOf(db, ['CO1']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'system', action: 'unreadable' });
    expect(await getCabinetOrder(db, 'CO1')).toMatchObject({ state: 'needs_review' });
  });

  it('keeps bytes that are not UTF-8 and a callback for another order the same way', async () => {
    const db = await order();
    const bad = new Uint8Array([0x7b, 0xff, 0x7d]);
    expect((await receiveCallback(db, 'CO1', TOKEN, bad, NOW)).body).toMatchObject({
      result: 'SUCCESS',
      unreadable: { errorCode: 'INVALID_ENCODING' },
    });
    const other = '{"OrderId":"CO2","Action":"OpenedDoor"}';
    expect((await receiveCallback(db, 'CO1', TOKEN, other, NOW)).body).toMatchObject({
      unreadable: { errorCode: 'INVALID_FIELD' },
    });
    expect((await eventsOf(db, ['CO1'])).map((e) => e.msg?.split(':')[0])).toEqual([
      'not_utf8',
      'other_order',
    ]);
  });

  it('takes a callback lacking members as a callback, and one without its Data to review', async () => {
    const db = await order();
    const r = await receiveCallback(db, 'CO1', TOKEN, '{"Action":"OpenedDoor"}', NOW + 1);
    expect(r).toEqual({ status: 200, action: 'OpenedDoor', body: { result: 'SUCCESS' } });
    expect(await getCabinetOrder(db, 'CO1')).toMatchObject({ state: 'opened' });
    await receiveCallback(db, 'CO1', TOKEN, detectedWithoutData('CO1', '123'), NOW + 2);
    expect(await getCabinetOrder(db, 'CO1')).toMatchObject({
      state: 'needs_review',
      orderNo: '123',
    });
    expect((await eventsOf(db, ['CO1'])).map((e) => e.kind)).toEqual(['callback', 'callback']);
  });

  it('still refuses a wrong token: there is no order to keep it on', async () => {
    const db = await order();
    const r = await receiveCallback(db, 'CO1', 'nope', '{"Action":"OpenedDoor"}', NOW);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ errorCode: 'TOKEN_INVALID' });
    expect(await eventsOf(db, ['CO1'])).toEqual([]);
  });
});

describe('a callback’s own time', () => {
  it('is believed when it is not after receipt nor long before the order', () => {
    expect(eventTime(NOW + 10, NOW + 12, NOW)).toBe(NOW + 10);
    expect(eventTime(NOW + 13, NOW + 12, NOW)).toBe(NOW + 12);
    expect(eventTime(NOW - 301, NOW + 12, NOW)).toBe(NOW + 12);
    expect(eventTime(undefined, NOW + 12, NOW)).toBe(NOW + 12);
  });
});
