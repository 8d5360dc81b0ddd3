import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import { bulkLoad } from '@/scripts/bulk-load';
import { authedFetch } from '../support/auth';
import { tradeMessage } from '../support/messages';
import { push } from '../support/push';
import { E2E_ENGINE, startServer, type RunningServer } from '../support/server';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { copyIntoPostgres } from '@/scripts/copy-to-postgres';

/**
 * A long read never holds up a push (issue 16, D60), against the real server: a fleet with a
 * month of history whose refill-visit export (every visit reconciled against the trades) takes
 * a good part of a second, and a signed trade push sent while it runs. On PostgreSQL the fleet
 * is the same file copied in by COPY (as seed:scale does, D115); its reads run on the pool, and
 * its time limit is kept by the request (lib/reads/index.ts).
 */
let dir: string;
let file: string;
let cluster: PgCluster | undefined;
const EXPORT = '/api/v1/refills?format=csv';
const onPg = E2E_ENGINE === 'postgres';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-isolation-'));
  file = path.join(dir, 'vending.db');
  const db = openDb(file);
  await bulkLoad(db, { seed: 3, machines: 300, days: 30, finalStatusOnly: true, clientId: 'x' });
  db.$client.close();
  if (onPg) {
    cluster = await startPgCluster();
    await copyIntoPostgres(file, cluster.url);
  }
}, 300_000);

afterAll(() => {
  cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The seeded fleet, on the engine under test; servers leave it in place when they stop. */
const fleet = () => (cluster ? { databaseUrl: cluster.url } : { databaseFile: file });

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The export, and a push sent once it is under way: when each was answered. */
async function pushDuringExport(server: RunningServer, id: string) {
  const started = performance.now();
  const exported = authedFetch(server.admin!, EXPORT).then(async (r) => {
    const answeredAt = performance.now() - started; // its status and headers: the work is done
    return { status: r.status, text: await r.text(), answeredAt };
  });
  await later(100);
  const pushed = await push(server, 'trade', tradeMessage(id, 'ISO-1'));
  const pushedAt = performance.now() - started;
  return { pushed, pushedAt, exported: await exported };
}

describe(onPg ? 'with reads on the pool (PostgreSQL)' : 'with reader threads (the default)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ READ_CACHE_MS: '0' }, 'server.ts', fleet());
    await authedFetch(server.admin!, EXPORT).then((r) => r.text()); // warm: routes, page cache
  });
  afterAll(() => server.stop());

  it('answers a push while a long export runs', async () => {
    const { pushed, pushedAt, exported } = await pushDuringExport(server, 'iso-threads');
    expect(pushed).toEqual({ status: 200, body: { result: 'SUCCESS' } });
    expect(exported.status).toBe(200);
    expect(exported.text.split('\n').length).toBeGreaterThan(500);
    expect(pushedAt).toBeLessThan(exported.answeredAt);
  });
});

// SQLite's reader threads only: PostgreSQL has no such setting to turn off.
describe.skipIf(onPg)(
  'with every read on the pushes thread (READ_WORKERS=0, the design before)',
  () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ READ_WORKERS: '0' }, 'server.ts', { databaseFile: file });
      await authedFetch(server.admin!, EXPORT).then((r) => r.text());
    });
    afterAll(() => server.stop());

    // What the test above guards against: here the push waits for the whole export (the two
    // answers then leave together, in either order).
    it('makes the push wait for the export', async () => {
      const { pushed, pushedAt, exported } = await pushDuringExport(server, 'iso-inline');
      expect(pushed.status).toBe(200);
      expect(exported.status).toBe(200);
      expect(pushedAt).toBeGreaterThan(exported.answeredAt - 25);
    });
  },
);

describe('with a time limit shorter than the export', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ READ_TIMEOUT_S: '0.2' }, 'server.ts', fleet());
  });
  afterAll(() => server.stop());

  it('stops the export and says which limit it hit, and goes on answering', async () => {
    const r = await authedFetch(server.admin!, EXPORT);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('READ_TIMEOUT');
    expect(body.error.message).toContain('0.2 s');
    expect((await push(server, 'trade', tradeMessage('iso-limit', 'ISO-1'))).status).toBe(200);
    const lines = await authedFetch(server.admin!, '/api/v1/machines?limit=1');
    expect(lines.status).toBe(200);
  });
});
