import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDb } from '@/lib/db';
import { wrap, type Db } from '@/db/client';
import { asAppDb } from '@/db/engine/handle';
import { openPg } from '@/db/engine/postgres/client';
import { redact } from '@/db/copy/target';
import {
  fleetCounts,
  latestReadings,
  offlineMachines,
  openDoors,
  openFaultRows,
  soldOutByMachine,
  staleMachines,
} from '@/db/queries/overview';
import { planningShelfFigures, stockBasis } from '@/db/queries/stock';
import { lineRows, planningMachines, siteRows } from '@/db/queries/planning';
import { VELOCITY_DAYS, WEIGHTS } from '@/lib/planning/refill-priority';
import { salesComparison } from '@/lib/fleet/overview';
import { startServer, type RunningServer } from '@/e2e/support/server';
import { startPgCluster } from '@/e2e/support/pg-cluster';
import { bulkLoad } from '@/scripts/bulk-load';
import { copyIntoPostgres } from '@/scripts/copy-to-postgres';
import { ensureBenchAdmin, ensureBuild, isPostgresUrl, loadavg, pct } from './support';

/**
 * `npm run bench:pages [-- --days 3 --requests 100 --shelves 200000 --keep --only lines]`
 *
 * The pages' read endpoints on a fleet at scale (5,000 machines), each beside the bare SQL of
 * the same data run with better-sqlite3 in this process, alternating request and query so both
 * see the same machine load. `BENCH_DB=/path` uses a database seeded with `npm run seed:scale`
 * (migrated by the server at start, otherwise left as it is unless `--top-up`, which adds shelves
 * to it up to `--shelves`); without it a fleet is seeded
 * under /tmp with the same bulk loader, topped up to `--shelves` shelves, and removed afterwards
 * unless `--keep`. Prints p50/p95 and ratios; asserts nothing.
 *
 * PostgreSQL (D115): `--postgres` copies that SQLite fleet (seeded, or BENCH_DB's) into a
 * throwaway cluster (e2e/support/pg-cluster.ts; PG_CLUSTER_PARENT places it) and measures the
 * same cases on both engines in the same run, then prints each case's PostgreSQL/SQLite p95
 * (target ≤ 2× for the machine list and the overview). `BENCH_DB=postgres://…` measures an
 * existing PostgreSQL database alone (from `DATABASE_URL=postgres://… npm run seed:scale`).
 * On PostgreSQL the bare side runs the same SQL and query functions on a pool of its own.
 */
const { values } = parseArgs({
  options: {
    machines: { type: 'string', default: '5000' },
    days: { type: 'string', default: '3' },
    shelves: { type: 'string', default: '200000' },
    requests: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    /** Only the cases whose name contains this text (e.g. `--only 'whole fleet'`). */
    only: { type: 'string' },
    /** With BENCH_DB: add shelves to it up to --shelves (it changes that database). */
    'top-up': { type: 'boolean', default: false },
    /** The same fleet on a throwaway PostgreSQL cluster too, measured in the same run. */
    postgres: { type: 'boolean', default: false },
  },
});
const num = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const MACHINES = num('machines', values.machines);
const REQUESTS = Math.max(1, num('requests', values.requests));
const WARMUP = num('warmup', values.warmup);

/**
 * One measured endpoint: its URL, and the SQL that returns the same data without the app.
 * A further page's endpoint (e.g. the overview) is one more entry in `cases()`.
 */
export interface BenchCase {
  name: string;
  url: string;
  /**
   * The bare query: one SQL statement (`?` placeholders, SQL both engines read), or a function
   * running the statements through the query functions (returns rows).
   */
  bareSql: string | ((db: Db) => Promise<number>);
  params?: unknown[];
  /** The p95 target for the API, ms. */
  targetMs?: number;
}

/**
 * The overview's statements (db/queries/overview.ts and the two sales windows from the rollups),
 * run directly on the connection: what the endpoint reads, without its assembly, HTTP or JSON.
 */
async function overviewBare(db: Db): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const rows = [
    [await fleetCounts(db)],
    await offlineMachines(db, { before: now - 10 * 60, limit: 200 }),
    await openDoors(db, { before: now - 10 * 60, limit: 200 }),
    await staleMachines(db, { before: now - 6 * 3600, limit: 200 }),
    await openFaultRows(db, { limit: 200 }),
    await soldOutByMachine(db, { limit: 200 }),
    await stockBasis(db, { fleet: true }, { mayBeLow: true }),
    await latestReadings(db),
  ];
  // Today's and last week's sales come from the rollups (D20), through the same function.
  await salesComparison(db, now, 'Asia/Shanghai');
  return rows.reduce((n, r) => n + r.length, 0);
}

