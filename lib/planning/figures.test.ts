import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rng } from '@/e2e/support/rng';
import { openDb } from '@/lib/db';
import { MIGRATIONS_DIR, type Db } from '@/db/client';
import type { PushKind } from '@/db/schema';
import { stockBasis, type StockScope } from '@/db/queries/stock';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { estimatedStock } from '@/lib/fleet/estimated-stock';
import { isLoadable, unitsToLoad } from '@/lib/planning/pick-list';
import { rankMachines, urgencyOf, VELOCITY_DAYS } from '@/lib/planning/refill-priority';
import { machinePlans } from './plans';

/**
 * The fleet-wide planning path sums shelves per machine in SQL and reads recent units from a
 * partial index (issue 16). Here it must give exactly what the straightforward computation
 * gives: the statement it replaced (kept below as it was), every shelf read into objects and
 * lib/domain's rules applied one shelf at a time.
 */
let db: Db;
let nonce = 0;
const NOW = 1_760_100_000;
const H = 3600;
const D = 86_400;

async function push(kind: PushKind, payload: Record<string, unknown>) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `f${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  await receiveNotification(db, kind, body, NOW);
}

/** The machines statement before issue 16: two subqueries over the (asset_id, pay_time) index. */
const OLD_MACHINES = `
  select m.asset_id as assetId, m.name as name, m.site_id as siteId, si.name as siteName,
    m.line_id as lineId, l.name as lineName, s.online as online,
    case when s.asset_id is null then null else coalesce(
      (select max(e.at) from machine_events e where e.asset_id = m.asset_id and e.kind = 'online'),
      s.updated_at) end as onlineSince,
    (select max(r.refill_time) from refill_settlements r where r.asset_id = m.asset_id)
      as lastRefillTime,
    (select coalesce(sum(coalesce(t.count, 1)), 0) from trades t
      where t.asset_id = m.asset_id and t.pay_time > :since and t.delivery = 'delivered')
    + (select coalesce(sum(coalesce(t.count, 1)), 0) from trades t
      where t.asset_id = m.asset_id and t.pay_time is null and t.create_time > :since
        and t.delivery = 'delivered') as recentUnits
  from machines m
  left join sites si on si.id = m.site_id
  left join lines l on l.id = m.line_id
  left join machine_status s on s.asset_id = m.asset_id
  where m.asset_id in (select asset_id from machines where :fleet or line_id = :line)
  order by m.asset_id`;

interface OldRow {
  assetId: string;
  name: string | null;
  siteId: number | null;
  siteName: string | null;
  lineId: number | null;
  lineName: string | null;
  online: number | null;
  onlineSince: number | null;
  lastRefillTime: number | null;
  recentUnits: number;
}

/** machinePlans as it was: every planogram shelf as an object, the rules one shelf at a time. */
async function straightforward(scope: StockScope, now: number) {
  const line = 'lineId' in scope ? scope.lineId : null;
  const rows = db.$client
    .prepare(OLD_MACHINES)
    .all({ since: now - VELOCITY_DAYS * D, fleet: line === null ? 1 : 0, line }) as OldRow[];
  const shelves = (await stockBasis(db, scope)).filter((s) => s.inPlanogram);
  const inputs = rows.map((r) => {
    const own = shelves.filter((s) => s.assetId === r.assetId);
    const estimates = own.map((s) => estimatedStock(s));
    const online = r.online === null ? null : r.online === 0;
    return {
      assetId: r.assetId,
      name: r.name,
      siteId: r.siteId,
      siteName: r.siteName,
      lineId: r.lineId,
      lineName: r.lineName,
      online,
      offlineSince: online === false ? r.onlineSince : null,
      lastRefillTime: r.lastRefillTime,
      recentUnits: r.recentUnits,
      shelves: own.map((s, i) => ({
        soldOut: s.soldOut,
        soldoutTime: s.soldoutTime,
        estimated: estimates[i]!,
        valve: s.valve,
      })),
      shelfCount: own.length,
      knownShelves: estimates.filter((e) => e !== null).length,
      unitsSinceRefill: own.reduce(
        (n, s) => n + (s.refillTime === null ? 0 : s.soldSinceRefill),
        0,
      ),
      unitsToLoad: own.reduce(
        (n, s, i) => (isLoadable(s) ? n + unitsToLoad(s.capacity!, estimates[i]!) : n),
        0,
      ),
    };
  });
  return rankMachines(inputs, now).map(({ shelves: _s, ...m }) => ({
    ...m,
    unknownShelves: m.shelfCount - m.knownShelves,
    urgency: urgencyOf(m),
  }));
}

/** A random fleet through the receivers, then shelves pushed to the edges of each rule. */
async function randomFleet(seed: number) {
  const r = rng(seed);
  const machines = Array.from({ length: 14 }, (_, i) => `M${String(i).padStart(2, '0')}`);
  for (const id of machines) {
    const shelves = Array.from({ length: r.int(0, 5) }, (_, i) => ({
      location_id: String(i + 1),
      goods_id: `g${r.int(1, 4)}`,
      goods_name: '水',
      price: '300',
      capacity: r.int(1, 12),
      valve: r.int(0, 4),
    }));
    const place = { lineName: `L${r.int(1, 3)}`, siteName: `S${r.int(1, 5)}` };
    await push(
      'device',
      deviceMessage(id, { ...place, containers: [{ cid: id, type: 1, shelves }] }),
    );
    const refills = r.int(0, 2);
    for (let k = 0; k < refills; k++) {
      const listed = shelves.filter(() => r.chance(0.7));
      const shelfPaySales = listed.map((s) => ({
        cid: id,
        locationId: s.location_id,
        stock: r.int(0, 12),
      }));
      await push('refill', refillMessage(id, NOW - r.int(1, 20 * D), { shelfPaySales }));
    }
    for (let k = r.int(0, 12); k > 0; k--) {
      // Some exactly at the edge of the velocity window (for the first `now` below).
      const at = r.chance(0.2) ? NOW - VELOCITY_DAYS * D + r.int(0, 1) : NOW - r.int(0, 10 * D);
      const paid = r.chance(0.8);
      await push(
        'trade',
        tradeMessage(`${id}-${k}`, id, {
          locationId: String(r.int(1, 5)),
          ...(r.chance(0.2) ? { cid: '' } : {}),
          count: String(r.int(1, 3)),
          deliverStatus: r.pick(['0', '0', '0', '2', '-1']),
          payStatus: paid ? '1' : '0',
          payTime: paid ? String(at) : '',
          createTime: String(at - r.int(0, 2 * D)),
        }),
      );
    }
    if (r.chance(0.8))
      await push(
        'status',
        statusMessage(id, {
          online: r.pick([0, 1]),
          shelvesState: shelves
            .filter(() => r.chance(0.4))
            .map((s) => ({
              cid: id,
              shelvesId: s.location_id,
              state: 1,
              soldoutTime: String(NOW - r.int(0, 100 * H)),
            })),
        }),
      );
  }
  // A trade without a count counts as one.
  db.$client.exec('update trades set count = null where id % 4 = 0');
  // Edges the twin never sends, one column at a time: no valve, capacity or goods, a negative
  // valve, §6.2 counts, sales above the stock or below 0, a shelf sold out without a time or
  // one timed after now, a refill time without its stock.
  const edits: [string, () => unknown][] = [
    ['valve', () => r.pick([null, -1, 0, 2, 5])],
    ['capacity', () => r.pick([null, 0, 3, 12])],
    ['goods_id', () => r.pick([null, 'g1'])],
    ['sold_since_refill', () => r.pick([0, -2, 3, 20])],
    ['platform_sold', () => r.pick([null, 0, 6, 15])],
    ['platform_sold_at', () => r.pick([null, NOW - 30 * D, NOW - H])],
    ['soldout_time', () => r.pick([null, NOW + 2 * H, NOW - 5 * H, NOW - 80 * H])],
    ['sold_out', () => r.int(0, 1)],
    ['in_planogram', () => (r.chance(0.2) ? 0 : 1)],
    ['refill_stock', () => r.pick([null, 0, 4, 11])],
    ['refill_time', () => r.pick([null, NOW - 3 * D, NOW - 20 * D])],
  ];
  // §6.2 fetched after most refills, so its count decides when it is the higher.
  db.$client.prepare('update shelves set platform_sold_at = ? where id % 2 = 0').run(NOW - H);
  const ids = db.$client.prepare('select id from shelves order by id').pluck().all() as number[];
  for (let round = 0; round < 4; round++)
    for (const id of ids) {
      if (!r.chance(0.5)) continue;
      const [column, value] = r.pick(edits);
      db.$client.prepare(`update shelves set ${column} = ? where id = ?`).run(await value(), id);
    }
  // Shelves taken out, and one moved to another machine (the sums follow every row).
  for (const id of ids)
    if (r.chance(0.05)) db.$client.prepare('delete from shelves where id = ?').run(id);
  db.$client
    .prepare(`update shelves set asset_id = 'M00', location_id = 'moved' where id = ?`)
    .run(r.pick(ids));
}

beforeEach(() => {
  db = openDb(':memory:');
});

describe('machinePlans over shelves summed in SQL', () => {
  it.each([1, 2, 3, 4, 5, 6])('equals the straightforward computation (seed %i)', async (seed) => {
    await randomFleet(seed);
    const lines = db.$client.prepare('select id from lines').pluck().all() as number[];
    for (const now of [NOW, NOW + 50 * H, NOW + 9 * D]) {
      const scopes: StockScope[] = [{ fleet: true }, ...lines.map((lineId) => ({ lineId }))];
      for (const scope of scopes) {
        const fast = await machinePlans(db, scope, now);
        // Same figures, and the same members in the same order (the API's JSON).
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await straightforward(scope, now)));
      }
    }
  });
});

describe('a database from before the figures were kept', () => {
  it.each([1, 2, 3, 4])(
    'gets them from the migration as if it had always kept them (seed %i)',
    async (seed) => {
      await randomFleet(seed);
      const expected = JSON.stringify(await straightforward({ fleet: true }, NOW));
      // The migration's own statements that fill the table (the triggers are already there).
      const migration = fs.readFileSync(
        path.join(MIGRATIONS_DIR, '0016_machine_shelf_figures.sql'),
        'utf8',
      );
      const fills = migration
        .split('--> statement-breakpoint')
        .map((st) => st.replace(/^--.*$/gm, '').trim())
        .filter((st) => st.startsWith('INSERT'));
      expect(fills).toHaveLength(2);
      db.$client.exec('delete from machine_shelf_figures');
      for (const st of fills) db.$client.exec(st);
      expect(JSON.stringify(await machinePlans(db, { fleet: true }, NOW))).toBe(expected);
    },
  );
});
