import { describe, expect, it } from 'vitest';
import { olderRefill, v09Refill } from '@/e2e/support/refill-shapes';
import { refillMessage } from '@/e2e/support/messages';
import { describeZodError } from './schemas';
import { refillContentSchema, refillSchema } from './refill-schema';

const envelope = { clientId: 'c', nonce_str: 'n', sign: 's' };
const T = 1_763_900_000;
const why = (m: Record<string, unknown>) => {
  const r = refillSchema.safeParse({ ...envelope, ...m });
  return r.success ? 'ok' : describeZodError(r.error);
};
const older = () => olderRefill('A', T, T - 86_400);

describe('the refill settlement in the older shape (D72)', () => {
  it('reads into exactly what its V0.9 twin reads into', () => {
    const a = refillContentSchema.parse(older());
    const b = refillContentSchema.parse(v09Refill('A', T, T - 86_400));
    // The older shape's own members stay as they came (unknown to V0.9), the rest is the same.
    const {
      cidPaySales: _c,
      lastTime: _l,
      createTime: _t,
      ...rest
    } = a as typeof a & {
      cidPaySales?: unknown;
      lastTime?: unknown;
      createTime?: unknown;
    };
    expect(rest).toEqual(b);
    expect(a.refillTime).toBe(T); // createTime in milliseconds
    expect(a.lastRefillTime).toBe(T - 86_400);
    expect(a.shelfPaySales?.map((s) => [s.cid, s.locationId, s.goodsId, s.goodsName])).toEqual([
      ['A', '1', 'g-green', '绿茶'],
      ['A', '2', 'g-black', '红茶'],
      ['B', 'a1', 'g-wlj', '王老吉'],
    ]);
    // Machine level: total, cash and cashless always, then only what sold something.
    expect(a.paySales).toEqual([
      { name: 'total', sales: 1250, units: 4 },
      { name: 'cash', sales: 300, units: 1 },
      { name: 'cashless', sales: 950, units: 3 },
      { name: 'wechat', sales: 600, units: 2 },
      { name: 'alipay', sales: 350, units: 1 },
    ]);
  });

  it('keeps V0.9 as it reads, and the envelope checks of a push', () => {
    const m = refillMessage('A', T);
    expect(refillContentSchema.parse(m)).toEqual(m);
    expect(why(older())).toBe('ok');
    expect(refillSchema.safeParse(older()).success).toBe(false); // no clientId, nonce, sign
  });

  it('checks every older amount, price and count by meaning, naming it where it stands', () => {
    const bad = older();
    (bad.cidPaySales[0]!.shelvesPaySales[1]! as Record<string, unknown>).alipayAmount = -350;
    expect(why(bad)).toBe(
      'cidPaySales.0.shelvesPaySales.1.alipayAmount: must be an integer 0…100000000000 fen',
    );
    const units = older();
    (units.paySales as Record<string, unknown>).salesCount = 2_000_000;
    expect(why(units)).toBe('paySales.salesCount: must be an integer 0…1000000');
    const price = older();
    (price.cidPaySales[1]!.shelvesPaySales[0]! as Record<string, unknown>).price = 1e9;
    expect(why(price)).toMatch(/^cidPaySales\.1\.shelvesPaySales\.0\.price: /);
    const text = older();
    (text.paySales as Record<string, unknown>).wechatAmount = '600';
    expect(why(text)).toBe('ok');
    const junk = older();
    (junk.paySales as Record<string, unknown>).cashAmount = 'lots';
    expect(why(junk)).toMatch(/^paySales\.cashAmount: /);
    // A V0.9 list is still checked item by item.
    expect(why(refillMessage('A', T, { paySales: [{ name: 'total', sales: -1, units: 1 }] }))).toBe(
      'paySales.0.sales: must be an integer 0…100000000000 fen',
    );
  });

  it('takes createTime as the identity: absent is refused, not a time is unknown', () => {
    const { createTime: _c, ...none } = older();
    expect(why(none)).toBe('refillTime: expected a time');
    const m = refillSchema.parse({ ...envelope, ...older(), createTime: '132242423532' });
    expect(m.refillTime).toBeNull();
    expect(m.lastRefillTime).toBe(T - 86_400);
  });

  it('reads names newer than its list as pairs, and a refill count as a count', () => {
    const m = older();
    const shelf = m.cidPaySales[0]!.shelvesPaySales[0]! as Record<string, unknown>;
    Object.assign(shelf, { unionPayAmount: 300, unionPayCount: 1, refillCount: 5, stock: 9 });
    const parsed = refillContentSchema.parse(m);
    const s = parsed.shelfPaySales![0]!;
    expect(s.paySales?.find((p) => p.name === 'unionPay')).toEqual({
      name: 'unionPay',
      sales: 300,
      units: 1,
    });
    expect(s.paySales?.some((p) => p.name === 'refill')).toBe(false);
    expect([s.refillCount, s.stock]).toEqual([5, 9]);
  });

  it('prefers V0.9 names when a message carries both', () => {
    const m = {
      ...older(),
      refillTime: T + 60,
      lastRefillTime: T - 60,
      shelfPaySales: [{ cid: 'A', locationId: '9' }],
    };
    const parsed = refillContentSchema.parse(m);
    expect([parsed.refillTime, parsed.lastRefillTime]).toEqual([T + 60, T - 60]);
    expect(parsed.shelfPaySales?.map((s) => s.locationId)).toEqual(['9']);
    expect(parsed.paySales?.[0]).toEqual({ name: 'total', sales: 1250, units: 4 });
  });
});