/**
 * What the fleet-wide lines and sites read (db/queries/planning.ts, the shelves summed per
 * machine), run directly: the statements without the ranking, the grouping, HTTP or JSON. Both endpoints read
 * the same (the sites leave out the lines, which are a dozen rows).
 */
async function planningBare(db: Db): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const machines = await planningMachines(db, { fleet: true }, now - VELOCITY_DAYS * 86_400);
  const shelves = await planningShelfFigures(
    db,
    { fleet: true },
    { now, hoursCap: WEIGHTS.soldOutHoursCap },
  );
  return machines.length + shelves.size + (await lineRows(db)).length + (await siteRows(db)).length;
}

/** The machine list's columns and joins as the API's query builds them (db/queries/machines.ts). */
const MACHINE_LIST = `
  select m.asset_id, m.name, m.platform, m.incomplete, s.name site_name, l.name line_name,
    a.name area_name, st.online, st.vmc_online, st.door_state, st.is_sale,
    (select count(*) from shelves x where x.asset_id = m.asset_id and x.sold_out = 1) sold_out_shelves,
    (select count(*) from shelves x where x.asset_id = m.asset_id) total_shelves,
    (select count(*) from machine_faults f where f.asset_id = m.asset_id and f.cleared_at is null) open_faults,
    m.last_seen_at
  from machines m
    left join sites s on s.id = m.site_id
    left join lines l on l.id = m.line_id
    left join areas a on a.id = coalesce(m.area_id, s.area_id, l.area_id)
    left join machine_status st on st.asset_id = m.asset_id`;

/**
 * The bare side's connection: better-sqlite3 read-only in this process, or a pool of two on
 * PostgreSQL; `db` is the app's handle over it, for the query functions.
 */
interface Bare {
  engine: 'sqlite' | 'postgres';
  db: Db;
  /** The rows of one statement (`?` placeholders). */
  all: (sql: string, params?: unknown[]) => Promise<unknown[][]>;
  close: () => Promise<void>;
}

function openBare(url: string): Bare {
  if (isPostgresUrl(url)) {
    const pg = openPg(url, { max: 2, statementTimeoutMs: 0 });
    return {
      engine: 'postgres',
      db: asAppDb(pg),
      all: async (sql, params = []) => {
        let n = 0;
        const text = sql.replace(/\?/g, () => `$${++n}`);
        return (await pg.$client.query({ text, values: params, rowMode: 'array' }))
          .rows as unknown[][];
      },
      close: () => pg.$client.end(),
    };
  }
  const raw = new Database(url, { readonly: true });
  const statements = new Map<string, Database.Statement>();
  return {
    engine: 'sqlite',
    db: wrap(raw),
    all: async (sql, params = []) => {
      let s = statements.get(sql);
      if (!s) statements.set(sql, (s = raw.prepare(sql).raw()));
      return s.all(...params) as unknown[][];
    },
    close: async () => {
      raw.close();
    },
  };
}

async function cases(bare: Bare): Promise<BenchCase[]> {
  const line = (await bare.all('select name from lines order by name limit 1'))[0]![0] as string;
  return [
    {
      name: 'machine list, whole fleet',
      url: '/api/v1/machines?limit=5000',
      bareSql: `${MACHINE_LIST} order by m.asset_id limit 5000`,
    },
    {
      name: 'machine list, one line with sold-out shelves, by sold-out',
      url: `/api/v1/machines?${new URLSearchParams({ line, soldOut: 'true', sort: 'soldOut', dir: 'desc', limit: '5000' })}`,
      bareSql: `${MACHINE_LIST}
        where l.name = ? and exists (select 1 from shelves x where x.asset_id = m.asset_id and x.sold_out = 1)
        order by sold_out_shelves desc, m.asset_id limit 5000`,
      params: [line],
    },
    {
      name: 'overview: figures, sales against last week, alerts',
      url: '/api/v1/overview',
      bareSql: overviewBare,
      targetMs: 300,
    },
    // The route planner's fleet-wide reads (issue 16): every machine ranked, then summed.
    { name: 'lines, whole fleet', url: '/api/v1/lines', bareSql: planningBare, targetMs: 200 },
    { name: 'sites, whole fleet', url: '/api/v1/sites', bareSql: planningBare, targetMs: 200 },
  ];
}

