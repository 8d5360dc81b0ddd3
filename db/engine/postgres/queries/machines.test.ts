import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/machines';
import { bothEngines, insertBoth } from './machine-parity';
import * as pgq from './machines';

const e = bothEngines();
const AT = 1_760_000_000;

async function both<T>(
  f: (q: typeof lite | typeof pgq, db: never) => T | Promise<T>,
): Promise<[Awaited<T>, Awaited<T>]> {
  const a = await f(lite, e.lite as never);
  const b = await f(pgq, e.pg as never);
  return [a, b];
}

describe('machines on PostgreSQL, beside SQLite', () => {
  it('place, describe and page machines alike', async () => {
    await insertBoth(e, 'areas', [{ name: 'North' }]);
    await insertBoth(e, 'lines', [{ name: 'L1', areaId: 1, origin: 'push', updatedAt: AT }]);
    await insertBoth(e, 'sites', [
      {
        name: 'Station',
        lineId: 1,
        areaId: 1,
        longitude: 121.5,
        latitude: 31.2,
        origin: 'push',
        updatedAt: AT,
      },
    ]);
    const m = (assetId: string, platform: 'smartvending' | 'saas') => ({
      assetId,
      platform,
      incomplete: true,
      origin: 'placeholder',
      createdAt: AT,
      updatedAt: AT,
    });
    await insertBoth(e, 'machines', [
      m('B2', 'smartvending'),
      m('A1', 'smartvending'),
      m('C3', 'saas'),
      m('a0', 'smartvending'),
    ]);
    await both((q, db) =>
      q.placeMachine(db, { assetId: 'A1', name: 'Lobby', siteId: 1, lineId: 1, at: AT + 5 }),
    );
    await both((q, db) =>
      q.placeMachine(db, { assetId: 'B2', at: AT + 6, keepFlags: true, name: 'Kept' }),
    );
    await both((q, db) => q.setMachineDetails(db, { assetId: 'A1', areaId: 1, vender: 'Acme' }));
    await both((q, db) => q.setMachineDetails(db, { assetId: 'B2', vender: '' }));
    const [la, pa] = await both((q, db) => q.getMachine(db, 'A1'));
    expect(pa).toEqual(la);
    expect(pa?.machine).toMatchObject({
      name: 'Lobby',
      incomplete: false,
      siteName: 'Station',
      areaName: 'North',
      longitude: 121.5,
    });
    const [lb, pb] = await both((q, db) => q.getMachine(db, 'B2'));
    expect(pb).toEqual(lb);
    expect(pb?.machine.incomplete).toBe(true);
    expect(await pgq.getMachine(e.pg, 'nope')).toBeUndefined();

    const [lk, pk] = await both((q, db) => q.knownAssetIds(db, ['A1', 'Z9', 'C3', 'A1']));
    expect([...pk].sort()).toEqual([...lk].sort());
    expect([...pk].sort()).toEqual(['A1', 'C3']);
    // Byte order: 'B2' before 'a0', as SQLite's BINARY.
    const [lp, pp] = await both((q, db) => q.smartvendingAssetIds(db, { after: '', limit: 10 }));
    expect(pp).toEqual(lp);
    expect(pp).toEqual(['A1', 'B2', 'a0']);
    const [lp2, pp2] = await both((q, db) => q.smartvendingAssetIds(db, { after: 'A1', limit: 1 }));
    expect(pp2).toEqual(lp2);
    expect(pp2).toEqual(['B2']);
    const [lc, pc] = await both((q, db) => q.countSmartvendingMachines(db));
    expect([pc, lc]).toEqual([3, 3]);
  });

  it('replace a planogram alike: shelves kept, updated, added and removed, sold-out state kept', async () => {
    const first: lite.PlanogramContainer[] = [
      {
        cid: '1',
        type: 1,
        shelves: [
          { locationId: '1', goodsId: 'g1', price: 300, capacity: 8, valve: 2 },
          { locationId: '10', goodsId: 'g2' },
          { locationId: '2' },
          { locationId: '1A', img: 'x.png', imgMd5: 'ab' },
        ],
      },
      { cid: '2', shelves: [{ locationId: '1', goodsName: 'Tea' }] },
    ];
    await both((q, db) => q.replacePlanogram(db, 'A1', first));
    e.lite.$client
      .prepare(
        `update shelves set sold_out = 1 where asset_id = 'A1' and cid = '1' and location_id = '2'`,
      )
      .run();
    await e.pg.$client.query(
      `update shelves set sold_out = 1 where asset_id = 'A1' and cid = '1' and location_id = '2'`,
    );
    const second: lite.PlanogramContainer[] = [
      // A key listed twice: its last values win, as SQLite's upserts one by one leave it.
      {
        cid: '1',
        type: 2,
        shelves: [
          { locationId: '2', goodsId: 'g9', capacity: 5 },
          { locationId: '10', goodsId: 'g3' },
          { locationId: '3' },
          { locationId: '2', goodsId: 'g4', capacity: 6 },
        ],
      },
      { cid: '3', shelves: [] },
    ];
    await both((q, db) => q.replacePlanogram(db, 'A1', second));
    const [lm, pm] = await both((q, db) => q.getMachine(db, 'A1'));
    const strip = (x: typeof pm) => ({
      containers: x!.containers.map(({ id: _, ...c }) => c),
      shelves: x!.shelves.map(({ id: _, ...s }) => s),
    });
    expect(strip(pm)).toEqual(strip(lm));
    expect(pm!.containers.map((c) => [c.cid, c.type])).toEqual([
      ['1', 2],
      ['3', null],
    ]);
    expect(pm!.shelves.map((s) => [s.locationId, s.goodsId, s.soldOut])).toEqual([
      ['2', 'g4', true],
      ['3', null, false],
      ['10', 'g3', false],
    ]);
    const [ls, ps] = await both((q, db) => q.shelfPositions(db, 'A1'));
    expect(ps).toEqual(ls);
    await both((q, db) => q.replacePlanogram(db, 'A1', []));
    const [le, pe] = await both((q, db) => q.getMachine(db, 'A1'));
    expect([pe!.shelves, pe!.containers, le!.shelves]).toEqual([[], [], []]);
  });

  it('sort shelf numbers as SQLite casts them (2 before 10, text after)', async () => {
    const p: lite.PlanogramContainer[] = [
      {
        cid: '1',
        shelves: ['10', 'b', '2', '1A', '1', ' 3', '-1'].map((locationId) => ({ locationId })),
      },
    ];
    await both((q, db) => q.replacePlanogram(db, 'C3', p));
    const [l, g] = await both((q, db) => q.getMachine(db, 'C3'));
    expect(g!.shelves.map((s) => s.locationId)).toEqual(l!.shelves.map((s) => s.locationId));
  });

  it('upsert goods alike, fields not given kept', async () => {
    await both((q, db) =>
      q.upsertGoods(db, { goodsId: 'g2', number: 'N1', name: 'Cola', price: 300, at: AT }),
    );
    await both((q, db) => q.upsertGoods(db, { goodsId: 'g1', number: 'N1', at: AT }));
    await both((q, db) =>
      q.upsertGoods(db, { goodsId: 'g2', price: 350, manufacturer: 'M', at: AT + 1 }),
    );
    await both((q, db) => q.upsertGoods(db, { goodsId: 'g3', number: 'N2', at: AT }));
    const [ln, pn] = await both((q, db) => q.goodsIdsByNumber(db, 'N1'));
    expect([...pn].sort()).toEqual([...ln].sort());
    expect([...pn].sort()).toEqual(['g1', 'g2']);
    const lg = e.lite.$client.prepare('select * from goods order by goods_id').all();
    const pg = (await e.pg.$client.query('select * from goods order by goods_id')).rows;
    expect(pg).toEqual(lg);
    expect(pg[1]).toMatchObject({
      goods_id: 'g2',
      name: 'Cola',
      price: 350,
      manufacturer: 'M',
      updated_at: AT + 1,
    });
  });
});
