import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@/db/client';
import { seal } from '@/lib/settings/secretbox';
import { authedFetch, TEST_APP_SECRET } from './auth';
import { peek, withPeek, type Peek } from './peek';
import type { RunningServer } from './server';

export interface Received {
  at: number;
  status: number;
  headers: IncomingHttpHeaders;
  body: {
    event: string;
    alert?: { id: number; kind: string; assetId: string | null; state: string } & Record<
      string,
      unknown
    >;
    alerts?: { id: number; state: string; resolvedAt: number | null }[];
    url?: string;
  };
}

/**
 * A generic-webhook receiver on 127.0.0.1: records every POST and answers `answer()`'s status
 * (200 by default), so a test can take it down and bring it back.
 */
export async function startReceiver(port = 0) {
  const received: Received[] = [];
  let answer = () => 200;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const status = answer();
      received.push({
        at: Date.now(),
        status,
        headers: req.headers,
        body: JSON.parse(raw) as Received['body'],
      });
      res.statusCode = status;
      res.end(status === 200 ? 'ok' : 'receiver down');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    port: (server.address() as AddressInfo).port,
    received,
    /** What was accepted (answered 200). */
    accepted: () => received.filter((r) => r.status === 200),
    answerWith: (fn: () => number) => (answer = fn),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A generic webhook channel. Through the channels API when it exists (area B1's); otherwise
 * written into the server's database as that API stores it (sealed `{url, secret}`).
 */
export async function createWebhookChannel(server: RunningServer, name: string, url: string) {
  const r = await authedFetch(server.admin!, '/api/v1/notification-channels', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'webhook', name, url, secret: 'receiver-secret-0123456789' }),
  });
  if (r.status === 201 || r.status === 200) return ((await r.json()) as { id: number }).id;
  return await insertWebhookChannel(server, TEST_APP_SECRET, name, url);
}

/** A generic webhook channel written into a server's database as the channels API stores it. */
export async function insertWebhookChannel(
  server: Pick<RunningServer, 'databaseUrl'>,
  appSecret: string,
  name: string,
  url: string,
) {
  return await withPeek(server, async (p) => {
    const row = await p.get<{ id: number }>(
      `insert into notification_channels (kind, name, config, summary, created_at, created_by)
       values ('webhook', ?, ?, ?, ?, 'test') returning id`,
      name,
      seal(appSecret, JSON.stringify({ url, secret: 'receiver-secret-0123456789' })),
      new URL(url).host,
      Math.floor(Date.now() / 1000),
    );
    return row!.id;
  });
}

/**
 * The server's database, opened beside it (as a second process would): a handle the app's
 * query functions take, on either engine. Close it with `closeServerDb`.
 */
export function serverDb(server: Pick<RunningServer, 'databaseUrl'>): Db {
  const p = peek(server);
  const db = p.app();
  opened.set(db, p);
  return db;
}

const opened = new WeakMap<Db, Peek>();

export async function closeServerDb(db: Db) {
  await opened.get(db)?.close();
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 15_000,
) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