ensureBuild();

/** Adds shelves (a tenth of them sold out) in one more container per machine, up to `target`. */
function topUpShelves(file: string, target: number) {
  const db = new Database(file);
  try {
    const have = db.prepare('select count(*) from shelves').pluck().get() as number;
    const ids = db
      .prepare('select asset_id from machines order by asset_id')
      .pluck()
      .all() as string[];
    const missing = target - have;
    if (missing <= 0 || ids.length === 0) return 0;
    const perMachine = Math.ceil(missing / ids.length);
    const container = db.prepare('insert into containers (asset_id, cid, type) values (?, ?, 2)');
    const shelf = db.prepare(
      'insert into shelves (asset_id, cid, location_id, capacity, sold_out) values (?, ?, ?, 8, ?)',
    );
    let added = 0;
    db.transaction(() => {
      for (const id of ids) {
        const cid = `${id}-bench`;
        container.run(id, cid);
        for (let i = 0; i < perMachine && added < missing; i++, added++)
          shelf.run(id, cid, String(i + 1), added % 10 === 0 ? 1 : 0);
      }
    })();
    return added;
  } finally {
    db.close();
  }
}

async function seed(): Promise<{ file: string; cleanup: () => void }> {
  if (isPostgresUrl(process.env.BENCH_DB)) {
    if (values['top-up'] || values.postgres)
      throw new Error('BENCH_DB=postgres://… is measured as it is: no --top-up, no --postgres');
    console.log(`using BENCH_DB=${redact(process.env.BENCH_DB!)}`);
    return { file: process.env.BENCH_DB!, cleanup: () => {} };
  }
  if (process.env.BENCH_DB) {
    if (!fs.existsSync(process.env.BENCH_DB))
      throw new Error(`BENCH_DB ${process.env.BENCH_DB} does not exist`);
    console.log(`using BENCH_DB=${process.env.BENCH_DB}`);
    if (values['top-up']) {
      const added = topUpShelves(process.env.BENCH_DB, num('shelves', values.shelves));
      console.log(
        `${added.toLocaleString('en')} shelves added to reach --shelves ${values.shelves}`,
      );
    }
    return { file: process.env.BENCH_DB, cleanup: () => {} };
  }
  const days = Math.max(1, num('days', values.days));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-bench-pages-'));
  const file = path.join(dir, 'vending.db');
  console.log(
    `seeding ${MACHINES} machines with ${days} days of history into ${file} (--days, --machines)`,
  );
  const started = performance.now();
  let r: Awaited<ReturnType<typeof bulkLoad>>;
  let added: number;
  try {
    const db = openDb(file);
    r = await bulkLoad(db, {
      seed: 1,
      machines: MACHINES,
      days,
      finalStatusOnly: true,
      clientId: 'bench-client',
    });
    db.$client.close();
    added = topUpShelves(file, num('shelves', values.shelves));
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  console.log(
    `seeded ${r.trades.toLocaleString('en')} trades in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `${added.toLocaleString('en')} shelves added to reach --shelves ${values.shelves}`,
  );
  return {
    file,
    cleanup: () => {
      if (values.keep) console.log(`kept ${file}: rerun with BENCH_DB=${file}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, p50: pct(s, 50), p95: pct(s, 95) };
};

async function measure(server: RunningServer, db: Bare, c: BenchCase) {
  const get = async () => {
    const t = performance.now();
    const r = await fetch(`${server.url}${c.url}`, {
      headers: { cookie: server.admin!.cookie, 'accept-encoding': 'gzip' },
    });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`${c.url}: ${r.status} ${body.slice(0, 200)}`);
    return {
      ms: performance.now() - t,
      bytes: Buffer.byteLength(body),
      items: (JSON.parse(body) as { items?: unknown[] }).items?.length,
    };
  };
  const bare = async () => {
    const t = performance.now();
    const rows =
      typeof c.bareSql === 'string'
        ? (await db.all(c.bareSql, c.params)).length
        : await c.bareSql(db.db);
    return { ms: performance.now() - t, rows };
  };
  for (let i = 0; i < WARMUP; i++) {
    await get();
    await bare();
  }
  const api: number[] = [];
  const sql: number[] = [];
  let last = { bytes: 0, items: 0 as number | undefined, rows: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    const a = await get();
    const b = await bare();
    api.push(a.ms);
    sql.push(b.ms);
    last = { bytes: a.bytes, items: a.items, rows: b.rows };
  }
  return { api: summary(api), bare: summary(sql), ...last };
}

