import { describe, expect, it } from 'vitest';
import { statusMessage, tradeMessage } from '@/e2e/support/messages';
import { vendorFreezerStatus, vendorTrade } from '@/e2e/support/vendor-values';
import { pulledTradeSchema, machineStatusSchema } from '@/lib/platforms/smartvending/schemas';
import { readChambers, readTemperature, readTime } from './ranges';
import { statusSchema, tradeSchema } from './schemas';

const envelope = { clientId: 'c', nonce_str: 'n', sign: 's' };
/** 2025-11-23 08:00 +08:00. */
const T = 1_763_856_000;

describe('temperatures as the machines send them (D71)', () => {
  it('reads unsigned bytes: a value above 128 is value − 256', () => {
    expect(readTemperature(250)).toBe(-6);
    expect(readTemperature('250')).toBe(-6);
    expect(readTemperature(' 238 ')).toBe(-18);
    expect(readTemperature(226)).toBe(-30);
    expect(readTemperature(4)).toBe(4);
    expect(readTemperature(128)).toBe(128);
    expect(readTemperature(-5)).toBe(-5);
    expect(readTemperature(0)).toBe(0);
  });

  it('reads a sensor colder than −30 °C, or junk, as no sensor (null), never a refusal', () => {
    for (const none of [225, 196, 129, -31, -128, 256, 1000, 4.5, 'hot', '', {}, [], true])
      expect(readTemperature(none), JSON.stringify(none)).toBeNull();
  });

  it('reads commonField chambers from an object, its JSON text, or the text of that text', () => {
    const chambers = { wh1: 238, wh2: '4', wh3: 196 };
    const read = { wh1: -18, wh2: 4, wh3: null };
    expect(readChambers(chambers)).toEqual(read);
    expect(readChambers(JSON.stringify(chambers))).toEqual(read);
    expect(readChambers(JSON.stringify(JSON.stringify(chambers)))).toEqual(read);
    expect(readChambers({ wh1: 5, other: 7, wh: 3, wh12: 250 })).toEqual({ wh1: 5, wh12: -6 });
  });

  it('reads junk in commonField as no chambers', () => {
    for (const junk of ['{wh1: 5', 'null', '42', '[1,2]', '"x"', 42, [238], null, undefined, {}])
      expect(readChambers(junk), JSON.stringify(junk)).toBeUndefined();
    const deep = JSON.stringify(JSON.stringify(JSON.stringify(JSON.stringify({ wh1: 5 }))));
    expect(readChambers(deep)).toBeUndefined();
  });

  it('keeps at most 16 chambers of one container', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`wh${i}`, i]));
    expect(Object.keys(readChambers(many)!)).toHaveLength(16);
  });

  it('reads a vendor-shaped freezer status: −6 °C, no sensor, chambers, string flags', () => {
    const m = statusSchema.parse({ ...envelope, ...vendorFreezerStatus('F1') });
    expect(m).toMatchObject({ online: 0, vmcOnline: 1, isSale: 1, coin5Count: 12 });
    expect(m.temperState![0]!.temperDetail).toMatchObject({
      cryTemUL: -4,
      cryTemDL: -18,
      heatTemUL: 60,
      leftRmTem: -6,
      rightRmTem: null,
      leftRmRef: 1,
      chambers: { wh1: -16, wh2: -10, wh3: null },
    });
  });

  it('keeps the rest of a status whose commonField or temperatures are junk', () => {
    const junk = vendorFreezerStatus('F1', {
      shelvesState: [{ cid: 'F1', shelvesId: '3', state: '1', soldoutTime: '1763856000000' }],
    });
    junk.temperState[0]!.temperDetail.commonField = '{"wh1": 2';
    (junk.temperState[0]!.temperDetail as Record<string, unknown>).leftRmTem = 'n/a';
    const m = statusSchema.parse({ ...envelope, ...junk });
    expect(m.temperState![0]!.temperDetail).toMatchObject({ leftRmTem: null, cryTemUL: -4 });
    expect(m.temperState![0]!.temperDetail.chambers).toBeUndefined();
    expect(m.shelvesState).toEqual([
      { cid: 'F1', shelvesId: '3', state: 1, soldoutTime: 1_763_856_000 },
    ]);
  });

  it('keeps flags of −1 (unknown) as they came', () => {
    const m = statusSchema.parse({
      ...envelope,
      ...statusMessage('A', { online: '-1', vmcOnline: -1, isSale: '-1' }),
    });
    expect(m).toMatchObject({ online: -1, vmcOnline: -1, isSale: -1 });
  });
});

describe('times by one rule, pushes and pulls alike (D62, D71)', () => {
  it('reads seconds and milliseconds, as numbers or text, and junk as unknown', () => {
    for (const v of [T, String(T), T * 1000, String(T * 1000), ` ${T * 1000} `])
      expect(readTime(v), String(v)).toBe(T);
    expect(readTime(T * 1000 + 999)).toBe(T);
    for (const junk of ['132242423532', 132242423532, 232341231, '232341231', 12, 'soon'])
      expect(readTime(junk), String(junk)).toBeUndefined();
  });

  it('files a vendor-shaped trade stamped in milliseconds on its second', () => {
    const m = tradeSchema.parse({ ...envelope, ...vendorTrade('V1', 'A', T) });
    expect(m).toMatchObject({
      payTime: T,
      createTime: T - 20,
      exec_ts: T + 6,
      price: 300,
      count: 1,
      payStyle: 23,
      payStatus: 1,
    });
    const junk = tradeSchema.parse({
      ...envelope,
      ...vendorTrade('V2', 'A', T, { payTime: '132242423532', createTime: 232341231 }),
    });
    expect(junk).toMatchObject({ payTime: undefined, createTime: undefined, price: 300 });
  });

  it('reads the pulls’ times by the same rule', () => {
    const t = pulledTradeSchema.parse({
      orderNo: 'O1',
      assetId: 'A',
      payTime: String(T * 1000),
      createTime: T * 1000,
      refundTime: '132242423532',
      notice_ts: T,
      recv_ts: `${T}`,
      exec_ts: 232341231,
      price: '300',
      payStyle: '19',
      payStatus: '3',
    });
    expect(t).toMatchObject({
      payTime: T,
      createTime: T,
      refundTime: undefined,
      notice_ts: T,
      recv_ts: T,
      exec_ts: undefined,
      price: 300,
      payStyle: 19,
      payStatus: 3,
    });
    const s = machineStatusSchema.parse({
      assetId: 'A',
      vendingInfo: { shelvesInfo: [{ locationId: '1', status: '1', soldoutTime: T * 1000 }] },
    });
    expect(s.vendingInfo!.shelvesInfo![0]).toMatchObject({ status: 1, soldoutTime: T });
  });
});

describe('codes past the V0.9 tables and integers as strings', () => {
  it('are kept as they came, never refused', () => {
    const m = tradeSchema.parse({
      ...envelope,
      ...tradeMessage('T', 'A', {
        payStyle: '23',
        payStatus: '3',
        deliverStatus: '5',
        refundStatus: '4',
        price: ' 300 ',
        count: 2,
        refundFee: '0',
      }),
    });
    expect(m).toMatchObject({
      payStyle: 23,
      payStatus: 3,
      deliverStatus: 5,
      refundStatus: 4,
      price: 300,
      count: 2,
    });
    expect(
      tradeSchema.parse({ ...envelope, ...tradeMessage('T', 'A', { payStyle: 99 }) }),
    ).toMatchObject({ payStyle: 99 });
  });
});
