import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/status';
import { bothEngines, insertBoth } from './machine-parity';
import * as pgq from './status';

const e = bothEngines();
const AT = 1_760_000_000;

async function both<T>(
  f: (q: typeof lite | typeof pgq, db: never) => T | Promise<T>,
): Promise<[Awaited<T>, Awaited<T>]> {
  return [await f(lite, e.lite as never), await f(pgq, e.pg as never)];
}

describe('machine status on PostgreSQL, beside SQLite', () => {
  it('patch status rows alike, fields not in the patch kept', async () => {
    await insertBoth(
      e,
      'machines',
      ['A1', 'B2'].map((assetId) => ({
        assetId,
        platform: 'smartvending',
        incomplete: true,
        origin: 'placeholder',
        createdAt: AT,
        updatedAt: AT,
      })),
    );
    await both((q, db) => q.patchStatus(db, 'A1', { online: 1, doorState: 0, firmware: 'v1' }, AT));
    await both((q, db) => q.patchStatus(db, 'A1', { online: 0, faultCode: null }, AT + 60));
    const [l, p] = await both((q, db) => q.getStatus(db, 'A1'));
    expect(p).toEqual(l);
    expect(p).toMatchObject({
      online: 0,
      doorState: 0,
      firmware: 'v1',
      faultCode: null,
      updatedAt: AT + 60,
    });
    const [ln, pn] = await both((q, db) => q.getStatus(db, 'B2'));
    expect([pn, ln]).toEqual([undefined, undefined]);
  });

  it('insert events and temperatures in bulk, read the recent and the latest alike', async () => {
    // More rows than one PostgreSQL statement may bind parameters for (65,535).
    const events = Array.from({ length: 9000 }, (_, i) => ({
      assetId: i % 3 ? 'A1' : 'B2',
      at: AT + (i % 500),
      kind: 'online' as const,
      fromValue: i % 2 ? '0' : null,
      toValue: '1',
      cid: i % 5 ? '1' : null,
    }));
    await both((q, db) => q.insertEvents(db, events));
    const [le, pe] = await both((q, db) => q.recentEvents(db, 'A1', 50));
    expect(pe).toEqual(le);
    expect(pe).toHaveLength(50);
    expect(pe[0]!.at).toBe(AT + 499);
    const [le2, pe2] = await both((q, db) => q.recentEvents(db, 'B2'));
    expect(pe2).toEqual(le2);
    expect(pe2).toHaveLength(200);
    const temps = [3, 1, 2, 1, 3, 2, 1].map((c, i) => ({
      assetId: 'A1',
      cid: String(c),
      at: AT + (i % 3),
      leftRmTem: i * 10,
      chambers: i === 4 ? '[1]' : null,
    }));
    await both((q, db) =>
      q.insertTemperatures(db, [...temps, { assetId: 'B2', cid: '1', at: AT + 9 }]),
    );
    const [lt, pt] = await both((q, db) => q.latestTemperatures(db, 'A1'));
    expect(pt).toEqual(lt);
    expect(pt.map((t) => [t.cid, t.leftRmTem])).toEqual([
      ['1', 60],
      ['2', 50],
      ['3', 40],
    ]);
  });

  it('raise, clear and list faults alike', async () => {
    for (const [cid, pcode, at] of [
      ['1', 'P1', AT],
      ['1', 'P2', AT],
      ['2', 'P1', AT + 5],
      ['1', 'P3', AT - 5],
    ] as const)
      await both((q, db) => q.raiseFault(db, { assetId: 'A1', cid, pcode, ccode: 'C', at }));
    await both((q, db) =>
      q.raiseFault(db, { assetId: 'B2', cid: '1', pcode: 'P9', ccode: 'C', at: AT }),
    );
    await both((q, db) => q.clearFault(db, 2, AT + 10));
    const [lo, po] = await both((q, db) => q.openFaults(db, 'A1'));
    expect(po).toEqual(lo);
    expect(po.map((f) => f.pcode)).toEqual(['P1', 'P1', 'P3']);
    const [lr, pr] = await both((q, db) => q.recentFaults(db, 'A1', 3));
    expect(pr).toEqual(lr);
    expect(pr.map((f) => [f.pcode, f.clearedAt])).toEqual([
      ['P1', null],
      ['P2', AT + 10],
      ['P1', null],
    ]);
  });

  it('replace versions and apps alike, a repeated key stored once', async () => {
    await both((q, db) =>
      q.replaceVersions(
        db,
        'A1',
        [
          { name: 'b', type: 'hw', value: '1' },
          { name: 'a', type: 'sw' },
        ],
        AT,
      ),
    );
    await both((q, db) =>
      q.replaceVersions(
        db,
        'A1',
        [
          { name: 'z', type: 'sw', value: '2' },
          { name: 'a', type: 'sw', value: '3' },
          { name: 'a', type: 'sw', value: '4' },
          { name: 'a', type: 'hw' },
        ],
        AT + 1,
      ),
    );
    await both((q, db) =>
      q.replaceApps(
        db,
        'A1',
        [{ name: 'pay', version: '1.2' }, { name: 'ads' }, { name: 'pay', version: '9' }],
        AT,
      ),
    );
    const [lv, pv] = await both((q, db) => q.machineVersionRows(db, 'A1'));
    expect(pv).toEqual(lv);
    expect(pv.map((v) => [v.name, v.type, v.value])).toEqual([
      ['a', 'hw', null],
      ['a', 'sw', '3'],
      ['z', 'sw', '2'],
    ]);
    const [la, pa] = await both((q, db) => q.machineAppRows(db, 'A1'));
    expect(pa).toEqual(la);
    expect(pa.map((a) => [a.name, a.version])).toEqual([
      ['ads', null],
      ['pay', '1.2'],
    ]);
  });

  it('set and read shelf states alike, creating the shelf and its container when unknown', async () => {
    await both((q, db) =>
      q.setShelfState(db, {
        assetId: 'A1',
        cid: '7',
        locationId: '3',
        soldOut: true,
        soldoutTime: AT - 100,
        at: AT,
      }),
    );
    await both((q, db) =>
      q.setShelfState(db, {
        assetId: 'A1',
        cid: '7',
        locationId: '4',
        soldOut: false,
        soldoutTime: null,
        at: AT,
      }),
    );
    await both((q, db) =>
      q.setShelfState(db, {
        assetId: 'A1',
        cid: '7',
        locationId: '4',
        soldOut: true,
        soldoutTime: AT + 1,
        at: AT + 2,
      }),
    );
    for (const loc of ['3', '4', '5']) {
      const [l, p] = await both((q, db) => q.getShelfState(db, 'A1', '7', loc));
      expect(p).toEqual(l);
    }
    expect(await pgq.getShelfState(e.pg, 'A1', '7', '4')).toEqual({
      soldOut: true,
      soldoutTime: AT + 1,
      stateUpdatedAt: AT + 2,
    });
    const q =
      'select asset_id, cid, location_id, in_planogram, sold_out from shelves order by cid, location_id';
    expect((await e.pg.$client.query(q)).rows).toEqual(e.lite.$client.prepare(q).all());
    const c = 'select asset_id, cid, type from containers order by cid';
    expect((await e.pg.$client.query(c)).rows).toEqual([{ asset_id: 'A1', cid: '7', type: null }]);
    expect(e.lite.$client.prepare(c).all()).toEqual([{ asset_id: 'A1', cid: '7', type: null }]);
  });
});
