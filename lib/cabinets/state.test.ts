import { describe, expect, it } from 'vitest';
import { deriveOrder, type Item, type OrderEvent } from './state';

const water: Item = {
  id: 'c1',
  name: 'Water',
  count: 2,
  meterType: 1,
  price: 300,
  amount: 600,
  pictureUrl: 'https://x/w.jpg',
};
const apples: Item = {
  id: 'c2',
  name: 'Apples',
  count: 450,
  meterType: 2,
  price: 1600,
  amount: 720,
  pictureUrl: null,
};

let seq = 0;
type Cb = Extract<OrderEvent, { kind: 'callback' }>;
const cb = (action: string, at: number, extra: Partial<Cb> = {}): OrderEvent => ({
  kind: 'callback',
  action,
  status: true,
  msg: '',
  orderNo: 'N1',
  at,
  seq: ++seq,
  ...extra,
});
const accepted: OrderEvent = {
  kind: 'request',
  accepted: true,
  msg: '',
  orderNo: 'N1',
  at: 100,
  seq: 0,
};
const opts = { type: 'buy' as const, now: 300, stuckAfterSeconds: 600 };
const derive = (events: OrderEvent[], o = {}) => deriveOrder(events, { ...opts, ...o });
const payment = (success: boolean, at: number, payType: 0 | 1 | 2 = 0, refNo = 'N1') =>
  ({
    kind: 'payment',
    payType,
    success,
    refNo,
    message: success ? '' : 'card declined',
    at,
    seq: ++seq,
  }) as OrderEvent;

