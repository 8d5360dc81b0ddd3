import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { machineSeen as liteSeen } from '@/db/machine-seen';
import { inTransaction } from '@/db/prepared';
import { bothEngines } from './machine-parity';
import { machineSeen } from './machine-seen';

const e = bothEngines();
const MACHINES =
  'select asset_id, origin, incomplete, last_seen_at from machines order by asset_id';
const lastSeen = async (assetId: string) =>
  (await e.pg.$client.query('select last_seen_at from machines where asset_id = $1', [assetId]))
    .rows[0]?.last_seen_at;

describe('machines heard from on PostgreSQL, written behind in a buffered scope', () => {
  it('leave what SQLite leaves: first touch at once, latest time at the end, a failed savepoint dropped', async () => {
    const ls = liteSeen(e.lite);
    await inTransaction(e.lite, () =>
      ls.buffered(async () => {
        ls.touch('A1', 'client', 100);
        await expect(
          inTransaction(e.lite, () =>
            ls.buffered(() => {
              ls.touch('A1', 'client', 500);
              ls.touch('B2', 'client', 500);
              throw new Error('projection failed');
            }),
          ),
        ).rejects.toThrow('projection failed');
        ls.touch('B2', 'client', 150);
        await inTransaction(e.lite, () => ls.buffered(() => ls.touch('A1', 'client', 120)));
        ls.touch('A1', 'client', 110);
      }),
    );
    ls.touch('C3', 'client', 50);
    ls.touch('C3', 'client', 40);

    await e.pg.transaction(async (tx) => {
      const seen = machineSeen(tx);
      await seen.buffered(async () => {
        await seen.touch('A1', 'client', 100);
        // The placeholder exists at once, for whatever the message goes on to write.
        expect(
          (await tx.execute(sql`select 1 from machines where asset_id = 'A1'`)).rows,
        ).toHaveLength(1);
        await expect(
          tx.transaction((sp) =>
            machineSeen(sp).buffered(async () => {
              await machineSeen(sp).touch('A1', 'client', 500);
              await machineSeen(sp).touch('B2', 'client', 500);
              throw new Error('projection failed');
            }),
          ),
        ).rejects.toThrow('projection failed');
        await seen.touch('B2', 'client', 150);
        await tx.transaction((sp) =>
          machineSeen(sp).buffered(() => machineSeen(sp).touch('A1', 'client', 120)),
        );
        await seen.touch('A1', 'client', 110);
        // Written behind: not yet.
        expect(
          (await tx.execute(sql`select last_seen_at from machines where asset_id = 'A1'`)).rows[0],
        ).toEqual({ last_seen_at: 100 });
      });
    });
    await machineSeen(e.pg).touch('C3', 'client', 50);
    await machineSeen(e.pg).touch('C3', 'client', 40);
    expect((await e.pg.$client.query(MACHINES)).rows).toEqual(
      e.lite.$client.prepare(MACHINES).all(),
    );
    expect([await lastSeen('A1'), await lastSeen('B2'), await lastSeen('C3')]).toEqual([
      120, 150, 50,
    ]);
  });

  it('keep apart the scopes of units of work running at once on the pool', async () => {
    const unit = (at: number, ms: number) =>
      e.pg.transaction(async (tx) => {
        const seen = machineSeen(tx);
        await seen.buffered(async () => {
          await seen.touch(`U${at}`, 'client', at);
          await new Promise((r) => setTimeout(r, ms));
          await seen.touch(`U${at}`, 'client', at + 1);
          await seen.touch('A1', 'client', at);
        });
      });
    await Promise.all([unit(1000, 30), unit(2000, 5)]);
    expect([await lastSeen('U1000'), await lastSeen('U2000'), await lastSeen('A1')]).toEqual([
      1001, 2001, 2000,
    ]);
  });
});
