import { describe, expect, it } from 'vitest';
import {
  detectedWithoutData,
  FIRST_UNSAFE,
  ID_PAST_2_53,
  quirkCallbacks,
} from '@/e2e/support/saas-shapes';
import { callbackEvent, parseCallback } from './callbacks';

const readText = (body: string, currency = 'CNY') => {
  const p = parseCallback(body);
  if (!p.ok) throw new Error(p.error);
  return callbackEvent(p.callback, currency, 100, 1);
};
const read = (body: unknown, currency = 'CNY') => readText(JSON.stringify(body), currency);

describe('reading §11 callbacks', () => {
  it('reads PascalCase and camelCase alike, and CloseDoor as ClosedDoor', () => {
    const a = read({ OrderId: 'A', OrderNo: 'N', Action: 'CloseDoor', Status: true, Data: '' });
    const b = read({ orderId: 'A', orderNo: 'N', action: 'ClosedDoor', status: 'true', data: '' });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ action: 'ClosedDoor', status: true, orderNo: 'N' });
  });

  it('reads recognised items by piece and by weight, with exact amounts', () => {
    const e = read({
      OrderId: 'A',
      Action: 'OrderDetected',
      Status: true,
      Data: {
        TradeProcessMode: 0,
        TradeProductModels: [
          { Id: '1', AlisName: 'Water', BuyCount: 2, MeterType: 1, Price: 1.49, PictureUrl: 'u' },
          { Id: '2', AlisName: 'Apples', BuyCount: 455, MeterType: 2, Price: '16.00' },
        ],
      },
    });
    expect(e.mode).toBe(0);
    expect(e.items).toEqual([
      { id: '1', name: 'Water', count: 2, meterType: 1, price: 149, amount: 298, pictureUrl: 'u' },
      // 455 g at 16.00/kg = 7.28
      {
        id: '2',
        name: 'Apples',
        count: 455,
        meterType: 2,
        price: 1600,
        amount: 728,
        pictureUrl: null,
      },
    ]);
  });

  it('reads Data sent as JSON text, a refund number spelt with spaces, and a settlement’s price', () => {
    const d = read({
      OrderId: 'A',
      Action: 'OrderDetected',
      Status: true,
      Data: JSON.stringify({ TradeProcessMode: 2, TradeProductModels: [] }),
    });
    expect(d.mode).toBe(2);
    const r = read({
      OrderId: 'A',
      Action: 'OrderRefund',
      Data: { 'Refund Order No': 'R9', OrderRefundProducts: [{ Id: '1', BuyCount: 1, price: 3 }] },
    });
    expect(r).toMatchObject({ refNo: 'R9', items: [{ amount: 300 }] });
  });

  it('cannot read a body without an Action, or one that is not a JSON object, and says why', () => {
    expect(parseCallback('{"OrderId":"A","Status":true}')).toMatchObject({
      ok: false,
      cause: 'no_action',
    });
    expect(parseCallback('not json')).toMatchObject({ ok: false, cause: 'not_json' });
    expect(parseCallback('[1,2]')).toMatchObject({ ok: false, cause: 'not_object' });
    expect(parseCallback('{"Action":"OpenedDoor","Status":{}}')).toMatchObject({
      ok: false,
      cause: 'bad_member',
    });
    expect(parseCallback(`${'['.repeat(40)}${']'.repeat(40)}`)).toMatchObject({
      ok: false,
      cause: 'too_complex',
    });
  });
});

