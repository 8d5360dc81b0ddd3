import { beforeEach, describe, expect, it } from 'vitest';
import { rng } from '@/e2e/support/rng';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import type { PushKind } from '@/db/schema';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { shelfStockBasis, stockBasis } from '@/db/queries/stock';
import { replaceShelfSales } from '@/db/queries/sync-data';
import { estimatedStock, stockLevel } from '@/lib/fleet/estimated-stock';

let db: Db;
let nonce = 0;

async function push(kind: PushKind, payload: Record<string, unknown>) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `s${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  await receiveNotification(db, kind, body, 1_760_100_000);
}

const REFILL = 1_760_000_000;
const sale = async (id: string, at: number, overrides: Record<string, unknown> = {}) =>
  await push(
    'trade',
    tradeMessage(id, 'S1', { payTime: String(at), createTime: String(at - 30), ...overrides }),
  );

beforeEach(async () => {
  db = openDb(':memory:');
  await push('device', deviceMessage('S1'));
});

describe('shelfStockBasis', () => {
  it('takes the last refill’s stock and the delivered units after it', async () => {
    await push('refill', refillMessage('S1', REFILL - 86_400, { shelfPaySales: [] }));
    await push('refill', refillMessage('S1', REFILL)); // shelf 2: stock 12
    await sale('before', REFILL - 10);
    await sale('same-second', REFILL);
    await sale('after-1', REFILL + 60);
    await sale('after-2', REFILL + 120, { count: '2' });
    await sale('failed', REFILL + 180, { deliverStatus: '3' });
    await sale('other-shelf', REFILL + 240, { locationId: '1' });
    const rows = await shelfStockBasis(db, { assetId: 'S1' });
    expect(rows).toEqual([
      {
        cid: 'S1',
        locationId: '1',
        soldOut: false,
        refillStock: null,
        refillTime: null,
        soldSinceRefill: 0,
      },
      {
        cid: 'S1',
        locationId: '2',
        soldOut: false,
        refillStock: 12,
        refillTime: REFILL,
        soldSinceRefill: 3,
      },
    ]);
  });

  it('uses the latest settlement that lists the shelf, and reports sold-out shelves', async () => {
    await push('refill', refillMessage('S1', REFILL));
    await push('refill', refillMessage('S1', REFILL + 3600, { shelfPaySales: [] }));
    await push(
      'status',
      statusMessage('S1', { shelvesState: [{ cid: 'S1', shelvesId: '2', state: 1 }] }),
    );
    const shelf2 = (await shelfStockBasis(db, { assetId: 'S1' })).find((r) => r.locationId === '2');
    expect(shelf2).toMatchObject({ soldOut: true, refillStock: 12, refillTime: REFILL });
  });

  it('takes §6.2’s count when the platform gave it after the refill and it is higher', async () => {
    await push('refill', refillMessage('S1', REFILL)); // shelf 2: stock 12
    await sale('ours', REFILL + 60);
    const shelf2 = async () =>
      (await shelfStockBasis(db, { assetId: 'S1' })).find((r) => r.locationId === '2');
    expect(await shelf2()).toMatchObject({ soldSinceRefill: 1 });
    // The platform saw 5 (pushes we lost): the higher count stands.
    await replaceShelfSales(db, 'S1', [{ cid: 'S1', locationId: '2', units: 5 }], REFILL + 600);
    expect(await shelf2()).toMatchObject({ soldSinceRefill: 5 });
    // Trades since the fetch make ours the higher one again.
    for (let i = 0; i < 6; i++) await sale(`later-${i}`, REFILL + 700 + i);
    expect(await shelf2()).toMatchObject({ soldSinceRefill: 7 });
    // A count fetched before the refill is about another refill: ignored.
    await replaceShelfSales(db, 'S1', [{ cid: 'S1', locationId: '2', units: 50 }], REFILL - 10);
    expect(await shelf2()).toMatchObject({ soldSinceRefill: 7 });
    // And the overview's narrowed read sees a shelf the platform's count makes low.
    await replaceShelfSales(db, 'S1', [{ cid: 'S1', locationId: '2', units: 11 }], REFILL + 800);
    const low = (await stockBasis(db, { fleet: true }, { mayBeLow: true })).map(
      (r) => r.locationId,
    );
    expect(low).toEqual(['2']);
  });

  it('matches settlement rows without cid by location', async () => {
    const rows = refillMessage('S1', REFILL).shelfPaySales.map(({ cid: _c, ...s }) => ({
      ...s,
      locationId: '1',
      stock: 5,
    }));
    await push('refill', refillMessage('S1', REFILL, { shelfPaySales: rows }));
    await sale('a', REFILL + 5, { locationId: '1', cid: '' });
    const shelf1 = (await shelfStockBasis(db, { assetId: 'S1' })).find((r) => r.locationId === '1');
    expect(shelf1).toMatchObject({ refillStock: 5, soldSinceRefill: 1 });
  });
});

/** The basis recounted from the settlements and trades (the rule of D36, as the triggers keep it). */
function recount(db: Db) {
  return db.$client
    .prepare(
      `select s.asset_id as assetId, s.cid, s.location_id as locationId,
         rs.stock as refillStock, st.refill_time as refillTime,
         case when st.refill_time is null then 0 else (
           select coalesce(sum(coalesce(t.count, 1)), 0) from trades t
           where t.asset_id = s.asset_id and t.location_id = s.location_id
             and (t.cid = s.cid or t.cid is null) and t.delivery = 'delivered'
             and coalesce(t.pay_time, t.create_time) > st.refill_time) end as soldSinceRefill
       from shelves s
       left join refill_shelves rs on rs.id = (
         select rs2.id from refill_shelves rs2
         join refill_settlements st2 on st2.id = rs2.settlement_id
         where st2.asset_id = s.asset_id and rs2.location_id = s.location_id
           and (rs2.cid = s.cid or rs2.cid is null)
         order by st2.refill_time desc, rs2.id desc limit 1)
       left join refill_settlements st on st.id = rs.settlement_id
       order by s.asset_id, s.cid, s.location_id`,
    )
    .all();
}

describe('the shelves’ stock basis kept as trades and settlements arrive', () => {
  it.each([1, 2, 3, 4])('equals a recount after a random history (seed %i)', async (seed) => {
    const r = rng(seed);
    await push('device', deviceMessage('S2'));
    const assets = ['S1', 'S2'];
    const trades: Record<string, unknown>[] = [];
    const refills: { assetId: string; at: number }[] = [];
    const shelfRow = (assetId: string, locationId: string, withCid: boolean) => ({
      ...(withCid ? { cid: assetId } : {}),
      locationId,
      goodsId: 'g-tea',
      price: 300,
      stock: r.int(0, 12),
      refillCount: r.int(0, 12),
      paySales: [],
    });
    for (let i = 0; i < 500; i++) {
      // The last hundred events are trades only: no later settlement recounts what they did.
      const roll = i < 400 ? r.next() : r.next() * 0.7;
      const assetId = r.pick(assets);
      if (roll < 0.5 || trades.length === 0) {
        // A new trade, on a shelf that may not exist yet, with or without its container.
        const at = REFILL + r.int(-3, 30) * 3600;
        const m = {
          ...tradeMessage(`t${i}`, assetId),
          locationId: r.pick(['1', '2', '3']),
          cid: r.pick([assetId, assetId, '']),
          count: r.pick(['1', '1', '2', '']),
          deliverStatus: r.pick(['0', '0', '-1', '3']),
          payTime: r.pick([String(at), String(at), '']),
          createTime: String(at - 40),
        };
        trades.push(m);
        await push('trade', m);
      } else if (roll < 0.7) {
        // The same trade again: delivered or paid now, an earlier state that must lose, or fixed.
        const prev = r.pick(trades);
        const next = { ...prev };
        const change = r.int(0, 4);
        if (change === 0) next.deliverStatus = '0';
        if (change === 1) next.payTime = String(Number(prev.createTime) + 40);
        if (change === 2) next.deliverStatus = '-1';
        // A corrected time that may cross a refill, or a corrected count.
        if (change === 3) next.payTime = String(Number(prev.createTime) + r.int(-20, 20) * 3600);
        if (change === 4) next.count = r.pick(['1', '2', '3']);
        await push('trade', next);
      } else if (roll < 0.85) {
        // A settlement at a time that may be before others already stored.
        const at = REFILL + r.int(0, 30) * 3600;
        refills.push({ assetId, at });
        const shelves = ['1', '2', '3']
          .filter(() => r.next() < 0.7)
          .map((loc) => shelfRow(assetId, loc, r.next() < 0.8));
        await push('refill', refillMessage(assetId, at, { shelfPaySales: shelves }));
      } else if (roll < 0.93 && refills.length) {
        // A settlement stored again with other shelves and stock.
        const again = r.pick(refills);
        const shelves = ['1', '2']
          .filter(() => r.next() < 0.6)
          .map((loc) => shelfRow(again.assetId, loc, true));
        await push('refill', refillMessage(again.assetId, again.at, { shelfPaySales: shelves }));
      } else if (roll < 0.97) {
        // A planogram that adds shelf 3 after settlements and trades already named it.
        const m = deviceMessage(assetId);
        const container = m.containers[0]!;
        await push('device', {
          ...m,
          containers: [
            {
              ...container,
              shelves: [...container.shelves, { ...container.shelves[1]!, location_id: '3' }],
            },
          ],
        });
      } else {
        // A status push that names a shelf no planogram has.
        await push(
          'status',
          statusMessage(assetId, {
            shelvesState: [{ cid: assetId, shelvesId: String(r.int(4, 5)), state: 1 }],
          }),
        );
      }
    }
    const kept = (await stockBasis(db, { fleet: true })).map((s) => ({
      assetId: s.assetId,
      cid: s.cid,
      locationId: s.locationId,
      refillStock: s.refillStock,
      refillTime: s.refillTime,
      soldSinceRefill: s.soldSinceRefill,
    }));
    const expected = recount(db);
    expect(expected.length).toBeGreaterThan(4);
    expect(kept.sort(byShelf)).toEqual((expected as typeof kept).sort(byShelf));
    // The history must have exercised the rule, not only empty shelves.
    expect(kept.filter((s) => s.soldSinceRefill > 0).length).toBeGreaterThan(0);
    // The overview's narrowed read finds every shelf the rule calls low, and only those.
    const low = (rows: Awaited<ReturnType<typeof stockBasis>>) =>
      rows
        .filter(
          (s) =>
            s.inPlanogram &&
            stockLevel({ soldOut: s.soldOut, estimated: estimatedStock(s), valve: s.valve }) ===
              'low',
        )
        .map((s) => `${s.assetId}/${s.cid}/${s.locationId}`);
    expect(low(await stockBasis(db, { fleet: true })).length).toBeGreaterThan(0);
    expect(low(await stockBasis(db, { fleet: true }, { mayBeLow: true }))).toEqual(
      low(await stockBasis(db, { fleet: true })),
    );
  });
});

const byShelf = (a: { assetId: string; cid: string; locationId: string }, b: typeof a) =>
  `${a.assetId}/${a.cid}/${a.locationId}`.localeCompare(`${b.assetId}/${b.cid}/${b.locationId}`);
