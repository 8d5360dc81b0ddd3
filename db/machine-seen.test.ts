import { beforeEach, describe, expect, it } from 'vitest';
import { rng } from '@/e2e/support/rng';
import { openDatabase, type Db } from './client';
import { UTC_CALENDAR } from './rollups';

const openDb = (file: string) => openDatabase(file, { calendar: UTC_CALENDAR });
import { inTransaction } from './prepared';
import { machineSeen } from './machine-seen';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});

const machines = (d: Db) =>
  d.$client
    .prepare('select asset_id, origin, incomplete, last_seen_at from machines order by asset_id')
    .all();
const lastSeen = (assetId: string) =>
  db.$client.prepare('select last_seen_at from machines where asset_id = ?').pluck().get(assetId);

describe('machines heard from, written behind in a buffered scope', () => {
  it('create a new machine at its first touch and keep the latest time at the end', async () => {
    const seen = machineSeen(db);
    await inTransaction(db, () =>
      seen.buffered(() => {
        seen.touch('A1', 'client', 100);
        // The placeholder exists at once, for whatever the message goes on to write.
        expect(lastSeen('A1')).toBe(100);
        seen.touch('A1', 'client', 300);
        seen.touch('A1', 'client', 200);
      }),
    );
    expect(lastSeen('A1')).toBe(300);
  });

  it("drop a failed savepoint's touches, and create again a machine it had created", async () => {
    const seen = machineSeen(db);
    await inTransaction(db, () =>
      seen.buffered(async () => {
        seen.touch('A1', 'client', 100);
        await expect(
          inTransaction(db, () =>
            seen.buffered(() => {
              seen.touch('A1', 'client', 500);
              seen.touch('B2', 'client', 500);
              throw new Error('projection failed');
            }),
          ),
        ).rejects.toThrow('projection failed');
        expect(lastSeen('B2')).toBeUndefined();
        seen.touch('B2', 'client', 150);
        await inTransaction(db, () => seen.buffered(() => seen.touch('A1', 'client', 120)));
      }),
    );
    expect(lastSeen('A1')).toBe(120);
    expect(lastSeen('B2')).toBe(150);
  });

  it('leave the same machines as touching one by one, whatever the order and nesting', async () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const touches = Array.from({ length: 400 }, () => ({
        assetId: r.pick(['A1', 'A2', 'A3', 'A4', 'A5']),
        at: r.int(1, 1000),
      }));
      const plain = openDb(':memory:');
      for (const t of touches) machineSeen(plain).touch(t.assetId, 'client', t.at);

      const seen = machineSeen(db);
      db.$client.exec('delete from machines');
      await inTransaction(db, () =>
        seen.buffered(async () => {
          for (let i = 0; i < touches.length; i += 50) {
            // Nested scopes as the push queue makes them: one per message batch.
            await inTransaction(db, () =>
              seen.buffered(() => {
                for (const t of touches.slice(i, i + 50)) seen.touch(t.assetId, 'client', t.at);
              }),
            );
          }
        }),
      );
      expect(machines(db)).toEqual(machines(plain));
      plain.$client.close();
    }
  });
});