describe('the shapes the real platform sends (D73)', () => {
  const orderNo = '251203093015123456';
  const shapes = quirkCallbacks({
    orderId: 'CO1',
    orderNo,
    commodityId: ID_PAST_2_53,
    name: 'Water',
    price: '3.50',
    nowMs: 1_764_754_215_123,
  });

  it('reads a door event with no OrderNo, Msg, CustomerDetails or Data, even no OrderId', () => {
    expect(readText(shapes.openedBare)).toMatchObject({
      action: 'OpenedDoor',
      status: true,
      msg: '',
      orderNo: null,
    });
    expect(readText('{"Action":"ClosedDoor"}')).toMatchObject({
      action: 'ClosedDoor',
      status: true,
    });
    expect(readText(shapes.openedBare).problem).toBeUndefined();
  });

  it('reads Data as the platform’s words, an order number sent as a number, and a time in ms', () => {
    const e = readText(shapes.closedText);
    expect(e).toMatchObject({ action: 'ClosedDoor', orderNo, sentAt: 1_764_754_215 });
    expect(e.problem).toBeUndefined();
  });

  it('reads the same recognition from an object and from JSON text, price and Price alike', () => {
    const a = readText(shapes.detectedObject);
    const b = readText(shapes.detectedText);
    const water = { id: ID_PAST_2_53, name: 'Water', count: 2, meterType: 1, price: 350 };
    expect(a).toMatchObject({ mode: 0, sentAt: 1_764_754_215, orderNo });
    expect(a.items).toEqual([expect.objectContaining({ ...water, amount: 700 })]);
    expect(b.items).toEqual(a.items);
    expect(b.problem).toBeUndefined();
  });

  it('keeps every digit of ids sent as JSON numbers past 2^53', () => {
    // What JSON.parse would have made of them:
    expect(String(JSON.parse(ID_PAST_2_53))).toBe('9123456789012344');
    expect(String(JSON.parse(FIRST_UNSAFE))).toBe('9007199254740992');
    expect(readText(shapes.adjustment)).toMatchObject({
      refNo: ID_PAST_2_53,
      items: [{ amount: 350 }],
    });
    expect(readText(shapes.refund)).toMatchObject({
      refNo: FIRST_UNSAFE,
      msg: 'Customer complaint',
      items: [{ id: ID_PAST_2_53, amount: 350 }],
    });
  });

  it('reads prices exactly in the currency’s minor units, and USD and JPY alike', () => {
    const line = (price: string) =>
      `{"Action":"OrderSettlement","Data":{"TradeProcessMode":0,"TradeProductModels":[{"Id":1,"BuyCount":3,"price":${price}}]}}`;
    expect(readText(line('0.10')).items).toMatchObject([{ price: 10, amount: 30 }]);
    expect(readText(line('19.99'), 'USD').items).toMatchObject([{ price: 1999, amount: 5997 }]);
    expect(readText(line('120'), 'JPY').items).toMatchObject([{ price: 120, amount: 360 }]);
    expect(readText(line('"1.005"')).problem).toBe('no_price');
    expect(readText(line('120.5'), 'JPY').problem).toBe('no_price');
  });

  it('marks what a callback lacked: no Data, Data that does not read, a line without a price', () => {
    expect(readText(detectedWithoutData('CO1', orderNo)).problem).toBe('no_data');
    expect(read({ Action: 'OrderDetected', Data: 'recognised' }).problem).toBe('bad_data');
    expect(read({ Action: 'OrderRefund', Data: '{"Refund Order No":' }).problem).toBe('bad_data');
    expect(read({ Action: 'OrderSettlement', Data: { TradeProcessMode: 0 } }).problem).toBe(
      'no_data',
    );
    expect(
      read({
        Action: 'OrderAdjustment',
        Data: { OrderNo: 7, OrderProducts: [{ Id: 1, BuyCount: 1 }] },
      }).problem,
    ).toBe('no_price');
    // A failed recognition carries no result, and a cancelled one no products: nothing lacks.
    expect(
      read({ Action: 'OrderDetected', Status: false, Msg: 'No video' }).problem,
    ).toBeUndefined();
    expect(
      read({ Action: 'OrderDetected', Data: { TradeProcessMode: 1 } }).problem,
    ).toBeUndefined();
  });

  it('reads a timestamp by its magnitude and ignores one that is not a time', () => {
    expect(read({ Action: 'OpenedDoor', timestamp: 1_764_754_215 }).sentAt).toBe(1_764_754_215);
    expect(read({ Action: 'OpenedDoor', Timestamp: '1764754215999' }).sentAt).toBe(1_764_754_215);
    expect(read({ Action: 'OpenedDoor', timestamp: 'soon' }).sentAt).toBeUndefined();
  });
});
