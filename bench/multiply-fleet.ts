import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl } from './support';

/**
 * `npm run bench:multiply -- --db <file or postgres://…>`: makes the year of 5,000 machines of
 * `npm run seed:scale -- --machines 5000 --days 365` (asset ids 91000001…91005000) a year of
 * 20,000, in place, on either engine (issue 22's step past one box; docs/decisions.md D123).
 *
 * Each machine is copied three times under the asset ids 92…, 93… and 94…: its row, status,
 * shelf figures, shelves, faults, alerts and trades (trade, order and trade numbers suffixed ~1,
 * ~2, ~3), and its machine rollup rows. The fleet's rollup rows are multiplied by four: the copies
 * sold what the original did, so the rollups stay exact, and `bench:stats` checks them against a
 * raw scan of the trades. Refill settlements and the machines' event history are not copied: the
 * statistics, overview and machine list read none of them.
 *
 * One transaction. The trades' and rollups' secondary indexes are dropped and built again once
 * the rows are in, and the shelves' and machines' triggers are off meanwhile (their figures and
 * stock basis are copied as they are). Then VACUUM ANALYZE (PostgreSQL) or ANALYZE (SQLite).
 * Refuses anything but the seeded 5,000.
 */
const { values } = parseArgs({ options: { db: { type: 'string' } } });
const target = values.db ?? process.env.BENCH_DB;
if (!target) {
  console.error('usage: npm run bench:multiply -- --db <file or postgres://…>');
  process.exit(2);
}

/** Copies of each machine: 5,000 become 20,000. */
const COPIES = 3;
/** Copied with each machine, in this order (foreign keys: machines first). */
const TABLES = [
  'machines',
  'machine_status',
  'machine_shelf_figures',
  'shelves',
  'machine_faults',
  'alerts',
  'trades',
  'sales_rollups',
];
const copyOf = `'9' || (1 + c.k) || substr(x.asset_id, 3)`;
const OVERRIDES: Record<string, string> = {
  asset_id: copyOf,
  trade_id: `x.trade_id || '~' || c.k`,
  order_no: `x.order_no || '~' || c.k`,
  trade_no: `x.trade_no || '~' || c.k`,
  name: `x.name || ' ~' || c.k`,
  condition_key: `replace(x.condition_key, x.asset_id, ${copyOf})`,
};

interface Engine {
  all<T>(sql: string): Promise<T[]>;
  run(sql: string): Promise<void>;
  columns(table: string): Promise<string[]>;
  /** What is set aside during the copy, as statements that drop it and that restore it. */
  setAside(): Promise<{ drop: string[]; restore: string[] }>;
  begin: string[];
  end(): Promise<void>;
  close(): Promise<void>;
}

function sqliteEngine(file: string): Engine {
  const db = new Database(file);
  db.pragma('busy_timeout = 60000');
  return {
    all: async <T>(sql: string) => db.prepare(sql).all() as T[],
    run: async (sql: string) => void db.exec(sql),
    columns: async (table) =>
      (db.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]).filter(
        (c) => c !== 'id',
      ),
    setAside: async () => {
      const rows = db
        .prepare(
          `select type, name, sql from sqlite_master where sql is not null and
             ((type = 'index' and tbl_name in ('trades', 'sales_rollups'))
              or (type = 'trigger' and tbl_name in ('machines', 'shelves')))`,
        )
        .all() as { type: string; name: string; sql: string }[];
      return {
        drop: rows.map((r) => `drop ${r.type} "${r.name}"`),
        restore: rows.map((r) => r.sql),
      };
    },
    // A rollback journal, not the WAL: the new pages need no journal, where the WAL would hold
    // a second copy of everything written until the end.
    begin: ['pragma journal_mode = delete', 'pragma cache_size = -2000000', 'begin'],
    end: async () => {
      db.exec('commit');
      db.pragma('journal_mode = wal');
      db.exec('analyze');
    },
    close: async () => void db.close(),
  };
}

async function pgEngine(url: string): Promise<Engine> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    all: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    run: async (sql: string) => void (await client.query(sql)),
    columns: async (table) =>
      (
        await client.query<{ c: string }>(
          `select column_name as c from information_schema.columns
           where table_schema = 'public' and table_name = $1 order by ordinal_position`,
          [table],
        )
      ).rows
        .map((r) => r.c)
        .filter((c) => c !== 'id'),
    setAside: async () => {
      const r = await client.query<{ name: string; def: string }>(
        `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
         from pg_index x join pg_class i on i.oid = x.indexrelid
         where x.indrelid in ('trades'::regclass, 'sales_rollups'::regclass)
           and not x.indisprimary`,
      );
      return {
        drop: [
          ...r.rows.map((x) => `drop index "${x.name}"`),
          'alter table machines disable trigger user',
          'alter table shelves disable trigger user',
        ],
        restore: [
          ...r.rows.map((x) => x.def),
          'alter table machines enable trigger user',
          'alter table shelves enable trigger user',
        ],
      };
    },
    begin: ["set maintenance_work_mem = '2GB'", 'set synchronous_commit = off', 'begin'],
    end: async () => {
      await client.query('commit');
      await client.query('vacuum (analyze)');
    },
    close: async () => void (await client.end()),
  };
}

const engine = isPostgresUrl(target) ? await pgEngine(target) : sqliteEngine(target);
/** Runs `work` and prints how long it took, as `what`. */
const timed = async (what: string, work: () => Promise<void>) => {
  const t = performance.now();
  await work();
  console.log(`${what.padEnd(40)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
};
const step = (what: string, sql: string) => timed(what, () => engine.run(sql));
try {
  const [fleet] = await engine.all<{ n: number | string; odd: number | string }>(
    `select count(*) as n, sum(case when asset_id like '91%' and length(asset_id) = 8
       then 0 else 1 end) as odd from machines`,
  );
  if (Number(fleet!.n) !== 5000 || Number(fleet!.odd) !== 0) {
    console.error(
      'expects the 5,000 machines of seed:scale (asset ids 91000001…91005000) and no other',
    );
    process.exit(2);
  }
  const aside = await engine.setAside();
  for (const s of engine.begin) await engine.run(s);
  const ks = Array.from({ length: COPIES }, (_, i) => `select ${i + 1} as k`);
  await step('copies', `create temp table copies as ${ks.join(' union all ')}`);
  for (const s of aside.drop) await engine.run(s);
  for (const table of TABLES) {
    const cols = await engine.columns(table);
    const select = cols.map((c) => OVERRIDES[c] ?? `x.${c}`).join(', ');
    await step(
      table,
      `insert into ${table} (${cols.join(', ')}) select ${select}
       from ${table} x cross join copies c where x.asset_id like '91%'`,
    );
  }
  await step(
    'fleet rollups × 4',
    `update sales_rollups set units = units * ${COPIES + 1}, gross = gross * ${COPIES + 1},
       refunds = refunds * ${COPIES + 1}, refunded = refunded * ${COPIES + 1} where asset_id = ''`,
  );
  await timed('indexes and triggers back', async () => {
    for (const s of aside.restore) await engine.run(s);
  });
  await timed('committed, analyzed', () => engine.end());
  const [after] = await engine.all<{ machines: number; trades: number }>(
    `select (select count(*) from machines) as machines, (select count(*) from trades) as trades`,
  );
  console.log(`now ${after!.machines} machines, ${after!.trades} trades`);
} finally {
  await engine.close();
}
