import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '@/e2e/support/pg-cluster';
import type { Db } from '../../client';
import { inTransaction } from '../../transaction';
import { asAppDb, onPgTransactionRetry, pgOf } from '../handle';
import { openPg, type PgDb } from './client';

// Two transactions writing the same two rows in opposite orders: PostgreSQL aborts one as a
// deadlock's victim (40P01). The victim is run again, whole, and both commit (D114).
let cluster: PgCluster;
let pg: PgDb;
let db: Db;
const retries: string[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  pg = openPg(cluster.url, { max: 4 });
  db = asAppDb(pg);
  await pg.execute(sql`create table pair (k text primary key, n int not null)`);
  onPgTransactionRetry((code) => retries.push(code));
}, 60_000);

afterAll(async () => {
  await pg?.$client.end();
  cluster?.stop();
});

beforeEach(async () => {
  retries.length = 0;
  await pg.execute(sql`delete from pair`);
  await pg.execute(sql`insert into pair values ('a', 0), ('b', 0)`);
});

const add = (k: string) => pgOf(db).execute(sql`update pair set n = n + 1 where k = ${k}`);
const counts = async () =>
  (await pg.execute<{ k: string; n: number }>(sql`select k, n from pair order by k`)).rows;

/** Settles when `n` parties have arrived. */
function barrier(n: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return async () => {
    if (++arrived === n) open();
    await opened;
  };
}

/**
 * Two units of work, each: its first row, then (on its first attempt, once the other holds its
 * first row) its second. Answers how many times each body ran.
 */
async function crossed(wrap: (body: () => Promise<void>) => Promise<void>) {
  const both = barrier(2);
  const runs = { ab: 0, ba: 0 };
  const unit = (first: string, second: string, key: 'ab' | 'ba') =>
    wrap(async () => {
      runs[key]++;
      await add(first);
      if (runs[key] === 1) await both();
      await add(second);
    });
  await Promise.all([unit('a', 'b', 'ab'), unit('b', 'a', 'ba')]);
  return runs;
}

describe('an outermost PostgreSQL transaction aborted by a deadlock', () => {
  it('is run again, and both units of work commit', async () => {
    const runs = await crossed((body) => inTransaction(db, body));
    expect(retries).toEqual(['40P01']);
    expect(runs.ab + runs.ba).toBe(3);
    expect(await counts()).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 2 },
    ]);
  });

  it('is run again whole when the deadlock hit a savepoint inside it', async () => {
    let outer = 0;
    const runs = await crossed(async (body) => {
      await inTransaction(db, async () => {
        outer++;
        await inTransaction(db, body);
      });
    });
    expect(retries).toEqual(['40P01']);
    expect(outer).toBe(3);
    expect(runs.ab + runs.ba).toBe(3);
    expect(await counts()).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 2 },
    ]);
  });

  it('is run again whole when the code around the savepoint caught its deadlock and went on', async () => {
    // As a push batch does: a push whose projection threw is marked failed, the rest commit.
    const caught: unknown[] = [];
    const runs = await crossed(async (body) => {
      await inTransaction(db, async () => {
        try {
          await inTransaction(db, body);
        } catch (e) {
          caught.push(e);
        }
      });
    });
    expect(caught).toHaveLength(1);
    expect(retries).toEqual(['40P01']);
    expect(runs.ab + runs.ba).toBe(3);
    expect(await counts()).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 2 },
    ]);
  });

  it('is not run again for any other failure', async () => {
    let ran = 0;
    await expect(
      inTransaction(db, async () => {
        ran++;
        await add('a');
        await pgOf(db).execute(sql`insert into pair values ('a', 9)`);
      }),
    ).rejects.toThrow();
    expect(ran).toBe(1);
    expect(retries).toEqual([]);
    expect((await counts())[0]).toEqual({ k: 'a', n: 0 });
  });
});
