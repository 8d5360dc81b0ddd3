import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { projectRefill } from '@/lib/ingest/refill';
import { refillContentSchema } from '@/lib/ingest/push/refill-schema';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import type { PushKind } from '@/db/schema';
import { visitDetail, visitList } from './visits';

let db: Db;
let nonce = 0;
const VISIT = 1_760_000_000;
const LAST = VISIT - 86_400;

async function push(kind: PushKind, payload: Record<string, unknown>, at = VISIT + 600) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `n${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  return await receiveNotification(db, kind, body, at);
}

const sale = async (id: string, t: number, o: Record<string, unknown> = {}) =>
  await push(
    'trade',
    tradeMessage(id, 'A1', { payTime: String(t), createTime: String(t - 20), ...o }),
  );

const pay = (
  total: number,
  units: number,
  extra: { name: string; sales: number; units: number }[] = [],
) => [
  { name: 'total', sales: total, units },
  { name: 'cash', sales: 0, units: 0 },
  { name: 'cashless', sales: total, units },
  ...(units ? [{ name: 'wechat', sales: total, units }] : []),
  ...extra,
];

/** A settlement of shelf 2 (tea, 3.00) reporting `units` sold by WeChat. */
async function settle(units: number, o: Record<string, unknown> = {}) {
  const base = refillMessage('A1', VISIT);
  const shelf = { ...base.shelfPaySales[0]!, paySales: pay(units * 300, units) };
  return await push('refill', {
    ...base,
    paySales: pay(units * 300, units),
    shelfPaySales: [shelf],
    ...o,
  });
}

beforeEach(async () => {
  db = openDb(':memory:');
  await push('device', deviceMessage('A1'), LAST - 3600);
  // Three tea sales by WeChat in the window; one before it, one at the visit itself (the
  // next window's), and one that failed to vend and was refunded: none of those three count.
  await sale('in-1', LAST + 100);
  await sale('in-2', LAST + 5000);
  await sale('in-3', VISIT - 1);
  await sale('before', LAST - 1);
  await sale('at-visit', VISIT);
  await sale('failed', LAST + 200, { deliverStatus: '3', refundStatus: '2', refundFee: '300' });
});

const only = async () => (await visitList(db, {}, { limit: 10, offset: 0 })).items[0]!;

describe('refill reconciliation', () => {
  it('matches a settlement that counts exactly our delivered trades in its window', async () => {
    await settle(3);
    expect(await only()).toMatchObject({ verdict: 'matched', expected: { units: 3, sales: 900 } });
    const d = (await visitDetail(db, (await only()).id))!;
    expect(d.reconciliation.window).toEqual({ from: LAST, to: VISIT });
    expect(d.reconciliation.shelves[0]).toMatchObject({ locationId: '2', status: 'matched' });
  });

  it('says trades are missing when the machine sold more than we heard of', async () => {
    await settle(4);
    expect((await only()).verdict).toBe('trades_missing');
    const shelf = (await visitDetail(db, (await only()).id))!.reconciliation.shelves[0]!;
    expect(shelf.status).toBe('over');
    expect(shelf.lines.find((l) => l.name === 'wechat')).toMatchObject({
      expected: { units: 3, sales: 900 },
      reported: { units: 4, sales: 1200 },
      difference: { units: 1, sales: 300 },
      status: 'over',
    });
  });

  it('is a variance when the machine reported less, or a shelf we sold from is not in it', async () => {
    await settle(2);
    expect((await only()).verdict).toBe('variance');
    expect((await visitDetail(db, (await only()).id))!.reconciliation.shelves[0]!.status).toBe(
      'short',
    );

    await sale('ginger', LAST + 300, { locationId: '1', goodsId: 'g-ginger', price: '500' });
    await settle(3, { refillTime: VISIT, lastRefillTime: LAST });
    const d = (await visitDetail(db, (await only()).id))!.reconciliation;
    expect(d.verdict).toBe('variance');
    expect(d.shelves.find((s) => s.locationId === '1')).toMatchObject({
      reported: false,
      status: 'short',
    });
  });

  it('checks the cash against the coin counts reported in the window', async () => {
    await push('status', statusMessage('A1', { coin5Count: 40, coin10Count: 40 }), LAST + 60);
    await sale('cash-1', LAST + 400, { payStyle: '4', price: '350' });
    await push('status', statusMessage('A1', { coin5Count: 41, coin10Count: 43 }), LAST + 410);
    await push('status', statusMessage('A1', { coin5Count: 41, coin10Count: 43 }), LAST + 500);
    await push('status', statusMessage('A1', { coin5Count: 40, coin10Count: 40 }), VISIT + 60);
    const pays = pay(900, 3, [])
      .map((p) => (p.name === 'total' ? { ...p, sales: 1250, units: 4 } : p))
      .map((p) => (p.name === 'cash' ? { ...p, sales: 350, units: 1 } : p));
    const base = refillMessage('A1', VISIT);
    await push('refill', {
      ...base,
      paySales: pays,
      shelfPaySales: [{ ...base.shelfPaySales[0]!, paySales: pays }],
    });
    const coins = (await visitDetail(db, (await only()).id))!.reconciliation.coins!;
    expect(coins).toMatchObject({
      start: { at: LAST + 60, coin5: 40, coin10: 40 },
      end: { at: LAST + 410, coin5: 41, coin10: 43 },
      counted: 350,
      expectedCash: 350,
      reportedCash: 350,
      difference: 0,
      status: 'matched',
    });
  });

  it('takes the count standing before the window when only one reading falls in it', async () => {
    await push('status', statusMessage('A1', { coin5Count: 40, coin10Count: 40 }), LAST - 600);
    await push('status', statusMessage('A1', { coin5Count: 40, coin10Count: 43 }), LAST + 410);
    await settle(3);
    expect((await visitDetail(db, (await only()).id))!.reconciliation.coins).toMatchObject({
      start: { at: LAST - 600 },
      end: { at: LAST + 410 },
      counted: 300,
      expectedCash: 0,
      status: 'over',
    });
  });

  it('reports no coin check when no count arrived in the window', async () => {
    await push('status', statusMessage('A1', { coin5Count: 40, coin10Count: 40 }), LAST - 600);
    await settle(3);
    expect((await visitDetail(db, (await only()).id))!.reconciliation.coins).toMatchObject({
      end: null,
      counted: null,
      status: null,
    });
  });

  it('marks settlements recovered through §8.2, and filters by verdict and source', async () => {
    await settle(3);
    const recovered = refillContentSchema.parse({
      ...refillMessage('A1', VISIT + 86_400),
      lastRefillTime: VISIT,
      paySales: pay(300, 1),
    });
    await projectRefill(
      { db, clientId: 'unit-client', inboxId: 0, receivedAt: VISIT + 90_000 },
      recovered,
      'pull',
    );
    const all = (await visitList(db, {}, { limit: 10, offset: 0 })).items;
    expect(all.map((v) => [v.source, v.verdict])).toEqual([
      ['pull', 'trades_missing'],
      ['push', 'matched'],
    ]);
    const matched = await visitList(db, { verdict: 'matched' }, { limit: 10, offset: 0 });
    expect(matched.items.map((v) => v.source)).toEqual(['push']);
    expect((await visitList(db, { source: 'pull' }, { limit: 10, offset: 0 })).items).toHaveLength(
      1,
    );
  });
});
