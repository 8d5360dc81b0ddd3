import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { migratePg, openPg, type PgDb } from '@/db/engine/postgres/client';
import { machineSeen as sqliteSeen } from '@/db/machine-seen';
import {
  replacePlanogram as sqlitePlanogram,
  type PlanogramContainer,
} from '@/db/queries/machines';
import { setShelfState as sqliteShelfState } from '@/db/queries/status';
import { UTC_CALENDAR } from '@/db/rollups';
import {
  applyRefillToShelves as sqliteApplyRefill,
  keepShelfStock as sqliteKeep,
  type ShelfSale,
} from '@/db/shelf-stock';
import { rng } from '@/e2e/support/rng';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import { machineSeen } from './machine-seen';
import { replacePlanogram } from './machines';
import { applyRefillToShelves, keepShelfStock } from './shelf-stock';
import { setShelfState } from './status';

/**
 * The stock basis and the machines' shelf figures: SQLite keeps them with db/shelf-stock.ts and
 * 7 triggers, PostgreSQL with ./shelf-stock.ts and migration 0001's triggers. The same random
 * history of planograms, status pushes, settlements (some stored again), trades (some changed),
 * platform counts and a shelf moved must leave the same shelves and figures on both, and the
 * figures must be what the shelves sum to by lib/domain's rules (recounted here).
 */
let cluster: PgCluster;
let pg: PgDb;
let lite: Db;

beforeAll(async () => {
  cluster = await startPgCluster();
  await migratePg(cluster.url);
  pg = openPg(cluster.url, { max: 4 });
  lite = openDatabase(':memory:', { calendar: UTC_CALENDAR });
}, 60_000);

afterAll(async () => {
  await pg?.$client.end();
  cluster?.stop();
});

interface Engine {
  touch(assetId: string, at: number): Promise<void>;
  planogram(assetId: string, p: PlanogramContainer[]): Promise<void>;
  shelfState(
    assetId: string,
    cid: string,
    locationId: string,
    soldOut: boolean,
    at: number,
  ): Promise<void>;
  /** Stores a settlement (again: its rows replaced) and applies it; its id. */
  settle(
    assetId: string,
    refillTime: number,
    rows: [string | null, string, number][],
  ): Promise<void>;
  trade(t: ShelfSale & { tradeId: string }): Promise<void>;
  platformSold(
    assetId: string,
    cid: string,
    locationId: string,
    sold: number | null,
    at: number,
  ): Promise<void>;
  /** Moves a shelf to another machine, as container `${cid}m` there. */
  move(fromAsset: string, cid: string, locationId: string, toAsset: string): Promise<void>;
  shelves(): Promise<Record<string, unknown>[]>;
  figures(): Promise<Record<string, unknown>[]>;
}

const SHELF_COLUMNS = `asset_id, cid, location_id, goods_id, capacity, valve, sold_out, in_planogram,
  refill_stock, refill_time, sold_since_refill, platform_sold, platform_sold_at`;

