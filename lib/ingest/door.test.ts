import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { saveClientSettings } from '@/db/queries/client-settings';
import { getStatus } from '@/db/queries/status';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { machineStatusSchema } from '@/lib/platforms/smartvending/schemas';
import { statusMessageOf } from '@/lib/sync/jobs';
import { deviceMessage, statusMessage } from '@/e2e/support/messages';
import { vendorDoorState } from '@/simulator/vendor-door';
import { doorOpenFor, ourDoorState, withDoorMeaning } from './door';

// The vitest unit project's environment client is `unit-client` (SMARTVENDING_DOOR_OPEN unset).
let db: Db;
let nonce = 0;
const push = async (kind: 'device' | 'status', payload: Record<string, unknown>) =>
  await receiveNotification(
    db,
    kind,
    signBody(
      { clientId: 'unit-client', nonce_str: `d${++nonce}`, ...payload },
      'unit-key',
      'bare-lower',
    ),
    1_700_000_000 + nonce,
  );
const setDoorOpen = async (doorOpen: 0 | 1) =>
  await saveClientSettings(db, { clientId: 'unit-client', doorOpen, at: 1, by: 'test' });

beforeEach(() => {
  db = openDb(':memory:');
});

describe('doorState in our terms (0 = open)', () => {
  it("turns the vendor's 1 = open round and leaves the seed's and unknown as they are", () => {
    expect([0, 1, -1].map((v) => ourDoorState(v, 1))).toEqual([1, 0, -1]);
    expect([0, 1, -1].map((v) => ourDoorState(v, 0))).toEqual([0, 1, -1]);
  });

  it("is the seed's by default, the stored setting once there is one", async () => {
    expect(await doorOpenFor(db, 'unit-client')).toEqual({ doorOpen: 0, source: 'environment' });
    expect(await doorOpenFor(db, 'someone')).toEqual({ doorOpen: 0, source: 'default' });
    await setDoorOpen(1);
    expect(await doorOpenFor(db, 'unit-client')).toEqual({ doorOpen: 1, source: 'settings' });
    const m = { assetId: 'A', doorState: 1 };
    expect(await withDoorMeaning(db, 'unit-client', m)).toEqual({ assetId: 'A', doorState: 0 });
    expect(await withDoorMeaning(db, 'someone', m)).toBe(m);
    const without = { assetId: 'A' };
    expect(await withDoorMeaning(db, 'unit-client', without)).toBe(without);
  });

  it('applies to pushed statuses from the moment it is set, and stores 0 = open', async () => {
    await push('device', deviceMessage('D1'));
    await push('status', statusMessage('D1', { doorState: 1 }));
    expect((await getStatus(db, 'D1'))?.doorState).toBe(1); // closed, as seed 000 reads it
    await setDoorOpen(1);
    await push('status', statusMessage('D1', { doorState: 1 }));
    expect((await getStatus(db, 'D1'))?.doorState).toBe(0); // open
    await push('status', statusMessage('D1', { doorState: '0' }));
    expect((await getStatus(db, 'D1'))?.doorState).toBe(1);
  });

  it("agrees with the twin's vendor shape: what the twin means is what we store", async () => {
    await setDoorOpen(1);
    await push('device', deviceMessage('D2'));
    for (const seedValue of [0, 1]) {
      await push('status', vendorDoorState(statusMessage('D2', { doorState: seedValue })));
      expect((await getStatus(db, 'D2'))?.doorState).toBe(seedValue);
    }
  });

  it('reads a doorState a pulled §6.1 status carries, in the same meaning', async () => {
    const pulled = async (extra: Record<string, unknown>) =>
      await statusMessageOf(
        db,
        machineStatusSchema.parse({ assetId: 'P1', routerInfo: { online: 0 }, ...extra }),
      );
    expect((await pulled({})).doorState).toBeUndefined(); // seed 000's §6.1 has none
    expect((await pulled({ doorState: '1' })).doorState).toBe(1);
    expect((await pulled({ vendingInfo: { doorState: 0 } })).doorState).toBe(0);
    expect((await pulled({ doorState: 'open' })).doorState).toBeUndefined();
    await setDoorOpen(1);
    expect(
      (await withDoorMeaning(db, 'unit-client', await pulled({ doorState: 1 }))).doorState,
    ).toBe(0);
  });
});