describe('deriveOrder', () => {
  it('walks the happy path: requested → opened → closed → recognised → paid', () => {
    expect(derive([accepted]).state).toBe('requested');
    const opened = [accepted, cb('OpenedDoor', 101)];
    expect(derive(opened).state).toBe('opened');
    const closed = [...opened, cb('ClosedDoor', 110)];
    expect(derive(closed).state).toBe('closed');
    const detected = [...closed, cb('OrderDetected', 120, { mode: 0, items: [water, apples] })];
    const d = derive(detected);
    expect(d.state).toBe('recognised');
    expect(d.amount).toBe(1320);
    expect(d.items.map((i) => i.name)).toEqual(['Water', 'Apples']);
    expect(derive([...detected, payment(true, 130)]).state).toBe('paid');
  });

  it('ends the same whatever order the callbacks arrived in, and with duplicates', () => {
    const events = [
      accepted,
      cb('OrderDetected', 120, { mode: 0, items: [water] }),
      cb('ClosedDoor', 110),
      cb('OpenedDoor', 101),
      cb('ClosedDoor', 110),
    ];
    const d = derive(events);
    expect(d.state).toBe('recognised');
    expect(d.openedAt).toBe(101);
    expect(d.closedAt).toBe(110);
    // A close with no open still counts as opened.
    expect(derive([accepted, cb('ClosedDoor', 110)]).openedAt).toBe(110);
  });

  it('cancels on Cancel, on TradeProcessMode 1, and when the machine refused to open', () => {
    const c = derive([
      accepted,
      cb('Cancel', 101, { status: false, msg: 'Failed to open the door' }),
    ]);
    expect(c).toMatchObject({ state: 'cancelled', cancelReason: 'Failed to open the door' });
    const m1 = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    m1.push(cb('OrderDetected', 120, { mode: 1, msg: 'Open but no shopping', items: [] }));
    expect(derive(m1).state).toBe('cancelled');
    const refused = { ...accepted, accepted: false, msg: 'The machine is locked' } as OrderEvent;
    expect(derive([refused])).toMatchObject({
      state: 'cancelled',
      cancelReason: 'The machine is locked',
    });
  });

  it('needs review on TradeProcessMode 2, on Status=false, and for a stuck door', () => {
    const base = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    const m2 = derive([...base, cb('OrderDetected', 120, { mode: 2, msg: 'Block the camera' })]);
    expect(m2).toMatchObject({
      state: 'needs_review',
      reviewKind: 'interrupted',
      reviewReason: 'Block the camera',
    });
    const failed = derive([
      ...base,
      cb('OrderDetected', 120, { status: false, msg: 'No video', mode: undefined }),
    ]);
    expect(failed).toMatchObject({ state: 'needs_review', reviewKind: 'recognition_failed' });
    expect(derive(base, { now: 709 }).state).toBe('closed');
    expect(derive(base, { now: 710 })).toMatchObject({
      state: 'needs_review',
      reviewKind: 'stuck',
    });
  });

  it('is settled by the platform or an operator, the latest resolution winning', () => {
    const base = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    const stuck = [
      ...base,
      { kind: 'operator', action: 'settle', items: [water], at: 900, seq: ++seq } as OrderEvent,
    ];
    expect(derive(stuck)).toMatchObject({ state: 'settled', amount: 600, reviewKind: 'stuck' });
    const platform = derive([...base, cb('OrderSettlement', 800, { mode: 0, items: [apples] })]);
    expect(platform).toMatchObject({ state: 'settled', amount: 720 });
    const cancelled = [
      ...stuck,
      { kind: 'operator', action: 'cancel', note: 'empty', at: 950, seq: ++seq } as OrderEvent,
    ];
    expect(derive(cancelled)).toMatchObject({ state: 'cancelled', cancelReason: 'empty' });
    expect(derive([...stuck, payment(false, 950)])).toMatchObject({
      state: 'payment_failed',
      reviewKind: 'payment_failed',
    });
    expect(derive([...stuck, payment(false, 950), payment(true, 960)]).state).toBe('paid');
  });

  it('adds supplementary deductions to the amount and refunds make it refunded', () => {
    const base = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    base.push(cb('OrderDetected', 120, { mode: 0, items: [water] }), payment(true, 130));
    const adj = [
      ...base,
      cb('OrderAdjustment', 200, { refNo: 'D1', items: [{ ...water, count: 1, amount: 300 }] }),
    ];
    const d = derive(adj);
    expect(d).toMatchObject({ state: 'paid', amount: 900 });
    expect(d.adjustments[0]).toMatchObject({ refNo: 'D1', amount: 300, reported: null });
    expect(derive([...adj, payment(true, 210, 1, 'D1')]).adjustments[0]!.reported).toBe(true);
    const refunded = derive([...adj, cb('OrderRefund', 300, { refNo: 'R1', items: [water] })]);
    expect(refunded).toMatchObject({ state: 'refunded', refunded: 600 });
  });

  it('keeps a restock recognised until it is confirmed', () => {
    const restock = { transId: '1', trackingId: 't', doorNo: 0, lines: [] };
    const events = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    events.push(cb('OrderDetected', 120, { mode: 0, restock }));
    const o = { type: 'restock' as const };
    expect(derive(events, o)).toMatchObject({ state: 'recognised', restock: { confirmed: null } });
    events.push({ kind: 'operator', action: 'confirm_restock', lines: [], at: 130, seq: ++seq });
    expect(derive(events, o)).toMatchObject({ state: 'settled', restock: { confirmed: [] } });
  });

  it('puts an order up for review when a callback could not be read, until an operator acts', () => {
    const paid = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    paid.push(cb('OrderDetected', 120, { mode: 0, items: [water] }), payment(true, 130));
    expect(derive(paid).state).toBe('paid');
    // Anything may have been in a body we could not read: a refund, a settlement.
    const unreadable = [...paid, { kind: 'unreadable', cause: 'not_json', at: 200, seq: ++seq }];
    expect(derive(unreadable as OrderEvent[])).toMatchObject({
      state: 'needs_review',
      reviewKind: 'unreadable',
      reviewReason: null,
      reviewCause: { cause: 'not_json', action: null },
    });
    const settled = [
      ...unreadable,
      { kind: 'operator', action: 'settle', items: [water], at: 300, seq: ++seq },
    ] as OrderEvent[];
    // Once an operator has acted after it, the order follows its facts again; the why stays.
    expect(derive(settled)).toMatchObject({
      state: 'paid',
      reviewKind: 'unreadable',
      reviewCause: { cause: 'not_json' },
    });
  });

  it('puts an order up for review when a recognition came without its data', () => {
    const base = [accepted, cb('OpenedDoor', 101), cb('ClosedDoor', 110)];
    const bare = derive([
      ...base,
      cb('OrderDetected', 120, { mode: undefined, problem: 'no_data' }),
    ]);
    expect(bare).toMatchObject({
      state: 'needs_review',
      reviewKind: 'unreadable',
      reviewCause: { cause: 'no_data', action: 'OrderDetected' },
      amount: 0,
    });
    const refund = cb('OrderRefund', 200, { problem: 'no_data' });
    const paid = [
      ...base,
      cb('OrderDetected', 120, { mode: 0, items: [water] }),
      payment(true, 130),
    ];
    expect(derive([...paid, refund])).toMatchObject({
      state: 'needs_review',
      reviewCause: { cause: 'no_data', action: 'OrderRefund' },
    });
    // An earlier problem an operator dealt with does not hide a later one.
    const later = [
      ...paid,
      refund,
      { kind: 'operator', action: 'cancel', note: 'checked', at: 210, seq: ++seq } as OrderEvent,
      cb('OrderAdjustment', 220, { problem: 'no_price' }),
    ];
    expect(derive(later)).toMatchObject({
      state: 'needs_review',
      reviewCause: { cause: 'no_price', action: 'OrderAdjustment' },
    });
  });
});
