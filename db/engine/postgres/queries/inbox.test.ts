import { describe, expect, it } from 'vitest';
import * as lite from '@/db/queries/inbox';
import type { InboxInsert } from '@/db/queries/inbox';
import { inbox as liteInbox } from '@/db/schema';
import { inbox as pgInbox } from '@/db/engine/postgres/schema';
import * as pgq from './inbox';
import { bothEngines } from './ingest-test-support';

const e = bothEngines();

const row = (i: number, o: Partial<InboxInsert> = {}): InboxInsert => ({
  kind: i % 3 === 0 ? 'status' : 'trade',
  clientId: i % 4 === 0 ? 'C2' : 'C1',
  nonce: `n${i}`,
  body: `{"i":${i}}`,
  receivedAt: 1_780_000_000 + i,
  verification: 'ok',
  status: (['pending', 'processed', 'failed', 'processed', 'rejected'] as const)[i % 5]!,
  signForm: i % 2 ? 'bare-lower' : i % 7 === 0 ? null : 'amp-upper',
  signCanonical: i % 2 ? true : i % 7 === 0 ? null : false,
  ...o,
});

describe('inbox (PostgreSQL parity)', () => {
  it('inserts once per (client, nonce), keeping null nonces', async () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => row(i + 1)),
      row(3, { body: 'replay' }),
      row(40, { nonce: null, clientId: null, verification: 'bad_json', status: 'unverified' }),
      row(41, { nonce: null, clientId: null, verification: 'bad_json', status: 'unverified' }),
    ];
    const a: unknown[] = [];
    const b: unknown[] = [];
    for (const r of rows) {
      a.push(await lite.insertInboxMessage(e.lite, r));
      b.push(await pgq.insertInboxMessage(e.pg, r));
    }
    expect(b).toEqual(a);
    expect(b[30]).toBeUndefined();
    expect(b[32]).toEqual({ id: 33 });
    const all = await e.pg.select().from(pgInbox).orderBy(pgInbox.id);
    expect(all).toEqual(e.lite.select().from(liteInbox).orderBy(liteInbox.id).all());
    expect(all).toHaveLength(32);
  });

  it('reads one message, by id and by nonce', async () => {
    expect(await pgq.getInbox(e.pg, 7)).toEqual(await lite.getInbox(e.lite, 7));
    expect(await pgq.getInbox(e.pg, 7)).toMatchObject({ nonce: 'n7', signCanonical: true });
    expect(await pgq.getInbox(e.pg, 999)).toBeUndefined();
    const p = { clientId: 'C2', nonce: 'n8' };
    expect(await pgq.findInboxByNonce(e.pg, p)).toEqual(await lite.findInboxByNonce(e.lite, p));
    expect(await pgq.findInboxByNonce(e.pg, p)).toMatchObject({ id: 8, signCanonical: false });
    expect(await pgq.findInboxByNonce(e.pg, { clientId: 'C1', nonce: 'n8' })).toBeUndefined();
  });

  it('lists pages by filter and cursor', async () => {
    const cases = [
      { limit: 5 },
      { limit: 5, before: 20 },
      { limit: 3, status: 'processed' as const },
      { limit: 4, kind: 'status' as const, before: 25 },
      { limit: 100, status: 'failed' as const },
      { limit: 2, status: 'unverified' as const, kind: 'trade' as const },
    ];
    for (const p of cases)
      expect(await pgq.listInbox(e.pg, p)).toEqual(await lite.listInbox(e.lite, p));
    const page = await pgq.listInbox(e.pg, { limit: 3, status: 'processed' });
    expect(page.items.map((r) => r.id)).toEqual([28, 26, 23]);
    expect(page.nextCursor).toBe('23');
  });

  it('settles messages, then counts and lists the failed ones', async () => {
    const s = { id: 5, status: 'failed' as const, error: 'x', reply: '{}', processedAt: 9 };
    await lite.settleInbox(e.lite, s);
    await pgq.settleInbox(e.pg, s);
    await lite.settleInbox(e.lite, { ...s, id: 3, status: 'processed', error: null });
    await pgq.settleInbox(e.pg, { ...s, id: 3, status: 'processed', error: null });
    expect(await pgq.failedInboxIds(e.pg)).toEqual(await lite.failedInboxIds(e.lite));
    expect(await pgq.failedInboxIds(e.pg)).toEqual([2, 5, 7, 12, 17, 22, 27]);
    const counts = await pgq.inboxStatusCounts(e.pg);
    expect(counts).toEqual(await lite.inboxStatusCounts(e.lite));
    expect(Object.keys(counts)).toEqual(Object.keys(await lite.inboxStatusCounts(e.lite)));
    expect(counts).toMatchObject({ failed: 7, unverified: 2 });
    const all = await e.pg.select().from(pgInbox).orderBy(pgInbox.id);
    expect(all).toEqual(e.lite.select().from(liteInbox).orderBy(liteInbox.id).all());
  });

  it('reads a client’s recent signing forms', async () => {
    for (const p of [
      { clientId: 'C1', limit: 4 },
      { clientId: 'C2', limit: 10 },
      { clientId: 'C9', limit: 3 },
    ])
      expect(await pgq.recentSignForms(e.pg, p)).toEqual(await lite.recentSignForms(e.lite, p));
    expect(await pgq.recentSignForms(e.pg, { clientId: 'C2', limit: 2 })).toEqual([
      { signForm: 'amp-upper', signCanonical: false, receivedAt: 1_780_000_024 },
      { signForm: 'amp-upper', signCanonical: false, receivedAt: 1_780_000_020 },
    ]);
  });
});