const sqliteEngine = (db: Db): Engine => {
  const c = db.$client;
  const trades = new Map<string, ShelfSale>();
  return {
    touch: async (a, at) => sqliteSeen(db).touch(a, 'client', at),
    planogram: async (a, p) => sqlitePlanogram(db, a, p),
    shelfState: async (a, cid, loc, soldOut, at) =>
      sqliteShelfState(db, {
        assetId: a,
        cid,
        locationId: loc,
        soldOut,
        soldoutTime: soldOut ? at : null,
        at,
      }),
    settle: async (a, time, rows) => {
      let id = c
        .prepare('select id from refill_settlements where asset_id = ? and refill_time = ?')
        .pluck()
        .get(a, time) as number | undefined;
      if (id) c.prepare('delete from refill_shelves where settlement_id = ?').run(id);
      else
        id = Number(
          c
            .prepare(
              `insert into refill_settlements (asset_id, refill_time, source, received_at) values (?, ?, 'push', ?)`,
            )
            .run(a, time, time).lastInsertRowid,
        );
      const ins = c.prepare(
        'insert into refill_shelves (settlement_id, cid, location_id, stock) values (?, ?, ?, ?)',
      );
      for (const [cid, loc, stock] of rows) ins.run(id, cid, loc, stock);
      sqliteApplyRefill(c, { settlementId: id, assetId: a, refillTime: time });
    },
    trade: async (t) => {
      const before = trades.get(t.tradeId);
      const v = [
        t.assetId,
        t.cid ?? null,
        t.locationId ?? null,
        t.delivery ?? null,
        t.count ?? null,
        t.payTime ?? null,
        t.createTime ?? null,
      ];
      if (before)
        c.prepare(
          `update trades set asset_id = ?, cid = ?, location_id = ?, delivery = ?, count = ?, pay_time = ?, create_time = ? where trade_id = ?`,
        ).run(...v, t.tradeId);
      else
        c.prepare(
          `insert into trades (asset_id, cid, location_id, delivery, count, pay_time, create_time, trade_id, source, first_seen_at, updated_at)
          values (?, ?, ?, ?, ?, ?, ?, ?, 'push', 0, 0)`,
        ).run(...v, t.tradeId);
      trades.set(t.tradeId, t);
      sqliteKeep(db, before, t);
    },
    platformSold: async (a, cid, loc, sold, at) => {
      c.prepare(
        'update shelves set platform_sold = ?, platform_sold_at = ? where asset_id = ? and cid = ? and location_id = ?',
      ).run(sold, at, a, cid, loc);
    },
    move: async (from, cid, loc, to) => {
      c.prepare(
        'update shelves set asset_id = ?, cid = ? where asset_id = ? and cid = ? and location_id = ?',
      ).run(to, `${cid}m`, from, cid, loc);
    },
    shelves: async () =>
      c
        .prepare(`select ${SHELF_COLUMNS} from shelves order by asset_id, cid, location_id`)
        .all() as Record<string, unknown>[],
    figures: async () =>
      c.prepare('select * from machine_shelf_figures order by asset_id').all() as Record<
        string,
        unknown
      >[],
  };
};

const pgEngine = (db: PgDb): Engine => {
  const trades = new Map<string, ShelfSale>();
  const rows = async (q: ReturnType<typeof sql>) => (await db.execute(q)).rows;
  return {
    touch: (a, at) => machineSeen(db).touch(a, 'client', at),
    planogram: (a, p) => replacePlanogram(db, a, p),
    shelfState: (a, cid, loc, soldOut, at) =>
      setShelfState(db, {
        assetId: a,
        cid,
        locationId: loc,
        soldOut,
        soldoutTime: soldOut ? at : null,
        at,
      }),
    settle: (a, time, list) =>
      db.transaction(async (tx) => {
        const [found] = (
          await tx.execute<{ id: number }>(
            sql`select id from refill_settlements where asset_id = ${a} and refill_time = ${time}`,
          )
        ).rows;
        let id = found?.id;
        if (id) await tx.execute(sql`delete from refill_shelves where settlement_id = ${id}`);
        else
          id = (
            await tx.execute<{
              id: number;
            }>(sql`insert into refill_settlements (asset_id, refill_time, source, received_at)
            values (${a}, ${time}, 'push', ${time}) returning id`)
          ).rows[0]!.id;
        for (const [cid, loc, stock] of list)
          await tx.execute(
            sql`insert into refill_shelves (settlement_id, cid, location_id, stock) values (${id}, ${cid}, ${loc}, ${stock})`,
          );
        await applyRefillToShelves(tx, { settlementId: id, assetId: a, refillTime: time });
      }),
    trade: (t) =>
      db.transaction(async (tx) => {
        const before = trades.get(t.tradeId);
        if (before)
          await tx.execute(sql`update trades set asset_id = ${t.assetId}, cid = ${t.cid ?? null}, location_id = ${t.locationId ?? null},
            delivery = ${t.delivery ?? null}, count = ${t.count ?? null}, pay_time = ${t.payTime ?? null}, create_time = ${t.createTime ?? null}
            where trade_id = ${t.tradeId}`);
        else
          await tx.execute(sql`insert into trades (asset_id, cid, location_id, delivery, count, pay_time, create_time, trade_id, source, first_seen_at, updated_at)
            values (${t.assetId}, ${t.cid ?? null}, ${t.locationId ?? null}, ${t.delivery ?? null}, ${t.count ?? null}, ${t.payTime ?? null},
              ${t.createTime ?? null}, ${t.tradeId}, 'push', 0, 0)`);
        trades.set(t.tradeId, t);
        await keepShelfStock(tx, before, t);
      }),
    platformSold: async (a, cid, loc, sold, at) => {
      await db.execute(
        sql`update shelves set platform_sold = ${sold}, platform_sold_at = ${at} where asset_id = ${a} and cid = ${cid} and location_id = ${loc}`,
      );
    },
    move: async (from, cid, loc, to) => {
      await db.execute(
        sql`update shelves set asset_id = ${to}, cid = ${`${cid}m`} where asset_id = ${from} and cid = ${cid} and location_id = ${loc}`,
      );
    },
    shelves: () =>
      rows(sql.raw(`select ${SHELF_COLUMNS} from shelves order by asset_id, cid, location_id`)),
    figures: () => rows(sql`select * from machine_shelf_figures order by asset_id`),
  };
};

