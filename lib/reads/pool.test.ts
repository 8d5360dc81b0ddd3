import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrap } from '@/db/client';
import { openDb } from '@/lib/db';
import { deviceMessage } from '@/e2e/support/messages';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { ReadPool, type PoolOptions } from './pool';
import { startReadPool } from './start';
import { getConfig } from '@/lib/config';
import type Database from 'better-sqlite3';

/**
 * The reader threads for real: worker threads with read-only connections to a database built by
 * the migrations, answering the registry's reads.
 */
let dir: string;
let file: string;
let writer: Database.Database;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-pool-'));
  file = path.join(dir, 'vending.db');
  writer = openDb(file).$client;
});

afterAll(() => {
  writer.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function pool(o: Partial<PoolOptions> = {}) {
  return new ReadPool({
    file,
    lanes: { interactive: { workers: 1, nice: 0 }, report: { workers: 1, nice: 0 } },
    timeoutMs: 20_000,
    cacheMs: 60_000,
    maxQueued: 64,
    heapMb: 256,
    version: () => String(writer.prepare('select total_changes()').pluck().get()),
    ...o,
  });
}

/** A machine, as a signed device push brings one (the unit tests' client and key). */
let nonce = 0;
async function addMachine(assetId: string) {
  const body = signBody(
    { ...deviceMessage(assetId), clientId: 'unit-client', nonce_str: `pool-${++nonce}` },
    'unit-key',
    getConfig().signMode,
  );
  expect((await receiveNotification(wrap(writer), 'device', body)).body).toEqual({
    result: 'SUCCESS',
  });
}

describe('reader threads', () => {
  it('answer a read from a thread of their own, as the read would here', async () => {
    const p = pool();
    try {
      await addMachine('POOL-1');
      const a = await p.request('machineList', 'interactive', { limit: 10, offset: 0 });
      expect(a.json).toBe(true);
      const body = JSON.parse(a.text) as { total: number; items: { assetId: string }[] };
      expect(body.total).toBe(1);
      expect(body.items[0]!.assetId).toBe('POOL-1');
    } finally {
      await p.close();
    }
  }, 30_000);

  it('run concurrent identical reads once, and serve the answer again until a write', async () => {
    const p = pool();
    try {
      const ask = () => p.request('machineList', 'interactive', { limit: 10, offset: 0 });
      const answers = await Promise.all(Array.from({ length: 20 }, ask));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(p.stats().interactive.dispatched).toBe(1);
      await ask();
      expect(p.stats().interactive.dispatched).toBe(1); // nothing written: the same answer
      await addMachine('POOL-2');
      const after = JSON.parse((await ask()).text) as { total: number };
      expect(after.total).toBe(2); // a write ends the cached answer at once
      expect(p.stats().interactive.dispatched).toBe(2);
    } finally {
      await p.close();
    }
  }, 30_000);

  it('refuse a bad read with its own error, and keep answering', async () => {
    const p = pool();
    try {
      await expect(p.request('noSuchRead', 'interactive', {})).rejects.toMatchObject({
        code: 'INTERNAL',
      });
      const a = await p.request('lines', 'interactive', {});
      expect(JSON.parse(a.text)).toHaveProperty('items');
    } finally {
      await p.close();
    }
  }, 30_000);

  it('stop a read its clients have all left, and replace the thread', async () => {
    const p = pool();
    try {
      const gone = new AbortController();
      const asked = p.request('overview', 'interactive', { withSales: true }, gone.signal);
      gone.abort();
      await expect(asked).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
      // The lane still answers (a new thread took the stopped one's place).
      const a = await p.request('overview', 'interactive', { withSales: false });
      expect(JSON.parse(a.text)).toHaveProperty('counts');
      expect(p.stats().interactive.threads).toBe(1);
    } finally {
      await p.close();
    }
  }, 30_000);

  it('are not started for an in-memory database or with READ_WORKERS=0', async () => {
    expect(await startReadPool(wrap(writer), { ...getConfig(), READ_WORKERS: 0 })).toBeUndefined();
  });
});
