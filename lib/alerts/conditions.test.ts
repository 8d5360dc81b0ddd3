import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { reportCondition } from './conditions';

let db: Db;
const rows = () =>
  db.all<{ id: number; state: string; startedAt: number }>(
    sql`select id, state, started_at as startedAt from alerts order by id`,
  );
const look = async (holding: boolean, now: number, since?: number) =>
  await reportCondition(db, { kind: 'channelFailing', subject: 'c1', holding, since, now });

beforeEach(() => {
  db = openDb(':memory:');
});

describe('reportCondition', () => {
  it('raises and resolves a kind the thresholds do not name at once, as before', async () => {
    await look(true, 100);
    expect(rows()).toEqual([{ id: 1, state: 'open', startedAt: 100 }]);
    await look(true, 200);
    await look(false, 300);
    expect(rows()).toEqual([{ id: 1, state: 'resolved', startedAt: 100 }]);
  });

  it('waits for a kind’s minimum duration when the thresholds name it', async () => {
    const offline = async (now: number) =>
      await reportCondition(db, { kind: 'offline', assetId: 'M1', holding: true, since: 0, now });
    await offline(29 * 60);
    expect(rows()).toEqual([]);
    await offline(30 * 60);
    expect(rows()).toEqual([{ id: 1, state: 'open', startedAt: 0 }]);
  });

  it('does not raise again an alert resolved by hand while its condition still holds', async () => {
    await look(true, 100);
    db.run(sql`update alerts set state = 'resolved', resolved_at = 150, resolved_by = 'Ann'`);
    // Looked at every minute (the scan) for a while: still the same occurrence.
    for (let now = 160; now <= 600; now += 60) await look(true, now);
    expect(rows()).toHaveLength(1);
    // Once it has ended for a while, the next occurrence is a new alert.
    await look(false, 700);
    await look(true, 2000);
    expect(rows().map((r) => r.state)).toEqual(['resolved', 'open']);
  });
});
