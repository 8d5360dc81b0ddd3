import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/pulled-trades';
import { insertTrade as liteInsertTrade } from '@/db/queries/push';
import { machines as liteMachines, trades as liteTrades } from '@/db/schema';
import { machines as pgMachines, trades as pgTrades } from '@/db/engine/postgres/schema';
import { insertTrade as pgInsertTrade } from './push';
import * as pgq from './pulled-trades';
import { bothEngines, tradeFields } from './ingest-test-support';

const e = bothEngines();

describe('pulled trades (PostgreSQL parity)', () => {
  it('finds, renames and re-ids trades the same', async () => {
    const rows = [
      { tradeId: 'T1', orderNo: 'O1', assetId: 'A1', source: 'pull', delivery: 'delivered' },
      { tradeId: null, orderNo: 'O1', assetId: 'A1', source: 'push' },
      { tradeId: 'T3', orderNo: 'O3', assetId: 'A2', delivery: 'failed' },
    ];
    for (const f of rows) {
      await liteInsertTrade(e.lite, { fields: tradeFields(f), at: 100 });
      await pgInsertTrade(e.pg, { fields: tradeFields(f), at: 100 });
    }
    for (const no of ['O1', 'O3', 'O9'])
      expect(await pgq.tradeByOrderNo(e.pg, no)).toEqual(await lite.tradeByOrderNo(e.lite, no));
    expect(await pgq.tradeByOrderNo(e.pg, 'O1')).toEqual({
      id: 1,
      tradeId: 'T1',
      source: 'pull',
      delivery: 'delivered',
    });
    for (const [db, q] of [
      [e.lite, lite],
      [e.pg, pgq],
    ] as const) {
      await q.renameTrade(db as never, { from: 'T3', to: 'T3b' });
      await q.renameTrade(db as never, { from: 'none', to: 'x' });
      await q.setTradeId(db as never, { id: 2, tradeId: 'T2' });
    }
    const a = e.lite.select().from(liteTrades).orderBy(liteTrades.id).all();
    const b = await e.pg.select().from(pgTrades).orderBy(pgTrades.id);
    expect(b).toEqual(a);
    expect(b.map((r) => r.tradeId)).toEqual(['T1', 'T2', 'T3b']);
  });

  it('adds a pulled machine only when it is new', async () => {
    const out: boolean[][] = [[], []];
    for (const [i, db, q] of [
      [0, e.lite, lite],
      [1, e.pg, pgq],
    ] as const) {
      out[i]!.push(
        await q.insertPulledMachine(db as never, { assetId: 'A1', clientId: 'C', at: 5 }),
      );
      out[i]!.push(
        await q.insertPulledMachine(db as never, { assetId: 'A1', clientId: 'D', at: 6 }),
      );
      out[i]!.push(
        await q.insertPulledMachine(db as never, { assetId: 'A2', clientId: 'C', at: 7 }),
      );
    }
    expect(out[1]).toEqual(out[0]);
    expect(out[1]).toEqual([true, false, true]);
    const a = e.lite.select().from(liteMachines).orderBy(liteMachines.assetId).all();
    const b = await e.pg.select().from(pgMachines).orderBy(pgMachines.assetId);
    expect(b).toEqual(a);
    expect(b[0]).toMatchObject({
      clientId: 'C',
      incomplete: true,
      origin: 'pull',
      lastSeenAt: null,
    });
  });
});