/** lib/domain's rules over the shelves (SQLite's NULL rule for a NULL platform count). */
function recount(shelves: Record<string, unknown>[], assetIds: string[]) {
  const out = new Map(
    assetIds.map((a) => [
      a,
      {
        asset_id: a,
        shelf_count: 0,
        known_shelves: 0,
        sold_out_shelves: 0,
        under_valve_shelves: 0,
        units_since_refill: 0,
        units_to_load: 0,
      },
    ]),
  );
  for (const s of shelves as Record<string, number | null>[]) {
    if (s.in_planogram !== 1) continue;
    const f = out.get(s.asset_id as unknown as string)!;
    const fetched =
      s.platform_sold_at != null && s.refill_time != null && s.platform_sold_at > s.refill_time;
    const sold = fetched
      ? s.platform_sold == null
        ? 0
        : Math.max(s.sold_since_refill!, s.platform_sold)
      : Math.max(s.sold_since_refill!, 0);
    const est = s.refill_stock == null ? null : Math.max(0, s.refill_stock - Math.max(0, sold));
    f.shelf_count++;
    if (s.sold_out === 1 || s.refill_stock != null) f.known_shelves++;
    if (s.sold_out === 1) f.sold_out_shelves++;
    if (s.sold_out === 0 && est != null && est <= (s.valve ?? 0)) f.under_valve_shelves++;
    if (s.refill_time != null) f.units_since_refill += sold;
    if (s.goods_id != null && s.capacity != null)
      f.units_to_load += Math.max(0, s.capacity - (s.sold_out === 1 || est == null ? 0 : est));
  }
  return [...out.values()];
}

const ASSETS = ['M1', 'M2', 'M3', 'M4'];
const CIDS = ['1', '2'];
const LOCS = ['1', '2', '3', '10', '11'];

