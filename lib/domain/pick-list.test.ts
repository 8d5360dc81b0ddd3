import { describe, expect, it } from 'vitest';
import { pickList, unitsToLoad, type PickShelfInput } from './pick-list';

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
