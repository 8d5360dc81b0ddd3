import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { trades as liteTrades } from '@/db/schema';
import { trades as pgTrades } from '@/db/engine/postgres/schema';
import type { PgDb } from '@/db/engine/postgres/client';
import type { TradeInsert } from '@/db/queries/trades';

/** The rollups' parity tests' data and readers, over both engines (`e` of bothEngines). */
type Engines = { pg: PgDb; lite: Db };
export const SH = 'Asia/Shanghai';
export const NY = 'America/New_York';
export const utc = (s: string) => Date.parse(s) / 1000;

/** Both engines' rollup tables, in key order. */
export async function tables(e: Engines) {
  const order = 'order by grain, asset_id, bucket, goods_id, pay_style';
  const cols = 'grain, asset_id, bucket, goods_id, pay_style, units, gross, refunds, refunded';
  const lite = {
    rows: e.lite.$client.prepare(`select ${cols} from sales_rollups ${order}`).all(),
    goods: e.lite.$client.prepare('select * from rollup_goods order by goods_id').all(),
  };
  const pg = {
    rows: (await e.pg.execute(sql.raw(`select ${cols} from sales_rollups ${order}`))).rows,
    goods: (await e.pg.execute(sql`select * from rollup_goods order by goods_id`)).rows,
  };
  return { lite, pg };
}

export async function clear(e: Engines) {
  e.lite.$client.exec('delete from sales_rollups; delete from rollup_goods; delete from trades');
  await e.pg.execute(sql`delete from sales_rollups`);
  await e.pg.execute(sql`delete from rollup_goods`);
  await e.pg.execute(sql`delete from trades`);
}

/** Times around local midnights, month ends and the DST changes of both zones' years. */
export const EDGES = [
  '2026-03-08T04:59:59Z', // 23:59:59 EST, the night before New York springs forward
  '2026-03-08T05:00:00Z',
  '2026-03-08T06:59:59Z', // 01:59:59 EST
  '2026-03-08T07:00:00Z', // 03:00 EDT
  '2026-03-09T03:59:59Z',
  '2026-03-09T04:00:00Z', // the first EDT midnight
  '2026-11-01T03:59:59Z',
  '2026-11-01T04:00:00Z',
  '2026-11-01T05:30:00Z', // 01:30 EDT, then
  '2026-11-01T06:30:00Z', // 01:30 EST
  '2026-11-02T04:59:59Z',
  '2026-11-02T05:00:00Z',
  '2026-01-31T15:59:59Z', // 23:59:59 in Shanghai, a month's last second
  '2026-01-31T16:00:00Z',
  '2026-02-28T16:00:00Z',
  '1990-04-14T17:59:59Z', // Shanghai's own DST years (1986–1991)
  '1990-04-14T18:00:00Z',
  '1990-09-15T16:30:00Z',
  '1970-01-01T00:00:00Z',
].map(utc);

function trade(i: number, time: number): TradeInsert {
  return {
    tradeId: `T${i}`,
    assetId: `A${i % 3}`,
    goodsId: i % 4 ? `G${i % 5}` : null,
    goodsName: i % 3 ? `商品${i % 5}` : null,
    goodsNumber: i % 2 ? `N${i}` : null,
    typeName: i % 7 ? null : '饮料',
    price: 150 + (i % 6) * 50,
    count: i % 5 ? 1 : null,
    cost: i % 9 ? null : 480,
    payStyle: i % 8 === 5 ? 8 : i % 6 === 1 ? null : i % 4,
    payStatus: i % 10 === 9 ? 0 : 1,
    payTime: i % 11 === 3 ? null : time,
    createTime: i % 13 === 4 ? null : time - 30,
    refundStatus: i % 6 === 2 ? 2 : i % 6 === 3 ? 1 : 0,
    refundFee: i % 6 === 2 ? 100 : null,
    source: 'push',
    firstSeenAt: time,
    updatedAt: time,
  };
}

export const batch = () => [
  ...EDGES.map((t, i) => trade(i, t)),
  ...Array.from({ length: 240 }, (_, i) => trade(100 + i, utc('2026-10-30T00:00:00Z') + i * 1789)),
];

export async function load(e: Engines, rows: TradeInsert[]) {
  e.lite.insert(liteTrades).values(rows).run();
  await e.pg.insert(pgTrades).values(rows);
}
