import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/machine-list';
import type { MachineListParams } from '@/db/queries/machine-list';
import { bothEngines, seedFleet, type Engines } from './fleet-reads-fixture';
import * as pg from './machine-list';

let e: Engines;

beforeAll(async () => {
  e = await bothEngines();
  await seedFleet(e);
}, 60_000);

afterAll(async () => {
  await e?.stop();
});

const SORTS = ['assetId', 'name', 'site', 'line', 'lastSeen', 'soldOut', 'soldOutAt'] as const;
const FILTERS: Omit<MachineListParams, 'limit' | 'offset'>[] = [
  {},
  { area: 'north' },
  { area: 'South' },
  { line: 'L2' },
  { site: 'S1' },
  { platform: 'saas' },
  { platform: 'smartvending' },
  { online: true },
  { online: false },
  { faults: true },
  { faults: false },
  { soldOut: true },
  { soldOut: false },
  { q: 'ALP' },
  { q: 'ś' },
  { q: 'Ś' },
  { q: '_%' },
  { q: '%' },
  { q: 'cab' },
  { q: '' },
  { q: 'nothing like it' },
  { online: false, faults: true, line: 'l0' },
];

describe('listMachines on PostgreSQL', () => {
  it('answers what SQLite answers for every filter, sort, direction and page', async () => {
    let compared = 0;
    for (const f of FILTERS)
      for (const sort of SORTS)
        for (const dir of ['asc', 'desc'] as const)
          for (const [limit, offset] of [
            [50, 0],
            [3, 3],
            [4, 40],
            [600, 0], // a page that counts every shelf once (WIDE_PAGE)
          ] as const) {
            const p: MachineListParams = { ...f, sort, dir, limit, offset };
            const want = await lite.listMachines(e.lite, p);
            expect(await pg.listMachines(e.pg, p), JSON.stringify(p)).toEqual(want);
            compared += want.items.length;
          }
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);

  it('sorts names byte by byte with empty ones last, and decodes cabinets as machines', async () => {
    const byName = await pg.listMachines(e.pg, { sort: 'name', limit: 50, offset: 0 });
    expect(byName.items.map((r) => r.assetId)).toEqual([
      'A100', // Alpha (ties by asset ID)
      'F000', // Alpha
      'S600', // Cab
      'S700', // Cab two
      'D500', // Gamma_%
      'E900', // alpha
      'a200', // beta
      'S800', // cab three
      'C400', // Ćafe
      'B300', // no name
    ]);
    expect(byName.total).toBe(10);
    const cabinet = byName.items.find((r) => r.assetId === 'S600')!;
    expect(cabinet).toMatchObject({ online: 0, isSale: 1, platform: 'saas', incomplete: false });
    const failed = byName.items.find((r) => r.assetId === 'S700')!;
    expect(failed).toMatchObject({ online: null, isSale: 0 });
    expect(byName.items.find((r) => r.assetId === 'A100')).toEqual({
      assetId: 'A100',
      name: 'Alpha',
      platform: 'smartvending',
      incomplete: false,
      siteName: 'S1',
      lineName: 'L1',
      areaName: 'South',
      online: 0,
      vmcOnline: 0,
      doorState: 1,
      isSale: 1,
      soldOutShelves: 1,
      totalShelves: 3,
      openFaults: 1,
      lastSeenAt: 1000,
    });
  });

  it('counts the total only past a full page, and answers an empty page past the end', async () => {
    const page = await pg.listMachines(e.pg, { limit: 3, offset: 3 });
    expect(page.items.map((r) => r.assetId)).toEqual(['D500', 'E900', 'F000']);
    expect(page.total).toBe(10);
    expect(await pg.listMachines(e.pg, { q: 'alp', limit: 5, offset: 0 })).toMatchObject({
      total: 3,
    });
    expect(await pg.listMachines(e.pg, { limit: 5, offset: 50 })).toEqual({ items: [], total: 10 });
    expect(await pg.listMachines(e.pg, { q: 'zzz', limit: 5, offset: 0 })).toEqual({
      items: [],
      total: 0,
    });
  });
});
