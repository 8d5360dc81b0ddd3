import { describe, expect, it } from 'vitest';
import { compareLine, compareNames, expectedByName, verdictOf, type Line } from './rules';

const a = (units: number, sales: number) => ({ units, sales });
const line = (name: string, expected: [number, number], reported: [number, number]): Line => {
  const e = a(...expected);
  const r = a(...reported);
  return {
    name,
    expected: e,
    reported: r,
    difference: a(r.units - e.units, r.sales - e.sales),
    status: compareLine(e, r),
  };
};

describe('a reconciliation line', () => {
  it('is matched when units and money agree', () => {
    expect(compareLine(a(3, 900), a(3, 900))).toBe('matched');
    expect(compareLine(a(0, 0), a(0, 0))).toBe('matched');
  });

  it('is over when the machine reported more than our trades', () => {
    expect(compareLine(a(3, 900), a(4, 1200))).toBe('over');
    // Same items, more money: a price difference, the same way round.
    expect(compareLine(a(3, 900), a(3, 950))).toBe('over');
  });

  it('is short when the machine reported less than our trades', () => {
    expect(compareLine(a(3, 900), a(2, 600))).toBe('short');
    expect(compareLine(a(3, 900), a(0, 0))).toBe('short');
    expect(compareLine(a(3, 900), a(3, 850))).toBe('short');
    // Units decide when units and money disagree in direction.
    expect(compareLine(a(3, 900), a(2, 1000))).toBe('short');
  });

  it('is missing when the machine reported sales we hold no trade for', () => {
    expect(compareLine(a(0, 0), a(1, 300))).toBe('missing');
    expect(compareLine(a(0, 0), a(0, 300))).toBe('missing');
  });
});

describe('a visit’s verdict', () => {
  it('is matched when every line is', () => {
    expect(verdictOf([line('total', [3, 900], [3, 900]), line('cash', [0, 0], [0, 0])])).toBe(
      'matched',
    );
  });

  it('is trades missing when the machine only ever sold more than our trades show', () => {
    expect(
      verdictOf([
        line('total', [3, 900], [5, 1500]),
        line('wechat', [3, 900], [4, 1200]),
        line('alipay', [0, 0], [1, 300]),
      ]),
    ).toBe('trades_missing');
  });

  it('is a variance when anything is short, or only the money differs', () => {
    expect(verdictOf([line('total', [3, 900], [2, 600]), line('alipay', [0, 0], [1, 300])])).toBe(
      'variance',
    );
    expect(verdictOf([line('total', [3, 900], [3, 1000])])).toBe('variance');
  });
});

describe('expected amounts by §8.1 name', () => {
  it('adds total, cash and cashless, and names each payStyle as §8.1 does', () => {
    const e = expectedByName([
      { payStyle: 2, units: 2, sales: 600 },
      { payStyle: 4, units: 1, sales: 500 },
      { payStyle: 8, units: 1, sales: 300 },
      { payStyle: 7, units: 1, sales: 200 },
      { payStyle: null, units: 1, sales: 100 },
      { payStyle: 21, units: 1, sales: 400 },
    ]);
    expect(Object.fromEntries(e)).toEqual({
      total: a(7, 2100),
      cash: a(1, 500),
      cashless: a(6, 1600),
      wechat: a(2, 600),
      game: a(1, 300),
      other: a(2, 300),
      unionPay: a(1, 400),
    });
  });

  it('compares every name either side has, always total, cash and cashless, in §8.1’s order', () => {
    const lines = compareNames(
      new Map([
        ['total', a(2, 600)],
        ['cashless', a(2, 600)],
        ['wechat', a(2, 600)],
      ]),
      new Map([
        ['alipay', a(1, 300)],
        ['total', a(3, 900)],
        ['wechat', a(2, 600)],
      ]),
    );
    expect(lines.map((l) => [l.name, l.status])).toEqual([
      ['total', 'over'],
      ['cash', 'matched'],
      ['cashless', 'short'],
      ['wechat', 'matched'],
      ['alipay', 'missing'],
    ]);
  });
});
