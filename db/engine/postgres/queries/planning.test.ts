import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/planning';
import * as pg from './planning';
import {
  at,
  closeBoth,
  openBoth,
  refillBoth,
  seed,
  seedFleet,
  visits,
  type Both,
} from './planning-fixture';

let b: Both;

beforeAll(async () => {
  b = await openBoth();
  await seedFleet(b);
  for (const v of visits) await refillBoth(b, v);
}, 60_000);

afterAll(() => closeBoth(b));

describe('planning on PostgreSQL answers as on SQLite', () => {
  it('planningMachines, for the fleet, some machines and a line', async () => {
    for (const scope of [
      { fleet: true as const },
      { assetIds: ['M3', 'M1', 'MX'] },
      { lineId: 1 },
    ]) {
      const want = await lite.planningMachines(b.lite, scope, at(11));
      expect(await pg.planningMachines(b.pg, scope, at(11))).toEqual(want);
    }
    const rows = await pg.planningMachines(b.pg, { fleet: true }, at(11));
    expect(rows.map((r) => r.assetId)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    expect(rows[0]).toMatchObject({
      recentUnits: 8,
      onlineSince: at(3),
      lastRefillTime: at(20),
      online: 0,
      siteName: 'Mall',
      lineName: 'Alpha',
    });
    expect(rows[1]).toMatchObject({ onlineSince: at(6), lastRefillTime: null, name: null });
    expect(rows[2]).toMatchObject({ online: null, onlineSince: null, recentUnits: 0 });
    expect(await pg.planningMachines(b.pg, { assetIds: [] }, 0)).toEqual([]);
  });

  it('lineRows, all and one', async () => {
    for (const id of [undefined, 1, 2, 99])
      expect(await pg.lineRows(b.pg, id)).toEqual(await lite.lineRows(b.lite, id));
    const rows = await pg.lineRows(b.pg);
    expect(rows.map((r) => [r.name, r.areaName])).toEqual([
      ['Alpha', 'North'],
      ['Beta', null],
      ['Gamma', 'South'],
    ]);
  });

  it("siteRows, all and a line's (named, or where its machines stand)", async () => {
    for (const id of [undefined, 1, 2, 3])
      expect(await pg.siteRows(b.pg, id)).toEqual(await lite.siteRows(b.lite, id));
    expect((await pg.siteRows(b.pg, 1)).map((r) => [r.name, r.areaName])).toEqual([
      ['Mall', 'North'],
      ['Station', 'South'],
    ]);
    expect((await pg.siteRows(b.pg)).find((r) => r.name === 'Mall')).toMatchObject({
      longitude: 121.5,
      latitude: 31.25,
      lineId: 1,
    });
  });

  it('demandVersion, empty and after a fit', async () => {
    expect(await pg.demandVersion(b.pg)).toBe('0/0');
    const row = { shape: '[]', unitsPerDay: 1.5, utcOffset: 480, windowFrom: 0, windowTo: 1 };
    await seed(b, 'machineDemand', [
      { assetId: 'M1', fittedAt: at(40), ...row },
      { assetId: 'M2', fittedAt: at(41), ...row },
    ]);
    expect(await pg.demandVersion(b.pg)).toBe(await lite.demandVersion(b.lite));
    expect(await pg.demandVersion(b.pg)).toBe(`2/${at(41)}`);
  });
});
