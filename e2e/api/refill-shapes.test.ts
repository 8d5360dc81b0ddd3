import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from '../support/auth';
import { deviceMessage, tradeMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { olderRefill, SHELVES, SOLD, v09Refill } from '../support/refill-shapes';
import { startServer, type RunningServer } from '../support/server';

/**
 * A refill settlement pushed in the vendor's older shape against the same one in V0.9's, on two
 * machines with the same planogram and the same trades: the same settlement, reconciliation and
 * CSV, the older body kept as it came, and its amounts checked by meaning (D72).
 */
let server: RunningServer;
const VISIT = 1_763_900_000;
const LAST = VISIT - 86_400;
const OLD = 'OLD-SHAPE-1';
const NEW = 'V09-SHAPE-1';

const planogram = (assetId: string) =>
  deviceMessage(assetId, {
    containers: ['A', 'B'].map((cid) => ({
      cid,
      type: cid === 'A' ? 1 : 3,
      shelves: SHELVES.filter((s) => s.cid === cid).map((s) => ({
        location_id: s.locationId,
        goods_id: s.goodsId,
        goods_name: s.goodsName,
        price: String(s.price),
        capacity: 10,
        valve: 2,
      })),
    })),
  });

interface Visit {
  id: number;
  assetId: string;
  verdict: string;
}

beforeAll(async () => {
  server = await startServer();
  for (const assetId of [OLD, NEW]) {
    expect((await push(server, 'device', planogram(assetId))).status).toBe(200);
    let n = 0;
    // Every sale the settlement reports but one WeChat tea: the visit has trades missing.
    for (const s of SOLD)
      for (let u = 0; u < s.units - (s.payStyle === 2 ? 1 : 0); u++) {
        const shelf = SHELVES[s.shelf]!;
        const t = LAST + 3600 * ++n;
        const r = await push(
          server,
          'trade',
          tradeMessage(`${assetId}-${n}`, assetId, {
            cid: shelf.cid,
            locationId: shelf.locationId,
            goodsId: shelf.goodsId,
            goodsName: shelf.goodsName,
            price: String(shelf.price),
            payStyle: String(s.payStyle),
            payTime: String(t),
            createTime: String(t - 10),
          }),
        );
        expect(r.status).toBe(200);
      }
  }
  expect((await push(server, 'refill', olderRefill(OLD, VISIT, LAST))).body).toEqual({
    result: 'SUCCESS',
  });
  expect((await push(server, 'refill', v09Refill(NEW, VISIT, LAST))).body).toEqual({
    result: 'SUCCESS',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const visitOf = async (assetId: string) => {
  const r = await getJson<{ items: Visit[] }>(server, `/api/v1/refills?assetId=${assetId}`);
  expect(r.body.items).toHaveLength(1);
  return r.body.items[0]!;
};
/** An answer with one machine's id and asset id put as the other's, to compare the two. */
const as = (
  text: string,
  from: { id: number; assetId: string },
  to: { id: number; assetId: string },
) => text.replaceAll(from.assetId, to.assetId).replaceAll(`"id":${from.id}`, `"id":${to.id}`);

describe('the older refill shape (D72)', () => {
  it('reconciles exactly as its V0.9 twin', async () => {
    const older = await visitOf(OLD);
    const v09 = await visitOf(NEW);
    expect(older.verdict).toBe('trades_missing');
    // The two pushes may be received in different seconds; everything else is the same.
    expect(as(JSON.stringify({ ...older, receivedAt: 0 }), older, v09)).toBe(
      JSON.stringify({ ...v09, receivedAt: 0 }),
    );
    const a = await getJson<Record<string, unknown>>(server, `/api/v1/refills/${older.id}`);
    const b = await getJson<Record<string, unknown>>(server, `/api/v1/refills/${v09.id}`);
    expect(a.status).toBe(200);
    // Which inbox message it came in and when it was received are the only differences.
    const same = (body: Record<string, unknown>) => ({ ...body, inboxId: 0, receivedAt: 0 });
    expect(as(JSON.stringify(same(a.body)), older, v09)).toBe(JSON.stringify(same(b.body)));
    const r = a.body as {
      refillTime: number;
      lastRefillTime: number;
      reconciliation: { payments: { name: string; status: string }[] };
    };
    expect([r.refillTime, r.lastRefillTime]).toEqual([VISIT, LAST]);
    expect(r.reconciliation.payments.find((l) => l.name === 'wechat')?.status).toBe('over');
  });

  it('exports the same CSV, in both languages', async () => {
    const older = await visitOf(OLD);
    const v09 = await visitOf(NEW);
    for (const locale of ['zh-CN', 'en']) {
      const csv = async (id: number) =>
        (
          await authedFetch(server.admin!, `/api/v1/refills/${id}?format=csv`, {
            headers: { cookie: `${server.admin!.cookie}; locale=${locale}` },
          })
        ).text();
      const a = await csv(older.id);
      const b = await csv(v09.id);
      expect(a.split('\r\n')[0]).toContain(String(older.id));
      expect(a.replaceAll(OLD, NEW).replace(String(older.id), String(v09.id))).toBe(b);
      expect(a).toContain('红茶');
    }
  });

  it('keeps the older body as it came in the inbox', async () => {
    const r = await getJson<{ items: { id: number }[] }>(server, '/api/v1/inbox?kind=refill');
    const bodies = await Promise.all(
      r.body.items.map(
        async (i) =>
          (await getJson<{ body: string; status: string }>(server, `/api/v1/inbox/${i.id}`)).body,
      ),
    );
    const one = { body: bodies.find((b) => b.body.includes(OLD) && b.status !== 'rejected')! };
    expect(one.body.status).toBe('processed');
    const raw = JSON.parse(one.body.body) as {
      cidPaySales: { machineType: number }[];
      createTime: number;
    };
    expect(raw.createTime).toBe(VISIT * 1000);
    expect(raw.cidPaySales.map((c) => c.machineType)).toEqual([1, 3]);
  });

  it('refuses an older amount out of range, naming it where it stands, and changes nothing', async () => {
    const bad = olderRefill(OLD, VISIT + 86_400, VISIT);
    (bad.cidPaySales[0]!.shelvesPaySales[1] as Record<string, unknown>).alipayCount = -1;
    const r = await push(server, 'refill', bad);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ result: 'FAIL', errorCode: 'INVALID_FIELD' });
    expect(String(r.body.message)).toContain('cidPaySales.0.shelvesPaySales.1.alipayCount');
    const list = await getJson<{ items: Visit[] }>(server, `/api/v1/refills?assetId=${OLD}`);
    expect(list.body.items).toHaveLength(1);
  });
});
