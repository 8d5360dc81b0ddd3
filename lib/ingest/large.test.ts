import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { deviceMessage, statusMessage } from '@/e2e/support/messages';
import type { PushKind } from '@/db/schema';

let db: Db;
let nonce = 0;
const push = async (kind: PushKind, payload: Record<string, unknown>) =>
  await receiveNotification(
    db,
    kind,
    signBody(
      { clientId: 'unit-client', nonce_str: `big${++nonce}`, ...payload },
      'unit-key',
      'ampersand',
    ),
    1_700_000_000,
  );
const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
const inbox = () =>
  db.$client.prepare('select status, error from inbox order by id desc limit 1').get();

beforeEach(() => {
  db = openDb(':memory:');
});

describe('large arrays are written in chunks (D62)', () => {
  it('projects a status push with 4,096 shelves, temperatures, versions and apps', async () => {
    const n = 4096;
    const r = await push(
      'status',
      statusMessage('BIG-1', {
        shelvesState: Array.from({ length: n }, (_, i) => ({ shelvesId: String(i), state: 1 })),
        temperState: Array.from({ length: n }, (_, i) => ({
          cid: `c${i}`,
          temperDetail: { leftRmTem: 4 },
        })),
        versions: Array.from({ length: n }, (_, i) => ({ name: `v${i}`, type: 't', value: '1' })),
        apps: Array.from({ length: n }, (_, i) => ({ name: `a${i}`, version: '1' })),
      }),
    );
    expect(r.body).toEqual({ result: 'SUCCESS' });
    expect(inbox()).toEqual({ status: 'processed', error: null });
    expect(count("select count(*) n from shelves where asset_id = 'BIG-1' and sold_out = 1")).toBe(
      n,
    );
    expect(count("select count(*) n from machine_events where kind = 'sold_out'")).toBe(n);
    expect(count('select count(*) n from temperature_readings')).toBe(n);
    expect(count('select count(*) n from machine_versions')).toBe(n);
    expect(count('select count(*) n from machine_apps')).toBe(n);
  });

  it('replaces a planogram of 40,000 shelves, more than a statement may have variables', async () => {
    const shelves = (from: number) =>
      Array.from({ length: 10_000 }, (_, i) => ({ location_id: String(from + i), capacity: 5 }));
    const containers = [0, 1, 2, 3].map((c) => ({
      cid: `C${c}`,
      type: 1,
      shelves: shelves(c * 1e4),
    }));
    expect((await push('device', deviceMessage('BIG-2', { containers }))).body).toEqual({
      result: 'SUCCESS',
    });
    expect(inbox()).toEqual({ status: 'processed', error: null });
    expect(count("select count(*) n from shelves where asset_id = 'BIG-2'")).toBe(40_000);
    // Pushed again with one container fewer: its shelves go, the others stay.
    await push('device', deviceMessage('BIG-2', { containers: containers.slice(1) }));
    expect(inbox()).toEqual({ status: 'processed', error: null });
    expect(count("select count(*) n from shelves where asset_id = 'BIG-2'")).toBe(30_000);
    expect(count("select count(*) n from shelves where asset_id = 'BIG-2' and cid = 'C0'")).toBe(0);
  });
});
