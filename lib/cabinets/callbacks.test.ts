import { describe, expect, it } from 'vitest';
import { callbackEvent, parseCallback } from './callbacks';

const read = (body: unknown, currency = 'CNY') => {
  const p = parseCallback(JSON.stringify(body));
  if (!p.ok) throw new Error(p.error);
  return callbackEvent(p.callback, currency, 100, 1);
};

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

  it('refuses a body without an OrderId or Action', () => {
    expect(parseCallback('{"Action":"OpenedDoor"}').ok).toBe(false);
    expect(parseCallback('not json').ok).toBe(false);
  });
});
