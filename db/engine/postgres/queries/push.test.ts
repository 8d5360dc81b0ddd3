import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/push';
import type { PushInboxRow } from '@/db/queries/push';
import { prepared } from '@/db/prepared';
import { inbox as liteInbox, trades as liteTrades } from '@/db/schema';
import { inbox as pgInbox, trades as pgTrades } from '@/db/engine/postgres/schema';
import * as pgq from './push';
import { tradeColumns } from './prepared';
import { bothEngines, tradeFields } from './ingest-test-support';

const e = bothEngines();

const msg = (nonce: string | null, o: Partial<PushInboxRow> = {}): PushInboxRow => ({
  kind: 'trade',
  clientId: 'C1',
  nonce,
  body: `{"n":"${nonce}"}`,
  receivedAt: 1_780_000_000,
  signForm: 'bare-lower',
  signCanonical: true,
  verification: 'ok',
  status: 'pending',
  error: null,
  processedAt: null,
  ...o,
});

describe('push (PostgreSQL parity)', () => {
  it('keeps the trade columns in the same order as SQLite', () => {
    expect(tradeColumns).toEqual(prepared(e.lite).tradeColumns);
  });

  it('stores a message exactly once per (client, nonce); null nonces always', async () => {
    const rows = [
      msg('n1'),
      msg('n2', { signCanonical: false, signForm: null }),
      msg('n1', { body: 'again' }),
      msg(null, { verification: 'sign_invalid', status: 'unverified' }),
      msg(null, { verification: 'sign_invalid', status: 'unverified' }),
      msg('n1', { clientId: 'C2' }),
    ];
    const got: unknown[][] = [[], []];
    for (const r of rows) {
      got[0]!.push(await lite.insertPush(e.lite, r));
      got[1]!.push(await pgq.insertPush(e.pg, r));
    }
    expect(got[1]).toEqual(got[0]);
    expect(got[1]).toEqual([{ id: 1 }, { id: 2 }, undefined, { id: 4 }, { id: 5 }, { id: 6 }]);
  });

  it('finds by nonce and marks outcomes, counting attempts', async () => {
    for (const [fn, db] of [
      [lite.markPush, e.lite],
      [pgq.markPush, e.pg],
    ] as const) {
      await fn(db as never, {
        id: 1,
        status: 'processed',
        error: null,
        processedAt: 1_780_000_005,
      });
      await fn(db as never, { id: 2, status: 'failed', error: 'boom', processedAt: 1_780_000_006 });
      await fn(db as never, {
        id: 2,
        status: 'failed',
        error: 'boom2',
        processedAt: 1_780_000_007,
      });
    }
    const a = await lite.pushByNonce(e.lite, { clientId: 'C1', nonce: 'n2' });
    const b = await pgq.pushByNonce(e.pg, { clientId: 'C1', nonce: 'n2' });
    expect(b).toEqual(a);
    expect(b).toEqual({ id: 2, body: '{"n":"n2"}', status: 'failed', error: 'boom2' });
    expect(await pgq.pushByNonce(e.pg, { clientId: 'C9', nonce: 'n2' })).toBeUndefined();
    const liteRows = e.lite.select().from(liteInbox).orderBy(liteInbox.id).all();
    const pgRows = await e.pg.select().from(pgInbox).orderBy(pgInbox.id);
    expect(pgRows).toEqual(liteRows);
    expect(pgRows[1]).toMatchObject({
      attempts: 2,
      signCanonical: false,
      processedAt: 1_780_000_007,
    });
  });

  it('inserts, reads and updates trades the same', async () => {
    const fields = [
      { tradeId: 'T1', assetId: 'A1', price: 350, count: 2, payStatus: 1, payTime: 1_780_000_000 },
      { tradeId: 'T2', assetId: 'A2', goodsName: '可乐', cost: 0, delivery: 'delivered' },
    ];
    for (const f of fields) {
      await lite.insertTrade(e.lite, { fields: tradeFields(f), at: 1_780_000_100 });
      await pgq.insertTrade(e.pg, { fields: tradeFields(f), at: 1_780_000_100 });
    }
    const a = await lite.tradeByTradeId(e.lite, 'T1');
    const b = await pgq.tradeByTradeId(e.pg, 'T1');
    expect(b).toEqual(a);
    expect(b).toMatchObject({ id: 1, price: 350, firstSeenAt: 1_780_000_100, cid: null });
    expect(await pgq.tradeByTradeId(e.pg, 'nope')).toBeUndefined();
    await lite.updateTrade(e.lite, { ...a!, refundStatus: 2, refundFee: 350, updatedAt: 9 });
    await pgq.updateTrade(e.pg, { ...b!, refundStatus: 2, refundFee: 350, updatedAt: 9 });
    const liteRows = e.lite.select().from(liteTrades).orderBy(liteTrades.id).all();
    const pgRows = await e.pg.select().from(pgTrades).orderBy(pgTrades.id);
    expect(pgRows).toEqual(liteRows);
    expect(pgRows[0]).toMatchObject({ refundStatus: 2, refundFee: 350, updatedAt: 9 });
  });

  it('stores concurrent redeliveries on several connections once', async () => {
    const many = await Promise.all(
      Array.from({ length: 8 }, () => pgq.insertPush(e.pg, msg('race'))),
    );
    expect(many.filter(Boolean)).toHaveLength(1);
    await lite.insertPush(e.lite, msg('race'));
  });
});
