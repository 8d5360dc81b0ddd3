import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@/db/client';
import {
  dropStaleDemand,
  fitMachines,
  latestFit,
  machineHistory,
  recordFit,
  shelfKey,
  storeMachineDemand,
  type FitSummary,
  type StoredMachineDemand,
} from '@/db/queries/forecast';
import { holdLease, releaseLease } from '@/db/queries/leases';
import { inTransaction } from '@/db/prepared';
import { registerWorker } from '@/lib/ops/liveness';
import { fitMachine, poolSites, roundRate, type MachineHistory } from './fit';
import { DAY, zoneOffset } from './week';
import { mapSeries } from '@/lib/ops/series';

export interface FleetFit {
  now: number;
  windowFrom: number;
  windowTo: number;
  fleetShape: number[];
  machines: StoredMachineDemand[];
}

/** The app's records of one machine as the pure fit reads them (trades without a cid match by location). */
async function historyOf(
  db: DbOrTx,
  p: { assetId: string; from: number; to: number; offset: number },
): Promise<MachineHistory> {
  const rows = await machineHistory(db, p);
  const byLocation = new Map<string, string | null>();
  for (const s of rows.shelves) {
    const key = shelfKey(s.cid, s.locationId);
    // Two containers with the same location: a trade without a cid names neither.
    byLocation.set(s.locationId, byLocation.has(s.locationId) ? null : key);
  }
  const keyOf = (cid: string | null, location: string | null) =>
    location === null ? null : cid !== null ? shelfKey(cid, location) : byLocation.get(location);
  const refills = new Map<number, MachineHistory['refills'][number]>();
  for (const r of rows.refills) {
    const shelf = keyOf(r.cid, r.locationId);
    if (!shelf || r.stock === null) continue;
    const visit = refills.get(r.t) ?? { t: r.t, shelves: [] };
    visit.shelves.push({ shelf, stock: r.stock });
    refills.set(r.t, visit);
  }
  // A machine whose records begin inside the window is observed from then, not before: hours
  // before its first sale or visit were not hours it failed to sell in.
  const from = Math.min(p.to, Math.max(p.from, rows.firstSeen ?? p.to));
  return {
    from,
    to: p.to,
    offset: p.offset,
    shelves: rows.shelves.map((s) => ({
      shelf: shelfKey(s.cid, s.locationId),
      goodsId: s.goodsId,
    })),
    refills: [...refills.values()],
    trades: rows.trades.flatMap((x) => {
      const shelf = keyOf(x.cid, x.locationId);
      return shelf ? [{ t: x.t, shelf, goodsId: x.goodsId, units: x.units }] : [];
    }),
  };
}

/**
 * Fits every machine's demand from the last `windowDays` of its own records (read only: the
 * server runs it on a reader thread, D60), then pools thin shelves by site and goods (D93).
 */
