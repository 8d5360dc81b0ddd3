import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../client';
import { UTC_CALENDAR } from '../rollups';
import { SqliteSource } from './source';
import { checks } from './verify';
import { plan } from './plan';

const openDb = (file: string) => openDatabase(file, { calendar: UTC_CALENDAR });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-copy-source-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the SQLite side of a copy', () => {
  it('reads chunks in key order from one snapshot while another connection writes', () => {
    const file = path.join(dir, 'snap.db');
    const app = openDb(file).$client;
    const add = app.prepare(
      "INSERT INTO coin_readings (asset_id, at, coin5, coin10) VALUES ('M1', ?, 1, 2)",
    );
    for (let i = 0; i < 5; i++) add.run(1000 + i);
    const source = new SqliteSource(file);
    source.begin();
    const t = source.tables().find((x) => x.name === 'coin_readings')!;
    expect(t.key).toEqual(['id']);
    const first = source.chunk(t, null, 3);
    add.run(2000); // the app keeps writing after the snapshot began
    const rest = source.chunk(t, first.at(-1)!.slice(t.columns.length), 3);
    // Every integer fits a number: read as numbers, the fast way (D115).
    expect([...first, ...rest].map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    expect(source.aggregate('coin_readings', ['count(*)'])).toEqual([5n]);
    source.close();
    app.close();
  });

  it('reads a table holding an integer past 2^53 with bigints, every digit kept', () => {
    const file = path.join(dir, 'big.db');
    const db = new Database(file);
    db.exec('CREATE TABLE big (id integer primary key, fee integer)');
    db.exec('CREATE TABLE small (id integer primary key, fee integer)');
    db.exec('INSERT INTO big VALUES (1, 9007199254740993), (2, 7)');
    db.exec('INSERT INTO small VALUES (1, 9007199254740991), (2, -9007199254740991)');
    db.close();
    const source = new SqliteSource(file);
    source.begin();
    const [big, small] = ['big', 'small'].map((n) => source.tables().find((t) => t.name === n)!);
    expect(source.chunk(big!, null, 10).map((r) => r[1])).toEqual([9007199254740993n, 7n]);
    expect(source.chunk(small!, null, 10).map((r) => r[1])).toEqual([
      9007199254740991, -9007199254740991,
    ]);
    source.close();
  });

  it('lists tables with their composite keys and foreign keys, never SQLite’s own', () => {
    const file = path.join(dir, 'keys.db');
    openDb(file).$client.close();
    const source = new SqliteSource(file);
    const tables = source.tables();
    const names = tables.map((t) => t.name);
    expect(names).not.toContain('sqlite_sequence');
    expect(names).not.toContain('__drizzle_migrations');
    expect(tables.find((t) => t.name === 'sales_rollups')!.key).toEqual([
      'grain',
      'asset_id',
      'bucket',
      'goods_id',
      'pay_style',
    ]);
    expect(tables.find((t) => t.name === 'shelves')!.references).toEqual(['machines']);
    source.close();
  });

  it('says plainly when --from is not a SQLite database', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'not a database, just some words in a file '.repeat(50));
    expect(() => new SqliteSource(file)).toThrow(/not a SQLite database/);
  });

  it('sums every integer column and counts bytes of text, per the target’s types', () => {
    const file = path.join(dir, 'sums.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id integer primary key, fee integer, ok integer, note text, j text)');
    db.exec("INSERT INTO t VALUES (1, 150, 1, 'é\t', '{}'), (2, NULL, 0, NULL, '[]')");
    db.close();
    const source = new SqliteSource(file);
    const [p] = plan(source.tables(), [
      {
        name: 't',
        columns: new Map([
          ['id', 'bigint'],
          ['fee', 'integer'],
          ['ok', 'boolean'],
          ['note', 'text'],
          ['j', 'jsonb'],
        ]),
        references: [],
        hasTriggers: false,
      },
    ]);
    const list = checks(p!);
    const values = source.aggregate(
      't',
      list.map((c) => c.sqlite),
    );
    const byLabel = Object.fromEntries(list.map((c, i) => [c.label, values[i]]));
    expect(byLabel).toMatchObject({
      rows: 2n,
      'fee: sum': 150n,
      'fee: values': 1n,
      'ok: sum': 1n,
      'note: bytes': 3n,
      'j: values': 2n,
    });
    expect(byLabel['j: bytes']).toBeUndefined();
    source.close();
  });
});
