import { describe, expect, it } from 'vitest';
import {
  fullUnitsToLoad,
  parUnitsToLoad,
  pickList,
  safetyUnits,
  unitsToLoad,
  type PickShelfInput,
} from './pick-list';

const shelf = (over: Partial<PickShelfInput>): PickShelfInput => ({
  assetId: 'A',
  cid: 'A',
  locationId: '1',
  goodsId: 'g-tea',
  goodsName: '冰绿茶',
  capacity: 12,
  inPlanogram: true,
  soldOut: false,
  refillStock: 12,
  soldSinceRefill: 0,
  ...over,
});

describe('unitsToLoad', () => {
  it('fills the shelf to capacity; unknown stock loads as if empty; never negative', () => {
    expect(unitsToLoad(12, 5)).toBe(7);
    expect(unitsToLoad(12, 0)).toBe(12);
    expect(unitsToLoad(12, null)).toBe(12);
    expect(unitsToLoad(12, 15)).toBe(0);
    expect(unitsToLoad(0, null)).toBe(0);
  });
});

describe('pickList', () => {
  it('uses the estimated stock rule: last refill’s stock less sold since, 0 when sold out, unknown without a refill', () => {
    const list = pickList([
      shelf({ locationId: '1', refillStock: 12, soldSinceRefill: 5 }), // 7 left → 5
      shelf({ locationId: '2', refillStock: 12, soldSinceRefill: 2, soldOut: true }), // 0 → 12
      shelf({ locationId: '3', refillStock: null }), // unknown → 12
      shelf({ locationId: '4', refillStock: 3, soldSinceRefill: 9 }), // floored at 0 → 12
    ]);
    expect(list.shelves.map((s) => [s.locationId, s.estimatedStock, s.units])).toEqual([
      ['1', 7, 5],
      ['2', 0, 12],
      ['3', null, 12],
      ['4', 0, 12],
    ]);
    expect(list.goods).toEqual([{ goodsId: 'g-tea', goodsName: '冰绿茶', units: 41 }]);
  });

  it('groups by goods over machines, most units first, and leaves out goods needing nothing', () => {
    const list = pickList([
      shelf({ assetId: 'A', locationId: '1', refillStock: 2 }), // tea 10
      shelf({
        assetId: 'A',
        locationId: '2',
        goodsId: 'g-cola',
        goodsName: '可乐',
        capacity: 20,
        refillStock: 20,
        soldSinceRefill: 4,
      }), // cola 4
      shelf({ assetId: 'B', cid: 'B', locationId: '1', refillStock: 9 }), // tea 3
      shelf({ assetId: 'B', cid: 'B', locationId: '2', goodsId: 'g-water', goodsName: '水' }), // water 0
    ]);
    expect(list.goods).toEqual([
      { goodsId: 'g-tea', goodsName: '冰绿茶', units: 13 },
      { goodsId: 'g-cola', goodsName: '可乐', units: 4 },
    ]);
    expect(list.shelves).toHaveLength(4);
    expect(list.shelves[3]).toEqual({
      assetId: 'B',
      cid: 'B',
      locationId: '2',
      goodsId: 'g-water',
      capacity: 12,
      estimatedStock: 12,
      units: 0,
    });
    // The totals are the shelves' sums.
    for (const g of list.goods)
      expect(g.units).toBe(
        list.shelves.filter((s) => s.goodsId === g.goodsId).reduce((n, s) => n + s.units, 0),
      );
  });

  it('skips shelves outside the planogram, without goods or without capacity', () => {
    const list = pickList([
      shelf({ locationId: '1', inPlanogram: false }),
      shelf({ locationId: '2', goodsId: null }),
      shelf({ locationId: '3', capacity: null }),
      shelf({ locationId: '4', refillStock: 0 }),
    ]);
    expect(list.shelves.map((s) => s.locationId)).toEqual(['4']);
    expect(list.goods).toEqual([{ goodsId: 'g-tea', goodsName: '冰绿茶', units: 12 }]);
  });

  it('takes the goods name from the first shelf that has one', () => {
    const list = pickList([
      shelf({ locationId: '1', goodsName: null, refillStock: 0 }),
      shelf({ locationId: '2', goodsName: '冰绿茶', refillStock: 0 }),
    ]);
    expect(list.goods).toEqual([{ goodsId: 'g-tea', goodsName: '冰绿茶', units: 24 }]);
  });

  it('is empty for no shelves', () => {
    expect(pickList([])).toEqual({ goods: [], shelves: [] });
  });
});

describe('to par (D95)', () => {
  const none = { beforeVisit: 0, untilNext: 0 };
  it('loads the expected sales until the next visit plus the margin, less the stock at the visit', () => {
    // 10 expected: margin max(2, √10 ≈ 3.16) → target 13.16 → 14; 5 on the shelf → 9.
    expect(parUnitsToLoad(24, 5, { beforeVisit: 0, untilNext: 10 })).toBe(9);
    // 3 sell before the van comes: 2 left at the visit → 12.
    expect(parUnitsToLoad(24, 5, { beforeVisit: 3, untilNext: 10 })).toBe(12);
    // 100 expected: 20 % (20) beats √100 (10) → 120, capped by capacity 60.
    expect(parUnitsToLoad(60, 0, { beforeVisit: 0, untilNext: 100 })).toBe(60);
    // 1 expected: √1 = 1 → 2.
    expect(parUnitsToLoad(12, 0, { beforeVisit: 0, untilNext: 1 })).toBe(2);
  });

  it('never loads below 0, nor for a shelf that sells nothing, and counts unknown stock as empty', () => {
    expect(parUnitsToLoad(24, 20, { beforeVisit: 0, untilNext: 4 })).toBe(0);
    expect(parUnitsToLoad(24, 3, none)).toBe(0);
    expect(parUnitsToLoad(24, null, { beforeVisit: 0, untilNext: 4 })).toBe(6);
    expect(safetyUnits(0)).toBe(0);
  });

  it('loads a shelf without a forecast to capacity, and says so; totals fall against filling', () => {
    const shelves = [
      shelf({
        locationId: '1',
        refillStock: 12,
        soldSinceRefill: 10,
        expected: { beforeVisit: 0, untilNext: 3 },
      }),
      shelf({ locationId: '2', refillStock: 12, soldSinceRefill: 10, expected: null }),
    ];
    const full = pickList(shelves);
    const par = pickList(shelves, 'par');
    expect(full.shelves.map((s) => s.units)).toEqual([10, 10]);
    expect(full.shelves[0]).not.toHaveProperty('fullUnits');
    // 3 expected → target ceil(3 + √3) = 5, 2 on the shelf → 3.
    expect(par.shelves.map((s) => [s.units, s.fullUnits, s.forecast])).toEqual([
      [3, 10, true],
      [10, 10, false],
    ]);
    expect(par.goods).toEqual([{ goodsId: 'g-tea', goodsName: '冰绿茶', units: 13 }]);
  });

  it('with the visit ahead, filling to capacity counts what sells before it too', () => {
    expect(fullUnitsToLoad(12, 7, { beforeVisit: 4, untilNext: 0 })).toBe(9);
    expect(fullUnitsToLoad(12, 7, null)).toBe(5);
    expect(fullUnitsToLoad(12, null, { beforeVisit: 4, untilNext: 0 })).toBe(12);
    // Expected sales are fractions; loads are whole units, rounded up.
    expect(fullUnitsToLoad(12, 7, { beforeVisit: 2.6, untilNext: 0 })).toBe(8);
    expect(parUnitsToLoad(24, 5, { beforeVisit: 2.6, untilNext: 10 })).toBe(12);
  });
});
