import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/org';
import * as pg from './org';
import { at, closeBoth, openBoth, seed, tableBoth, type Both } from './planning-fixture';

let b: Both;

beforeAll(async () => {
  b = await openBoth();
}, 60_000);

afterAll(() => closeBoth(b));

/** The same call on both engines: the ids they give must agree too. */
async function both<P>(f: (db: never, p: P) => unknown, g: (db: never, p: P) => unknown, p: P) {
  const l = await f(b.lite as never, p);
  const q = await g(b.pg as never, p);
  expect(q).toEqual(l);
  return q;
}

describe('areas, lines and sites on PostgreSQL answer as on SQLite', () => {
  it('ensureArea, ensureLine and ensureSite upsert by name and leave what is not given', async () => {
    expect(await both(lite.ensureArea, pg.ensureArea, 'North')).toBe(1);
    expect(await both(lite.ensureArea, pg.ensureArea, 'North')).toBe(1);
    await both(lite.ensureLine, pg.ensureLine, {
      name: 'Alpha',
      areaName: 'North',
      description: 'd',
      createTime: at(-5),
      origin: 'pull' as const,
      at: at(0),
    });
    await both(lite.ensureLine, pg.ensureLine, {
      name: 'Beta',
      origin: 'push' as const,
      at: at(1),
    });
    // Again, from a push: the description, area, origin and create time stay.
    expect(
      await both(lite.ensureLine, pg.ensureLine, {
        name: 'Alpha',
        origin: 'push' as const,
        at: at(2),
      }),
    ).toBe(1);
    await both(lite.ensureLine, pg.ensureLine, {
      name: 'Beta',
      areaName: 'South',
      origin: 'pull' as const,
      at: at(3),
    });
    await both(lite.ensureSite, pg.ensureSite, {
      name: 'Mall',
      lineId: 1,
      platformSiteId: 'P1',
      siteNumber: '001',
      address: 'Main 1',
      longitude: ' 121.473701 ',
      latitude: 31.230416,
      origin: 'pull' as const,
      at: at(0),
    });
    await both(lite.ensureSite, pg.ensureSite, {
      name: 'Station',
      areaName: 'East',
      origin: 'push' as const,
      at: at(0),
    });
    await both(lite.ensureSite, pg.ensureSite, {
      name: 'Mall',
      address: 'Main 2',
      origin: 'push' as const,
      at: at(4),
    });
    await both(lite.ensureSite, pg.ensureSite, {
      name: 'Odd',
      longitude: 'east',
      latitude: '1e2',
      origin: 'push' as const,
      at: at(4),
    });
    for (const [table, order] of [
      ['areas', 'id'],
      ['lines', 'id'],
      ['sites', 'id'],
    ]) {
      const t = await tableBoth(b, table!, order!);
      expect(t.pg).toEqual(t.lite);
    }
    const { pg: sites } = await tableBoth(b, 'sites', 'id');
    expect(sites[0]).toMatchObject({
      address: 'Main 2',
      longitude: 121.473701,
      longitude_text: '121.473701',
      line_id: 1,
      platform_site_id: 'P1',
    });
    expect(sites[2]).toMatchObject({ longitude: null, longitude_text: 'east', latitude: 100 });
  });

  it('listLines and listSites, with their machine counts', async () => {
    const machine = (assetId: string, siteId: number | null, lineId: number | null) => ({
      assetId,
      siteId,
      lineId,
      platform: 'smartvending',
      origin: 'push',
      createdAt: 0,
      updatedAt: 0,
    });
    await seed(b, 'machines', [
      machine('M1', 1, 1),
      machine('M2', 1, null),
      machine('M3', null, 1),
      machine('M4', 2, 2),
    ]);
    expect(await pg.listLines(b.pg)).toEqual(await lite.listLines(b.lite));
    expect(await pg.listSites(b.pg)).toEqual(await lite.listSites(b.lite));
    expect(
      (await pg.listLines(b.pg)).map((r) => [r.name, r.areaName, r.machineCount, r.description]),
    ).toEqual([
      ['Alpha', 'North', 2, 'd'],
      ['Beta', 'South', 1, null],
    ]);
    expect(
      (await pg.listSites(b.pg)).map((r) => [r.name, r.lineName, r.areaName, r.machineCount]),
    ).toEqual([
      ['Mall', 'Alpha', null, 2],
      ['Odd', null, null, 0],
      ['Station', null, 'East', 1],
    ]);
  });

  it('lineExists', async () => {
    for (const name of ['Alpha', 'alpha', 'Gamma'])
      expect(await pg.lineExists(b.pg, name)).toBe(await lite.lineExists(b.lite, name));
    expect(await pg.lineExists(b.pg, 'Beta')).toBe(true);
  });
});