/** One random history, as the same calls on each engine. */
async function history(seed: number, engines: Engine[]) {
  const r = rng(seed);
  const all = async (f: (e: Engine) => Promise<void>) => {
    for (const e of engines) await f(e);
  };
  let t = 1_760_000_000;
  for (const a of ASSETS.slice(0, 3)) await all((e) => e.touch(a, t));
  const planogram = (): PlanogramContainer[] =>
    CIDS.filter(() => r.chance(0.8)).map((cid) => ({
      cid,
      type: r.int(1, 3),
      shelves: LOCS.filter(() => r.chance(0.8)).map((locationId) => ({
        locationId,
        goodsId: r.chance(0.9) ? `g${r.int(1, 5)}` : undefined,
        capacity: r.chance(0.9) ? r.int(4, 12) : undefined,
        valve: r.chance(0.7) ? r.int(0, 3) : undefined,
        price: r.int(100, 500),
      })),
    }));
  const asset = () => r.pick(ASSETS.slice(0, 3));
  let n = 0;
  let restored = 0;
  const settled: [string, number][] = [];
  for (let step = 0; step < 400; step++) {
    t += r.int(1, 600);
    const a = asset();
    const roll = r.next();
    if (roll < 0.06) {
      const p = planogram();
      await all((e) => e.planogram(a, p));
    } else if (roll < 0.2) {
      const [cid, loc, so] = [r.pick(CIDS), r.chance(0.1) ? '99' : r.pick(LOCS), r.chance(0.4)];
      await all((e) => e.shelfState(a, cid, loc, so, t));
    } else if (roll < 0.32) {
      // Sometimes a settlement stored again (its rows replaced), sometimes one older than the
      // latest.
      const again = settled.length > 0 && r.chance(0.3) ? r.pick(settled) : undefined;
      const sa = again?.[0] ?? a;
      const time = again?.[1] ?? (r.chance(0.2) ? t - r.int(0, 3000) : t);
      if (!again) settled.push([sa, time]);
      restored += again ? 1 : 0;
      const rows: [string | null, string, number][] = LOCS.filter(() => r.chance(0.6)).map(
        (loc) => [r.chance(0.15) ? null : r.pick(CIDS), loc, r.int(0, 10)],
      );
      await all((e) => e.settle(sa, time, rows));
    } else if (roll < 0.85) {
      const id = r.chance(0.25) && n > 0 ? `T${r.int(1, n)}` : `T${++n}`;
      const at = t - r.int(0, 900);
      const sale: ShelfSale & { tradeId: string } = {
        tradeId: id,
        assetId: a,
        cid: r.chance(0.1) ? null : r.pick(CIDS),
        locationId: r.pick(LOCS),
        delivery: r.pick(['delivered', 'delivered', 'delivered', 'failed'] as const),
        count: r.chance(0.7) ? null : r.int(1, 3),
        payTime: r.chance(0.85) ? at : null,
        createTime: at - 5,
      };
      await all((e) => e.trade(sale));
    } else if (roll < 0.95) {
      const [cid, loc, sold] = [r.pick(CIDS), r.pick(LOCS), r.chance(0.2) ? null : r.int(0, 12)];
      await all((e) => e.platformSold(a, cid, loc, sold, t));
    } else {
      const [cid, loc, to] = [r.pick(CIDS), r.pick(LOCS), r.pick(ASSETS)];
      await all((e) => e.touch(to, t));
      await all((e) => e.move(a, cid, loc, to));
    }
  }
  // Last, a platform count fetched after the refill but NULL: SQLite's max() makes the term NULL.
  const last = planogram();
  last.push({ cid: '3', shelves: [{ locationId: '1', goodsId: 'g1', capacity: 9, valve: 2 }] });
  await all((e) => e.planogram('M2', last));
  await all((e) => e.settle('M2', t + 10, [[null, '1', 6]]));
  await all((e) => e.platformSold('M2', '3', '1', null, t + 20));
  // And a shelf with a basis moved to another machine (the figures leave one row for the other).
  await all((e) =>
    e.planogram('M3', [{ cid: '4', shelves: [{ locationId: '1', goodsId: 'g2', capacity: 7 }] }]),
  );
  await all((e) => e.settle('M3', t + 30, [['4', '1', 5]]));
  await all((e) => e.move('M3', '4', '1', 'M1'));
  return { restored };
}

describe('the stock basis and shelf figures, SQLite and PostgreSQL after the same history', () => {
  it('leave the same shelves and figures, and the figures are the shelves summed', async () => {
    const [l, p] = [sqliteEngine(lite), pgEngine(pg)];
    const { restored } = await history(22, [l, p]);
    expect(restored).toBeGreaterThan(5);
    const [ls, ps] = [await l.shelves(), await p.shelves()];
    expect(ps).toEqual(ls);
    expect(ps.length).toBeGreaterThan(10);
    expect(ps.filter((s) => s.refill_stock != null).length).toBeGreaterThan(5);
    expect(ps.some((s) => (s.sold_since_refill as number) > 0)).toBe(true);
    // The rare paths happened: a shelf moved, a NULL platform count after the refill.
    expect(ps.some((s) => (s.cid as string).endsWith('m'))).toBe(true);
    expect(
      ps.some(
        (s) =>
          s.platform_sold == null && (s.platform_sold_at as number) > (s.refill_time as number),
      ),
    ).toBe(true);
    const [lf, pf] = [await l.figures(), await p.figures()];
    expect(pf).toEqual(lf);
    expect(pf).toEqual(
      recount(
        ps,
        pf.map((f) => f.asset_id as string),
      ),
    );
    expect(pf.reduce((sum, f) => sum + (f.units_to_load as number), 0)).toBeGreaterThan(0);
  }, 60_000);
});
