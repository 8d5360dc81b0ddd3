import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import { holdLease } from '@/db/queries/leases';
import { getRun, insertRun } from '@/db/queries/sync';
import { claim, recoverRuns, runLease } from './runner';

const now = () => Math.floor(Date.now() / 1000);

/** A running run whose lease `holder` holds for `ttlS` more seconds. */
async function runningRun(db: Awaited<ReturnType<typeof openDb>>, holder: string, ttlS: number) {
  const id = await insertRun(db, { job: 'trades', params: {}, trigger: 'api', at: now() });
  expect(await claim(db, id)).toBe(true);
  // Handed to `holder` (asked as if this process's lease had lapsed), until now + ttlS.
  const later = now() + 3600;
  expect(await holdLease(db, { name: runLease(id), holder, ttlS: ttlS - 3600, now: later })).toBe(
    true,
  );
  return id;
}

describe('recoverRuns', () => {
  it('leaves a run whose process on another host holds its lease, and takes it back when it lapses', async () => {
    const db = openDb(':memory:');
    const id = await runningRun(db, 'elsewhere/1/abcd', 30);
    expect(await recoverRuns(db)).toBe(0);
    expect((await getRun(db, id))!.state).toBe('running');
    await holdLease(db, { name: runLease(id), holder: 'elsewhere/1/abcd', ttlS: -1, now: now() }); // it stops renewing
    expect(await recoverRuns(db)).toBe(1);
    const run = (await getRun(db, id))!;
    expect(run.state).toBe('queued');
    expect(JSON.parse(run.errors)).toEqual([
      expect.objectContaining({ message: 'resumed after its process (elsewhere/1/abcd) stopped' }),
    ]);
    expect(await recoverRuns(db)).toBe(0); // once
  });

  it('takes a run back at once when its holder was a process of this host that is gone', async () => {
    const db = openDb(':memory:');
    // Pid 2^22 + 1 is above Linux's largest: no such process.
    const id = await runningRun(db, `${os.hostname()}/4194305/abcd`, 30);
    expect(await recoverRuns(db)).toBe(1);
    expect((await getRun(db, id))!.state).toBe('queued');
  });
});
