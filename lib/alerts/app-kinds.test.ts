import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { insertInboxMessage } from '@/db/queries/inbox';
import { writeSetting } from '@/db/queries/settings-kv';
import { addRunError, finishRun, insertRun } from '@/db/queries/sync';
import { overview } from '@/lib/fleet/overview';
import { evaluate } from './evaluate';

/** The app's own conditions (D85): a pull that keeps failing, messages that could not be applied. */
let db: Db;
const T0 = 1_795_000_000;

async function alertsAt(now: number) {
  await evaluate(db, { now, machines: null });
  return (await overview(db, { now, timeZone: 'Asia/Shanghai', withSales: false })).alerts;
}

async function run(state: 'succeeded' | 'failed', at: number) {
  const id = await insertRun(db, { job: 'trades', params: {}, trigger: 'schedule', at });
  if (state === 'failed') await addRunError(db, id, { at, message: 'platform answered 502' });
  await finishRun(db, id, state, at);
}

beforeEach(async () => {
  db = openDb(':memory:');
  await writeSetting(db, 'alert-thresholds', { clearMinutes: 0 }, T0, 'test');
});

describe('the app’s own alerts', () => {
  it('raises a failing pull once, since its first failure, and resolves it when a run succeeds', async () => {
    await run('succeeded', T0);
    expect(await alertsAt(T0 + 10)).toEqual([]);
    await run('failed', T0 + 300);
    await run('failed', T0 + 600);
    const [failing, ...rest] = await alertsAt(T0 + 610);
    expect(rest).toEqual([]);
    expect(failing).toMatchObject({
      kind: 'syncFailing',
      assetId: null,
      since: T0 + 300,
      detail: { job: 'trades', runs: 2, error: 'platform answered 502' },
    });
    await run('succeeded', T0 + 900);
    expect(await alertsAt(T0 + 910)).toEqual([]);
  });

  it('raises one alert per kind of message whose projection failed, counting them', async () => {
    for (const [i, at] of [T0, T0 + 5].entries()) {
      await insertInboxMessage(db, {
        kind: 'trade',
        clientId: 'c',
        nonce: `n${i}`,
        body: '{}',
        receivedAt: at,
        verification: 'ok',
        status: 'failed',
        error: 'no such goods',
      });
    }
    expect(await alertsAt(T0 + 60)).toEqual([
      expect.objectContaining({
        kind: 'projectionFailed',
        since: T0,
        detail: expect.objectContaining({ messageKind: 'trade', count: 2 }),
      }),
    ]);
  });
});
