import { describe, expect, it } from 'vitest';
import { sortFleet } from './sort';
import type { MachineListItem } from './queries';

const m = (assetId: string, o: Partial<MachineListItem> = {}): MachineListItem => ({
  assetId,
  name: null,
  platform: 'smartvending',
  incomplete: false,
  siteName: null,
  lineName: null,
  areaName: null,
  online: null,
  vmcOk: null,
  doorOpen: null,
  sellable: null,
  soldOutShelves: 0,
  totalShelves: 0,
  openFaults: 0,
  lastSeenAt: null,
  earliestSoldOutAt: null,
  ...o,
});
const ids = (items: MachineListItem[]) => items.map((x) => x.assetId);

describe("the overview's fleet table sort", () => {
  const fleet = [
    m('A', { sellable: true, soldOutShelves: 1, name: 'Zeta' }),
    m('B', { sellable: false, soldOutShelves: 4, name: 'alpha' }),
    m('C', { sellable: null, soldOutShelves: 4 }),
    m('D', { sellable: false, soldOutShelves: 0, name: 'Beta' }),
  ];
  it('puts machines that cannot sell first, unknown last either way, ties by asset ID', () => {
    expect(ids(sortFleet(fleet, 'sale', 'asc'))).toEqual(['B', 'D', 'A', 'C']);
    expect(ids(sortFleet(fleet, 'sale', 'desc'))).toEqual(['A', 'B', 'D', 'C']);
  });
  it('sorts counts as numbers and names as text, empty names last', () => {
    expect(ids(sortFleet(fleet, 'soldOut', 'desc'))).toEqual(['B', 'C', 'A', 'D']);
    expect(ids(sortFleet(fleet, 'name', 'asc'))).toEqual(['B', 'D', 'A', 'C']);
  });
});
