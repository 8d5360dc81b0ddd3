import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { getPickupCode } from '@/db/queries/pickup';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { deviceMessage } from '@/e2e/support/messages';
import { issuePickupCodes, revokeCode } from './issue';
import { createCodesSchema } from './schemas';

const NOW = 1_763_856_000;
let db: Db;

const input = (over: Record<string, unknown> = {}) => createCodesSchema(NOW).parse(over);

beforeEach(async () => {
  db = openDb(':memory:');
  const body = signBody(
    { clientId: 'unit-client', nonce_str: 'n1', ...deviceMessage('A1') },
    'unit-key',
    'ampersand',
  );
  await receiveNotification(db, 'device', body, NOW);
});

describe('issuePickupCodes', () => {
  it('issues a thousand distinct unused codes with the rules asked for', async () => {
    const r = await issuePickupCodes(db, input({ count: 1000, assetId: 'A1', fee: 350 }), {
      now: NOW,
    });
    if (!r.ok) throw new Error(r.message);
    expect(new Set(r.items.map((c) => c.code)).size).toBe(1000);
    expect(r.items[0]).toMatchObject({
      assetId: 'A1',
      fee: 350,
      status: 'unused',
      startTime: NOW,
      endTime: NOW + 30 * 86_400,
      createdAt: NOW,
      createdBy: null,
    });
  });

  it('draws again when a code exists already, in any state', async () => {
    const draws = [4_383_743, 4_383_743, 5_555_123];
    const random = () => draws.shift()!;
    await issuePickupCodes(db, input(), { now: NOW, random });
    await revokeCode(db, '4383743', NOW);
    const r = await issuePickupCodes(db, input(), { now: NOW, random });
    expect(r.ok && r.items.map((c) => c.code)).toEqual(['5555123']);
    expect((await getPickupCode(db, '4383743'))?.status).toBe('revoked');
  });

  it('refuses a machine we do not know, and issues nothing', async () => {
    const r = await issuePickupCodes(db, input({ assetId: 'NOPE', count: 3 }), { now: NOW });
    expect(r).toEqual({ ok: false, field: 'assetId', message: 'no machine NOPE' });
  });
});

describe('createCodesSchema', () => {
  const issues = (v: unknown) =>
    createCodesSchema(NOW)
      .safeParse(v)
      .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('names the field that is wrong', () => {
    expect(issues({ count: 0 })).toEqual(['count: must be 1…1000']);
    expect(issues({ count: 1001 })).toEqual(['count: must be 1…1000']);
    expect(issues({ fee: 1.5 })).toEqual(['fee: expected an integer amount in fen']);
    expect(issues({ startTime: NOW, endTime: NOW })).toEqual(['endTime: must be after startTime']);
    expect(issues({ startTime: NOW - 99, endTime: NOW - 9 })).toEqual([
      'endTime: must be in the future',
    ]);
    expect(issues({ endTime: NOW * 1000 })).toEqual([
      'endTime: expected epoch seconds, not milliseconds',
    ]);
    expect(issues({ goodsNum: 'G1' })?.[0]).toContain('goodsNum');
  });
});

describe('revokeCode', () => {
  it('revokes an unused code once, and refuses a used or unknown one', async () => {
    const r = await issuePickupCodes(db, input(), { now: NOW });
    const code = r.ok ? r.items[0]!.code : '';
    expect(await revokeCode(db, code, NOW + 5)).toMatchObject({
      ok: true,
      item: { status: 'revoked', revokedAt: NOW + 5 },
    });
    expect(await revokeCode(db, code, NOW + 9)).toMatchObject({
      ok: true,
      item: { revokedAt: NOW + 5 },
    });
    expect(await revokeCode(db, '9999998', NOW)).toEqual({ ok: false, reason: 'not_found' });
  });
});
