import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDb } from '@/lib/db';
import { wrap } from '@/db/client';
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
import { bulkLoad } from '@/scripts/bulk-load';
import { ensureBenchAdmin, ensureBuild, loadavg, pct } from './support';

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
  /** The bare query: one SQL statement, or a function running the statements (returns rows). */
  bareSql: string | ((db: Database.Database) => number | Promise<number>);
  params?: unknown[];
  /** The p95 target for the API, ms. */
  targetMs?: number;
}

/**
 * The overview's statements (db/queries/overview.ts and the two sales windows from the rollups),
 * run directly on the connection: what the endpoint reads, without its assembly, HTTP or JSON.
 */
async function overviewBare(raw: Database.Database): Promise<number> {
  const db = wrap(raw);
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
async function planningBare(raw: Database.Database): Promise<number> {
  const db = wrap(raw);
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

function cases(db: Database.Database): BenchCase[] {
  const line = db.prepare('select name from lines order by name limit 1').pluck().get() as string;
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

async function measure(server: RunningServer, db: Database.Database, c: BenchCase) {
  const statement = typeof c.bareSql === 'string' ? db.prepare(c.bareSql) : undefined;
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
    const rows = statement
      ? statement.all(...(c.params ?? [])).length
      : await (c.bareSql as (db: Database.Database) => Promise<number>)(db);
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

const { file, cleanup } = await seed();
try {
  await ensureBenchAdmin(file);
  // Each request computes its answer: the reader threads' cache (D60) would otherwise answer
  // the same URL again from memory while nothing is written.
  const server = await startServer(
    // No refit of demand at start: its minute of reading would sit inside the timings (D93).
    { READ_CACHE_MS: '0', FORECAST_FIT_MIN: '0' },
    'server.ts',
    { databaseFile: file },
  );
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number).toLocaleString('en');
    console.log(
      `\nfleet: ${count('select count(*) from machines')} machines, ${count('select count(*) from shelves')} shelves ` +
        `(${count('select count(*) from shelves where sold_out = 1')} sold out), ` +
        `${count('select count(*) from machine_faults where cleared_at is null')} open faults, ` +
        `${count('select count(*) from trades')} trades`,
    );
    console.log(
      `${REQUESTS} requests per case after ${WARMUP} warm-up, one at a time over loopback (gzip, as a browser ` +
        `asks), each followed by its bare query; ${os.cpus().length} CPUs, load average ${loadavg()}\n`,
    );
    const ms = (v: number) => `${v.toFixed(1).padStart(6)} ms`;
    for (const c of cases(db).filter((c) => !values.only || c.name.includes(values.only))) {
      const r = await measure(server, db, c);
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
    db.close();
    await server.stop();
  }
} finally {
  cleanup();
}
