import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceMessage, tradeMessage } from '../support/messages';
import { postRaw, push, signedBody } from '../support/push';
import { OUTSIDE_NEXT, startServer, TSX, type RunningServer } from '../support/server';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { migratePg } from '@/db/engine/postgres/client';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** `npm run db:copy -- …` as an operator runs it: the real script in a child process. */
function dbCopy(args: string[], env: Record<string, string> = {}) {
  return new Promise<Run>((resolve) => {
    const child = spawn(TSX, [...OUTSIDE_NEXT, 'scripts/db-copy.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

// What PostgreSQL must hold exactly as SQLite did.
const AWKWARD = 'tab\there\nnew line \\ backslash "quoted" \'single\' 🍵 茶\r\nend';

let cluster: PgCluster;
let server: RunningServer;
let dir: string;
let source: string;
let admin: pg.Client;

/** A new empty database in the throwaway cluster. */
async function database(name: string) {
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}
async function query<T>(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}
function sqlite<T>(sql: string, ...params: unknown[]) {
  const db = new Database(source, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-db-copy-'));
  source = path.join(dir, 'vending.db');
  cluster = await startPgCluster();
  admin = new pg.Client(cluster.url);
  await admin.connect();
  // History at some volume from the seed script, then real pushes through the running app.
  const seed = spawn(
    TSX,
    [...OUTSIDE_NEXT, 'scripts/seed-scale.ts', '--machines', '12', '--days', '4'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: source,
        SMARTVENDING_CLIENT_ID: 'test-client',
        SMARTVENDING_KEY: 'test-key-0123456789',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let seedErr = '';
  seed.stderr.on('data', (c: Buffer) => (seedErr += c.toString()));
  const seeded = await new Promise((resolve) => seed.on('close', resolve));
  expect(seeded, seedErr).toBe(0);
  // On SQLite whatever engine the suite runs on (E2E_ENGINE): the copy's source is its file.
  server = await startServer({}, 'server.ts', { databaseFile: source, databaseUrl: source });
  expect((await push(server, 'device', deviceMessage('9100CP1'))).status).toBe(200);
  const trade = tradeMessage('CP-1', '9100CP1', { price: '1234', goodsName: AWKWARD });
  expect((await push(server, 'trade', trade)).status).toBe(200);
  // The raw body kept in the inbox, pretty-printed: real tabs and newlines in the stored text.
  const raw = JSON.stringify(
    JSON.parse(signedBody(server, tradeMessage('CP-2', '9100CP1'))),
    null,
    '\t',
  );
  expect((await postRaw(server, 'trade', raw)).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await admin?.end();
  cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('db:copy from a live SQLite database into PostgreSQL', () => {
  let url: string;

  it('copies while the app keeps taking pushes, and verifies against its snapshot', async () => {
    url = await database('copy_live');
    let pushing = true;
    let n = 0;
    const pushes = (async () => {
      while (pushing) {
        await push(server, 'trade', tradeMessage(`CP-L${n++}`, '9100CP1'));
      }
    })();
    const run = await dbCopy(['--from', source, '--to', url, '--chunk', '500']);
    pushing = false;
    await pushes;
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/verified: \d+ tables, counts and sums equal/);
    expect(run.out).toMatch(/trades\s+\d+ rows\s+[\d.]+ s\s+\d+ rows\/s/);
    expect(n).toBeGreaterThan(0);
  });

  it('holds the same money, the same raw body byte for byte, NULLs and awkward text', async () => {
    const [t] = await query<Record<string, unknown>>(
      url,
      `SELECT price, goods_name, refund_time, coupon_id FROM trades WHERE trade_id = 'CP-1'`,
    );
    expect({ ...t, price: Number(t!.price) }).toEqual({
      price: 1234,
      goods_name: AWKWARD,
      refund_time: null,
      coupon_id: null,
    });
    const [inSqlite] = sqlite<{ id: number; body: Buffer }>(
      `SELECT id, CAST(body AS BLOB) AS body FROM inbox WHERE body LIKE '%"CP-2"%'`,
    );
    expect(inSqlite!.body.includes('\n\t')).toBe(true);
    const [inPg] = await query<{ body: Buffer }>(
      url,
      `SELECT convert_to(body, 'UTF8') AS body FROM inbox WHERE id = $1`,
      [inSqlite!.id],
    );
    expect(inPg!.body.equals(inSqlite!.body)).toBe(true);
    // A new row after the move gets an id past every id copied.
    const [{ max, next }] = (await query<{ max: string; next: string }>(
      url,
      `SELECT (SELECT max(id) FROM inbox) AS max,
         nextval(pg_get_serial_sequence('inbox', 'id')) AS next`,
    )) as [{ max: string; next: string }];
    expect(Number(next)).toBe(Number(max) + 1);
  });

  let target: string;

  it('resumes a copy killed inside a chunk, with no row twice and none missing', async () => {
    // The move's final pass: the app is stopped, so the source no longer changes.
    await server.stop();
    target = await database('copy_killed');
    const killed = await dbCopy(['--from', source, '--to', target, '--chunk', '100'], {
      DB_COPY_KILL_IN: 'trades:3',
    });
    expect(killed.code).not.toBe(0);
    expect(killed.out).not.toMatch(/verified/);
    // Two chunks of trades committed; the third, killed before its commit, left nothing.
    const [progress] = await query<{ rows: string; done: boolean }>(
      target,
      `SELECT rows_copied AS rows, done FROM _db_copy_progress WHERE table_name = 'trades'`,
    );
    expect({ ...progress, rows: Number(progress!.rows) }).toEqual({ rows: 200, done: false });
    const [inTrades] = await query<{ n: string }>(target, 'SELECT count(*) AS n FROM trades');
    expect(Number(inTrades!.n)).toBe(200);
    const early = await dbCopy(['--from', source, '--to', target, '--verify-only']);
    expect(early.code).toBe(2);
    expect(early.err).toMatch(/the copy is not finished .* run it again without --verify-only/);
    const resumed = await dbCopy(['--from', source, '--to', target, '--chunk', '100']);
    expect(resumed.code, resumed.out + resumed.err).toBe(0);
    expect(resumed.out).toMatch(/resuming: \d+ of \d+ tables copied/);
    expect(resumed.out).toMatch(/verified/);
    // The verification compared every table; the figures an operator looks at, once more:
    const [s] = sqlite<{ n: number; fen: number }>(
      'SELECT count(*) AS n, sum(price) AS fen FROM trades',
    );
    const [p] = await query<{ n: string; fen: string }>(
      target,
      'SELECT count(*) AS n, sum(price) AS fen FROM trades',
    );
    expect({ n: Number(p!.n), fen: Number(p!.fen) }).toEqual(s);
    // Every foreign key the migrations made is back, and holds.
    const fresh = await database('copy_fresh');
    await migratePg(fresh);
    const fks = `SELECT count(*) AS n FROM pg_constraint WHERE contype = 'f' AND convalidated`;
    const [want] = await query<{ n: string }>(fresh, fks);
    expect(Number(want!.n)).toBeGreaterThan(20);
    expect(await query(target, fks)).toEqual([want]);
    expect(await query(target, 'SELECT * FROM _db_copy_constraints')).toEqual([]);
    const [dups] = await query<{ n: string }>(
      target,
      'SELECT count(*) - count(DISTINCT trade_id) AS n FROM trades',
    );
    expect(Number(dups!.n)).toBe(0);
  });

  it('--verify-only passes on an equal copy and names the table and column that differ', async () => {
    const equal = await dbCopy(['--from', source, '--to', target, '--verify-only']);
    expect(equal.code, equal.out + equal.err).toBe(0);
    expect(equal.out).toMatch(/verified/);
    await query(target, `UPDATE trades SET price = price + 1 WHERE trade_id = 'CP-1'`);
    const run = await dbCopy(['--from', source, '--to', target, '--verify-only']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/MISMATCH trades\.price: sum: \d+ in the source, \d+ in the target/);
    expect(run.out.match(/MISMATCH/g)).toHaveLength(1);
  });

  it('refuses a database that is not empty, or holds a copy of another file', async () => {
    const used = await database('copy_used');
    await query(used, 'CREATE TABLE notes (id int); INSERT INTO notes VALUES (1)');
    const run = await dbCopy(['--from', source, '--to', used]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/is not empty \(notes hold rows\)/);
    const other = path.join(dir, 'other.db');
    fs.copyFileSync(source, other);
    const again = await dbCopy(['--from', other, '--to', url]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/holds a copy of .*vending\.db, not of .*other\.db/);
  });

  it('says what is wrong with its arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['--to', cluster.url], /--from is missing/],
      [['--from', source], /--to is missing/],
      [['--from', path.join(dir, 'nope.db'), '--to', cluster.url], /--from: no such file/],
      [['--from', source, '--to', 'mysql://h/db'], /--to must be a postgres:\/\/ URL/],
      [['--from', path.join(ROOT, 'package.json'), '--to', cluster.url], /not a SQLite database/],
    ];
    for (const [args, message] of cases) {
      const run = await dbCopy(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toMatch(message);
    }
  });
});
