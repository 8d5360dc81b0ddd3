import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { listInbox } from '@/db/queries/inbox';
import { getPickupCode, listThrottledMachines } from '@/db/queries/pickup';
import { signBody } from '@/lib/platforms/signing';
import { issuePickupCodes } from './issue';
import { receivePickup } from './receive';
import { createCodesSchema } from './schemas';
import { WRONG_CODE_LIMIT } from './rules';

const NOW = 1_763_856_000;
let db: Db;
let nonce = 0;

const signed = (payload: Record<string, unknown>, key = 'unit-key') =>
  signBody({ clientId: 'unit-client', nonceStr: `p${++nonce}`, ...payload }, key, 'ampersand');

async function issue(over: Record<string, unknown> = {}) {
  const r = await issuePickupCodes(db, createCodesSchema(NOW).parse({ fee: 350, ...over }), {
    now: NOW,
  });
  if (!r.ok) throw new Error(r.message);
  return r.items[0]!.code;
}

beforeEach(() => {
  db = openDb(':memory:');
});

describe('receivePickup', () => {
  it('checks, uses, and then answers the check with codeStatus 2', async () => {
    const code = await issue({ goodsNumber: 'G1' });
    const check = await receivePickup(db, 'check', signed({ code, assetId: 'A1' }), NOW);
    expect(check).toEqual({
      status: 200,
      body: { result: 'SUCCESS', goodsNum: 'G1', codeStatus: '1', fee: '350' },
    });
    expect(await receivePickup(db, 'use', signed({ code }), NOW + 20)).toEqual({
      status: 200,
      body: { result: 'SUCCESS' },
    });
    expect(await getPickupCode(db, code)).toMatchObject({
      status: 'used',
      usedAt: NOW + 20,
      usedAssetId: 'A1',
    });
    expect(
      (await receivePickup(db, 'check', signed({ code, assetId: 'A1' }), NOW + 30)).body,
    ).toEqual({
      result: 'SUCCESS',
      goodsNum: 'G1',
      codeStatus: '2',
      fee: '350',
    });
  });

  it('answers a redelivered use as the first, and refuses a nonce reused with another body', async () => {
    const code = await issue();
    const body = signed({ code });
    const first = await receivePickup(db, 'use', body, NOW);
    expect(await receivePickup(db, 'use', body, NOW + 60)).toEqual(first);
    expect(first).toEqual({ status: 200, body: { result: 'SUCCESS' } });
    const resigned = signBody(
      { clientId: 'unit-client', nonceStr: JSON.parse(body).nonceStr, code: await issue() },
      'unit-key',
      'ampersand',
    );
    expect(await receivePickup(db, 'use', resigned, NOW + 62)).toMatchObject({
      status: 401,
      body: { result: 'FAIL', errorCode: 'REPLAY' },
    });
  });

  it('keeps every request in the inbox, refused ones too, with the answer given', async () => {
    const code = await issue();
    await receivePickup(db, 'check', signed({ code, assetId: 'A1' }), NOW);
    await receivePickup(db, 'check', signed({ code, assetId: 'A1' }, 'wrong-key'), NOW);
    await receivePickup(db, 'use', '{not json', NOW);
    await receivePickup(db, 'use', signed({ nonceStr: 'x1' }), NOW);
    const items = (await listInbox(db, { limit: 10 })).items.reverse();
    expect(items.map((i) => [i.kind, i.verification, i.status])).toEqual([
      ['pickup_check', 'ok', 'processed'],
      ['pickup_check', 'sign_invalid', 'unverified'],
      ['pickup_use', 'bad_json', 'unverified'],
      ['pickup_use', 'ok', 'rejected'],
    ]);
    expect(items[3]!.error).toContain('code');
  });

  it(`throttles a machine after ${WRONG_CODE_LIMIT} wrong codes in ten minutes, and lists it`, async () => {
    const code = await issue();
    // wrong codes at another machine count for that machine only
    await receivePickup(db, 'check', signed({ code: '9100000', assetId: 'B2' }), NOW);
    for (let i = 0; i < WRONG_CODE_LIMIT; i++) {
      const r = await receivePickup(
        db,
        'check',
        signed({ code: `900000${i}`, assetId: 'A1' }),
        NOW + i,
      );
      expect(r.body).toMatchObject({ errorCode: 'CODE_NOT_FOUND' });
    }
    const good = signed({ code, assetId: 'A1' });
    expect(await receivePickup(db, 'check', good, NOW + 20)).toMatchObject({
      status: 429,
      body: { result: 'FAIL', errorCode: 'CHECK_THROTTLED' },
    });
    // another machine is not affected
    expect(
      (await receivePickup(db, 'check', signed({ code, assetId: 'B2' }), NOW + 20)).body,
    ).toMatchObject({ codeStatus: '1' });
    // ten minutes after the first wrong code, the window has moved on
    expect(
      (await receivePickup(db, 'check', signed({ code, assetId: 'A1' }), NOW + 601)).body,
    ).toMatchObject({ codeStatus: '1' });
    expect(await listThrottledMachines(db, { since: NOW, limit: 10 })).toEqual([
      {
        assetId: 'A1',
        throttledChecks: 1,
        wrongCodes: WRONG_CODE_LIMIT,
        firstThrottledAt: NOW + 20,
        lastThrottledAt: NOW + 20,
      },
    ]);
  });
});