type Result = Awaited<ReturnType<typeof measure>>;

/** Every case against one engine's server on `url`, each beside its bare query. */
async function runCases(url: string): Promise<Map<string, Result>> {
  const results = new Map<string, Result>();
  const engine = isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite';
  await ensureBenchAdmin(url);
  // Each request computes its answer: the reader threads' cache (D60) would otherwise answer
  // the same URL again from memory while nothing is written.
  const server = await startServer(
    // No refit of demand at start: its minute of reading would sit inside the timings (D93).
    { READ_CACHE_MS: '0', FORECAST_FIT_MIN: '0' },
    'server.ts',
    // The URL named, so E2E_ENGINE (a run inside with-pg.ts) never swaps in another cluster.
    { databaseUrl: url, ...(isPostgresUrl(url) ? {} : { databaseFile: url }) },
  );
  const db = openBare(url);
  try {
    const count = async (sql: string) => Number((await db.all(sql))[0]![0]).toLocaleString('en');
    console.log(
      `\n${engine}, ${isPostgresUrl(url) ? redact(url) : url}` +
        `\nfleet: ${await count('select count(*) from machines')} machines, ${await count('select count(*) from shelves')} shelves ` +
        `(${await count('select count(*) from shelves where sold_out = 1')} sold out), ` +
        `${await count('select count(*) from machine_faults where cleared_at is null')} open faults, ` +
        `${await count('select count(*) from trades')} trades`,
    );
    console.log(
      `${REQUESTS} requests per case after ${WARMUP} warm-up, one at a time over loopback (gzip, as a browser ` +
        `asks), each followed by its bare query; ${os.cpus().length} CPUs, load average ${loadavg()}\n`,
    );
    const ms = (v: number) => `${v.toFixed(1).padStart(6)} ms`;
    for (const c of (await cases(db)).filter((c) => !values.only || c.name.includes(values.only))) {
      const r = await measure(server, db, c);
      results.set(c.name, r);
      const ratio = r.api.p95 / r.bare.p95;
      const target = c.targetMs ?? 100;
      console.log(
        `${c.name}  (${r.items === undefined ? '' : `${r.items} items, `}${(r.bytes / 1024).toFixed(0)} KiB; bare ${r.rows} rows)`,
      );
      console.log(`  api   p50 ${ms(r.api.p50)}   p95 ${ms(r.api.p95)}   min ${ms(r.api.min)}`);
      console.log(`  bare  p50 ${ms(r.bare.p50)}   p95 ${ms(r.bare.p95)}   min ${ms(r.bare.min)}`);
      console.log(
        `  ratio api/bare  p50 ${(r.api.p50 / r.bare.p50).toFixed(2)}×   p95 ${ratio.toFixed(2)}×   ` +
          `(targets: api p95 ≤ ${target} ms ${r.api.p95 <= target ? 'met' : 'MISSED'}; ≤ 3× bare ${ratio <= 3 ? 'met' : 'MISSED'})\n`,
      );
    }
    console.log(`load average after: ${loadavg()}`);
  } finally {
    await db.close();
    await server.stop();
  }
  return results;
}

const { file, cleanup } = await seed();
try {
  // SQLite's file, or BENCH_DB's PostgreSQL database alone.
  const sqlite = await runCases(file);
  if (values.postgres) {
    const cluster = await startPgCluster();
    try {
      const started = performance.now();
      await copyIntoPostgres(file, cluster.url);
      console.log(
        `\ncopied the fleet into a throwaway PostgreSQL cluster in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      const postgres = await runCases(cluster.url);
      console.log('\nPostgreSQL against SQLite, same fleet, same run (api p95):');
      for (const [name, s] of sqlite) {
        const p = postgres.get(name);
        if (!p) continue;
        const r = p.api.p95 / s.api.p95;
        // The issue's target covers the machine list and the overview.
        const targeted = /^(machine list|overview)/.test(name);
        console.log(
          `  ${name.padEnd(60)} SQLite ${s.api.p95.toFixed(1).padStart(7)} ms   PostgreSQL ${p.api.p95.toFixed(1).padStart(7)} ms   ` +
            `${r.toFixed(2)}×${targeted ? `   (target ≤ 2× ${r <= 2 ? 'met' : 'MISSED'})` : ''}`,
        );
      }
    } finally {
      cluster.stop();
    }
  }
} finally {
  cleanup();
}
