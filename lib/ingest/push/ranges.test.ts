import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { describeZodError, deviceSchema, statusSchema, tradeSchema } from './schemas';
import { refillSchema } from './refill-schema';
import { readTime } from './ranges';
import { checkSchema } from '@/lib/pickup/schemas';

const envelope = { clientId: 'c', nonce_str: 'n', sign: 's' };
const why = (schema: ZodType, m: Record<string, unknown>) => {
  const r = schema.safeParse({ ...envelope, ...m });
  return r.success ? 'ok' : describeZodError(r.error);
};

describe('ranges by meaning (D62)', () => {
  it('refuses money, counts and refunds no machine sells, naming the field', () => {
    const t = (o: Record<string, unknown>) => why(tradeSchema, tradeMessage('T', 'A', o));
    expect(t({})).toBe('ok');
    expect(t({ price: 9007199254740991, count: 1000 })).toBe(
      'price: must be an integer 0…100000000 fen',
    );
    expect(t({ price: -1 })).toMatch(/^price: /);
    expect(t({ count: 0 })).toBe('count: must be an integer 1…1000');
    expect(t({ count: '-2' })).toMatch(/^count: /);
    expect(t({ count: 1e9 })).toMatch(/^count: /);
    expect(t({ price: '300', count: '2', refundFee: '600', refundStatus: '2' })).toBe('ok');
    expect(t({ price: '300', count: '2', refundFee: '601' })).toBe(
      'refundFee: must not exceed price × count (600 fen)',
    );
    expect(t({ refundFee: -5 })).toMatch(/^refundFee: /);
  });

  it('keeps codes past the V0.9 tables as they came', () => {
    for (const o of [{ payStyle: 23 }, { payStatus: 3 }, { deliverStatus: 5 }, { refundStatus: 4 }])
      expect(why(tradeSchema, tradeMessage('T', 'A', o))).toBe('ok');
  });

  it('refuses flags, coins, capacities, stocks and coordinates out of range', () => {
    const s = (o: Record<string, unknown>) => why(statusSchema, statusMessage('A', o));
    expect(s({ online: 1, vmcOnline: '0', doorState: -1, isSale: '-1' })).toBe('ok');
    expect(s({ online: 7 })).toBe('online: must be 0, 1 or -1 (unknown)');
    expect(s({ coin5Count: -3 })).toMatch(/^coin5Count: /);
    expect(s({ shelvesState: [{ shelvesId: '1', state: 2 }] })).toMatch(/^shelvesState\.0\.state/);
    const d = (o: Record<string, unknown>) => why(deviceSchema, deviceMessage('A', o));
    expect(d({ location: { longitude: 181, latitude: 0 } })).toMatch(/^location\.longitude: /);
    expect(d({ location: { longitude: '116.39', latitude: '-90.5' } })).toMatch(
      /^location\.latitude: /,
    );
    const shelf = { location_id: '1', capacity: -1 };
    expect(d({ containers: [{ cid: 'A', shelves: [shelf] }] })).toMatch(/capacity: /);
    const r = (o: Record<string, unknown>) =>
      why(refillSchema, refillMessage('A', 1_700_000_000, o));
    expect(r({})).toBe('ok');
    expect(r({ shelfPaySales: [{ locationId: '1', stock: -4 }] })).toMatch(/stock: /);
    expect(r({ paySales: [{ name: 'total', sales: -1, units: 1 }] })).toMatch(/sales: /);
  });

  it('refuses a NUL character in any text, naming the field: PostgreSQL cannot store it (D112)', () => {
    expect(why(statusSchema, statusMessage('A\u0000'))).toBe(
      'assetId: must not contain U+0000 (NUL)',
    );
    expect(why(tradeSchema, tradeMessage('T', 'A', { goodsName: '茶\u0000' }))).toBe(
      'goodsName: must not contain U+0000 (NUL)',
    );
    const d = (o: Record<string, unknown>) => why(deviceSchema, deviceMessage('A', o));
    expect(d({ siteName: '\u0000' })).toBe('siteName: must not contain U+0000 (NUL)');
    expect(d({ containers: [{ cid: 'A', shelves: [{ location_id: '1\u0000' }] }] })).toMatch(
      /location_id: must not contain U\+0000/,
    );
    expect(
      why(checkSchema, { nonceStr: 'n', clientId: 'c', sign: 's', code: '1\u0000', assetId: 'A' }),
    ).toBe('code: must not contain U+0000 (NUL)');
    // Written as an escape in the text, as JSON does, it is six characters: kept.
    expect(why(statusSchema, statusMessage('A\\u0000'))).toBe('ok');
  });

  it('never refuses for a time: one that cannot be a time is unknown', () => {
    expect(readTime('1450163984')).toBe(1450163984);
    expect(readTime(1450163984123)).toBe(1450163984);
    for (const junk of ['soon', 0, -5, 12.5, '1e9', 9007199254740991, 99999999999, {}])
      expect(readTime(junk)).toBeUndefined();
    const m = tradeSchema.parse({
      ...envelope,
      ...tradeMessage('T', 'A', { payTime: 'yesterday', createTime: 9007199254740991 }),
    });
    expect([m.payTime, m.createTime]).toEqual([undefined, undefined]);
    const refill = refillSchema.parse({ ...envelope, ...refillMessage('A', 42) });
    expect(refill.refillTime).toBeNull();
    expect(why(refillSchema, { assetId: 'A' })).toMatch(/^refillTime: /);
  });
});