export async function fitFleet(
  db: DbOrTx,
  o: { now: number; windowDays: number; timeZone: string },
): Promise<FleetFit> {
  const windowTo = o.now;
  const windowFrom = o.now - o.windowDays * DAY;
  const offset = zoneOffset(o.timeZone, o.now);
  const last = await latestFit(db);
  const fleetShape = last ? (JSON.parse(last.fleetShape) as number[]) : undefined;
  const fitted = await mapSeries(await fitMachines(db), async (m) => ({
    assetId: m.assetId,
    site: m.siteId === null ? null : String(m.siteId),
    demand: fitMachine(
      await historyOf(db, { assetId: m.assetId, from: windowFrom, to: windowTo, offset }),
      { fleetShape },
    ),
  }));
  const shape = poolSites(fitted);
  return {
    now: o.now,
    windowFrom,
    windowTo,
    fleetShape: shape.map(roundRate),
    machines: fitted.map((m) => ({
      assetId: m.assetId,
      shape: m.demand.shape.map(roundRate),
      unitsPerDay: roundRate(m.demand.unitsPerDay),
      utcOffset: offset,
      windowFrom,
      windowTo,
      shelves: m.demand.shelves.map((s) => {
        const [cid, locationId] = splitKey(s.shelf);
        return {
          cid,
          locationId,
          goodsId: s.goodsId,
          unitsPerDay: roundRate(s.unitsPerDay),
          units: s.units,
          exposureDays: roundRate(s.exposureDays),
          source: s.source,
        };
      }),
    })),
  };
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Machines written per transaction: a push waits for one chunk at most. */
const CHUNK = 100;

/**
 * Writes a fit: machines a chunk per transaction, `pause` between chunks (the server yields to
 * its pushes there), then machines the fit no longer has lose their rows, and the fit is
 * recorded. A reader sees each machine's old demand or its new, never a mix.
 */
export async function storeFit(
  db: Db,
  fit: FleetFit,
  o: { startedMs: number; pause?: () => Promise<void> },
) {
  for (let i = 0; i < fit.machines.length; i += CHUNK) {
    const chunk = fit.machines.slice(i, i + CHUNK);
    await inTransaction(db, (tx) => storeMachineDemand(tx, chunk, fit.now));
    if (o.pause) await o.pause();
  }
  await inTransaction(db, async (tx) => {
    await dropStaleDemand(tx, fit.now);
    await recordFit(tx, {
      fittedAt: fit.now,
      windowFrom: fit.windowFrom,
      windowTo: fit.windowTo,
      machines: fit.machines.length,
      shelves: fit.machines.reduce((n, m) => n + m.shelves.length, 0),
      durationMs: Math.round(Date.now() - o.startedMs),
      fleetShape: JSON.stringify(fit.fleetShape),
    });
  });
}

/** Fit and store at once, on this thread (tests, the benchmark, `npm run forecast:fit`). */
export async function refitDemand(
  db: Db,
  o: { now: number; windowDays?: number; timeZone?: string },
): Promise<FleetFit> {
  const startedMs = Date.now();
  const fit = await fitFleet(db, {
    now: o.now,
    windowDays: o.windowDays ?? 56,
    timeZone: o.timeZone ?? 'Asia/Shanghai',
  });
  await storeFit(db, fit, { startedMs });
  return fit;
}

/** Whichever fit is running in this process, found through globalThis (Next.js bundles its own copy of this module). */
const FLIGHT = Symbol.for('vending.demandFit');
type Holder = { [FLIGHT]?: Promise<FitSummary> };

/**
 * One fit at a time in a process: the schedule and a planner's "refit now" share a running
 * fit instead of starting a second. `fit` reads and fits (on a reader thread in the server);
 * the result is written here a chunk at a time, yielding to the pushes between chunks.
 */
export function refitOnce(
  getDb: () => Db,
  fit: (now: number) => Promise<FleetFit>,
  now: number,
): Promise<FitSummary> {
  const holder = globalThis as Holder;
  const running = holder[FLIGHT];
  if (running) return running;
  const startedMs = Date.now();
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  const flight = fit(now)
    .then(async (f) => {
      await storeFit(getDb(), f, { startedMs, pause });
      return {
        fittedAt: f.now,
        windowFrom: f.windowFrom,
        windowTo: f.windowTo,
        machines: f.machines.length,
        shelves: f.machines.reduce((n, m) => n + m.shelves.length, 0),
        durationMs: Date.now() - startedMs,
      };
    })
    .finally(() => {
      if (holder[FLIGHT] === flight) delete holder[FLIGHT];
    });
  holder[FLIGHT] = flight;
  return flight;
}

const LEASE = 'demand-fit';
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * The scheduled refit (D93): one process across several (the `demand-fit` lease) refits every
 * `everyMin` minutes, the reading and fitting on a reader thread (`fit`), the writing here in
 * chunks. Returns the stop for the server's shutdown.
 */
export function startDemandFits(
  getDb: () => Db,
  o: {
    everyMin: number;
    fit: (now: number) => Promise<FleetFit>;
  },
): () => Promise<void> {
  if (o.everyMin <= 0) return async () => undefined;
  const tickMs = Math.min(60_000, o.everyMin * 15_000);
  const ttlS = Math.ceil((3 * tickMs) / 1000) + 600;
  const holder = randomUUID();
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const live = registerWorker('demand-fit', tickMs * 3 + 60_000);

  const tick = async () => {
    live.beat();
    if (stopped) return;
    try {
      const db = getDb();
      const now = nowS();
      if (!(await holdLease(db, { name: LEASE, holder, ttlS, now }))) return;
      if (running) return;
      const last = await latestFit(db);
      if (last && now - last.fittedAt < o.everyMin * 60) return;
      running = refitOnce(getDb, o.fit, now)
        .catch((e: unknown) => console.error('demand fit:', e))
        .finally(() => (running = undefined));
    } catch (e) {
      console.error('demand fit:', e);
    }
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  setImmediate(tick);
  return async () => {
    stopped = true;
    live.stop();
    clearInterval(timer);
    await running;
    try {
      await releaseLease(getDb(), { name: LEASE, holder });
    } catch {
      // The database may already be closed.
    }
  };
}
