import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/overview';
import { bothEngines, seedFleet, type Engines } from './fleet-reads-fixture';
import * as pg from './overview';

let e: Engines;

beforeAll(async () => {
  e = await bothEngines();
  await seedFleet(e);
  const reading = (id: number, assetId: string, cid: string, at: number, o = {}) => ({
    id,
    assetId,
    cid,
    at,
    leftRmTem: id,
    ...o,
  });
  await e.insert('temperatureReadings', [
    reading(1, 'A100', 'master', 100),
    reading(2, 'A100', 'master', 200, { cryTemUL: 8, cryTemDL: 2 }),
    reading(3, 'A100', 'master', 200, { cryTemUL: 9 }), // same time: the later row wins
    reading(4, 'A100', 'master', 150),
    reading(5, 'A100', '2', 150, { heatTemUL: 60 }),
    reading(6, 'a200', 'master', 50, { chambers: '{"wh1":4,"wh2":null}' }),
    reading(7, 'GHOST', 'master', 300),
  ]);
}, 60_000);

afterAll(async () => {
  await e?.stop();
});

describe('the overview on PostgreSQL', () => {
  it('fleetCounts counts as SQLite does', async () => {
    const counts = await pg.fleetCounts(e.pg);
    expect(counts).toEqual(await lite.fleetCounts(e.lite));
    expect(counts).toEqual({
      machines: 10,
      online: 3, // A100, E900, S600 (its poll)
      offline: 3, // a200, C400, F000 (S700's poll failed: unknown)
      sellable: 3, // A100, C400, S600 (E900 and a200 are all sold out)
      notSellable: 3, // a200, E900 (emptied), S700 (locked)
      doorsOpen: 3,
      withFaults: 3, // a machine we do not know counts too, as on SQLite
      soldOutShelves: 5,
      machinesSoldOut: 3,
    });
  });

  it('ranks the alert sources by since, then asset, with the total', async () => {
    for (const limit of [0, 1, 2, 50]) {
      for (const before of [0, 800, 1200, 5000]) {
        const p = { before, limit };
        expect(await pg.offlineMachines(e.pg, p)).toEqual(await lite.offlineMachines(e.lite, p));
        expect(await pg.openDoors(e.pg, p)).toEqual(await lite.openDoors(e.lite, p));
        expect(await pg.staleMachines(e.pg, p)).toEqual(await lite.staleMachines(e.lite, p));
      }
      const p = { limit };
      expect(await pg.openFaultRows(e.pg, p)).toEqual(await lite.openFaultRows(e.lite, p));
      expect(await pg.soldOutByMachine(e.pg, p)).toEqual(await lite.soldOutByMachine(e.lite, p));
      expect(await pg.clockAheadMachines(e.pg, p)).toEqual(
        await lite.clockAheadMachines(e.lite, p),
      );
    }
    const offline = await pg.offlineMachines(e.pg, { before: 5000, limit: 50 });
    // a200 since its last online event (800); C400 and F000 tie at 1200, by asset ID.
    expect(offline.map((r) => [r.assetId, r.since, r.total])).toEqual([
      ['a200', 800, 3],
      ['C400', 1200, 3],
      ['F000', 1200, 3],
    ]);
    const soldOut = await pg.soldOutByMachine(e.pg, { limit: 2 });
    expect(soldOut).toEqual([
      {
        assetId: 'E900',
        name: 'alpha',
        siteName: 'S1',
        lineName: null,
        since: 50,
        shelves: 2,
        total: 3,
      },
      {
        assetId: 'A100',
        name: 'Alpha',
        siteName: 'S1',
        lineName: 'L1',
        since: 100,
        shelves: 1,
        total: 3,
      },
    ]);
    const faults = await pg.openFaultRows(e.pg, { limit: 50 });
    expect(faults.map((f) => [f.assetId, f.pcode])).toEqual([
      ['A100', 'P1'],
      ['C400', 'P3'],
    ]);
    expect(await pg.staleMachines(e.pg, { before: 0, limit: 5 })).toEqual([]);
    const clocks = await pg.clockAheadMachines(e.pg, { limit: 5 });
    expect(clocks.map((c) => [c.assetId, c.aheadBy])).toEqual([
      ['D500', 30],
      ['a200', 120],
    ]);
  });

  it('machineRefs names the machines asked for', async () => {
    for (const ids of [['S600', 'A100', 'a200', 'nope'], []]) {
      expect(await pg.machineRefs(e.pg, ids)).toEqual(await lite.machineRefs(e.lite, ids));
    }
    expect(await pg.machineRefs(e.pg, ['F000'])).toEqual([
      { assetId: 'F000', name: 'Alpha', siteName: null, lineName: 'L2' },
    ]);
  });

  it('latestReadings gives each container its newest reading, as SQLite does', async () => {
    const latest = await pg.latestReadings(e.pg);
    expect(latest).toEqual(await lite.latestReadings(e.lite));
    expect(latest.map((r) => [r.assetId, r.cid, r.at, r.leftRmTem, r.cryTemUL])).toEqual([
      ['A100', '2', 150, 5, null],
      ['A100', 'master', 200, 3, 9],
      ['a200', 'master', 50, 6, null],
    ]);
    expect(latest[2]!.chambers).toBe('{"wh1":4,"wh2":null}');
  });
});
