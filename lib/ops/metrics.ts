import 'server-only';
import fs from 'node:fs';
import client from 'prom-client';
import type { Db } from '@/db/client';
import { deliveriesByState, openAlertsByKind, syncRunsByJob } from '@/db/queries/ops';

/**
 * The process's Prometheus metrics (D90). Counters on the push path are incremented through
 * label children bound once per kind and outcome, so a push allocates nothing for them.
 * Figures that live in the database (open alerts, deliveries, sync runs, file sizes) are read
 * when Prometheus scrapes, not kept up to date on every write. METRICS=off turns every counter
 * into a no-op, to measure their cost. Kept on globalThis: server.ts and Next's bundle load
 * separate copies of lib/ (and of prom-client).
 */
const PUSH_KINDS = ['device', 'trade', 'status', 'refill'] as const;
type Kind = (typeof PUSH_KINDS)[number];
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function build() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const pushes = new client.Counter({
    name: 'vending_pushes_received_total',
    help: 'Platform pushes answered, by kind and outcome (accepted, duplicate, refused, failed) and error code',
    labelNames: ['kind', 'outcome', 'code'] as const,
    registers,
  });
  const ingest = new client.Histogram({
    name: 'vending_push_ingest_seconds',
    help: 'Time from a push arriving to its answer (body read, verify, group commit)',
    labelNames: ['kind'] as const,
    buckets: SECONDS,
    registers,
  });
  const inboxFailures = new client.Counter({
    name: 'vending_inbox_failures_total',
    help: 'Verified pushes kept in the inbox whose projection failed (replayable)',
    labelNames: ['kind'] as const,
    registers,
  });
  const batch = new client.Histogram({
    name: 'vending_push_batch_size',
    help: 'Pushes committed together by one group commit',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });
  const http = new client.Histogram({
    name: 'vending_http_request_duration_seconds',
    help: 'Requests other than pushes, by route (the access rule path), method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: SECONDS,
    registers,
  });
  const callbacks = new client.Counter({
    name: 'vending_cabinet_callbacks_total',
    help: 'SAAS cabinet callbacks by action and answer status',
    labelNames: ['action', 'status'] as const,
    registers,
  });
  const checkpoint = new client.Histogram({
    name: 'vending_wal_checkpoint_seconds',
    help: 'WAL checkpoints by mode (PASSIVE every half second, TRUNCATE past WAL_MAX_MB and at shutdown)',
    labelNames: ['mode'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });

  type Child = Awaited<ReturnType<typeof pushes.labels>>;
  const bound = Object.fromEntries(
    PUSH_KINDS.map((k) => [
      k,
      {
        accepted: pushes.labels(k, 'accepted', ''),
        duplicate: pushes.labels(k, 'duplicate', ''),
        refused: new Map<string, Child>(),
        ingest: ingest.labels(k),
        inboxFailure: inboxFailures.labels(k),
      },
    ]),
  ) as Record<
    Kind,
    {
      accepted: Child;
      duplicate: Child;
      refused: Map<string, Child>;
      ingest: Awaited<ReturnType<typeof ingest.labels>>;
      inboxFailure: Awaited<ReturnType<typeof inboxFailures.labels>>;
    }
  >;
  return { registry, pushes, bound, batch, http, callbacks, checkpoint, collecting: false };
}

type Metrics = Awaited<ReturnType<typeof build>>;
const KEY = Symbol.for('vending.ops.metrics');
type G = { [KEY]?: Metrics | null };

/** The metrics, or null when METRICS=off. */
function metrics(): Metrics | null {
  const g = globalThis as G;
  if (g[KEY] === undefined) g[KEY] = process.env.METRICS === 'off' ? null : build();
  return g[KEY];
}

export const metricsEnabled = () => metrics() !== null;

export type PushOutcome = 'accepted' | 'duplicate' | { status: number; code: string };

/** One push answered: its outcome and how long it took (seconds). */
export function countPush(kind: Kind, outcome: PushOutcome, seconds: number) {
  const m = metrics();
  if (!m) return;
  const b = m.bound[kind];
  if (outcome === 'accepted') b.accepted.inc();
  else if (outcome === 'duplicate') b.duplicate.inc();
  else {
    // A bounded set: the receivers' error codes (NotifyErrorCode).
    let child = b.refused.get(outcome.code);
    if (!child) {
      const what = outcome.status >= 500 ? 'failed' : 'refused';
      child = m.pushes.labels(kind, what, outcome.code);
      b.refused.set(outcome.code, child);
    }
    child.inc();
  }
  b.ingest.observe(seconds);
}

export function countInboxFailure(kind: Kind) {
  metrics()?.bound[kind].inboxFailure.inc();
}

export function observeBatch(size: number) {
  metrics()?.batch.observe(size);
}

/** A request answered; `route` is its access rule's path, a bounded set (never the URL). */
export function observeRequest(route: string, method: string, status: number, seconds: number) {
  metrics()?.http.observe({ route, method, status: `${Math.floor(status / 100)}xx` }, seconds);
}

/** `action` must come from a closed list (unknown actions are counted as `other`). */
export function countCallback(action: string, status: number) {
  metrics()?.callbacks.inc({ action, status: String(status) });
}

export function observeCheckpoint(mode: string, seconds: number) {
  metrics()?.checkpoint.observe({ mode }, seconds);
}

const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

/**
 * The figures read at scrape time: open alerts by kind, deliveries by state, sync runs and
 * each job's lag (now − the end of its last successful run), the database and WAL sizes.
 * Called once by the server; a scrape reads a few grouped counts on indexed tables.
 */
export function collectFromDatabase(getDb: () => Db, file: string | undefined) {
  const m = metrics();
  if (!m || m.collecting) return;
  m.collecting = true;
  const registers = [m.registry];
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (g: client.Gauge<L>) => void | Promise<void>,
  ) =>
    new client.Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect(this: client.Gauge<L>) {
        this.reset();
        await collect(this);
      },
    });
  gauge('vending_alerts_open', 'Alerts not yet resolved, by kind', ['kind'], async (g) => {
    for (const r of await openAlertsByKind(getDb())) g.set({ kind: r.kind }, r.n);
  });
  gauge(
    'vending_notification_deliveries',
    'Notification deliveries by state (failed: given up)',
    ['state'],
    async (g) => {
      for (const r of await deliveriesByState(getDb())) g.set({ state: r.state }, r.n);
    },
  );
  let lastOk: { job: string; at: number }[] = [];
  gauge(
    'vending_sync_runs',
    'Sync runs recorded, by job and state',
    ['job', 'state'],
    async (g) => {
      lastOk = [];
      for (const r of await syncRunsByJob(getDb())) {
        g.set({ job: r.job, state: r.state }, r.n);
        if (r.lastOk !== null) lastOk.push({ job: r.job, at: r.lastOk });
      }
    },
  );
  // Registered after the runs' gauge, whose collect (run first) reads the table for both.
  gauge(
    'vending_sync_lag_seconds',
    'Seconds since each sync job last finished a successful run',
    ['job'],
    (g) => {
      const now = Date.now() / 1000;
      for (const r of lastOk) g.set({ job: r.job }, Math.max(0, now - r.at));
    },
  );
  // SQLite's file and WAL; PostgreSQL's sizes are its own to report (its exporter, D111).
  if (file === undefined) return;
  gauge('vending_database_bytes', 'Size of the database file', [], (g) => g.set(fileSize(file)));
  gauge('vending_wal_bytes', 'Size of the write-ahead log', [], (g) =>
    g.set(fileSize(`${file}-wal`)),
  );
}

/** The text Prometheus reads, or null when METRICS=off. */
export async function scrape(): Promise<{ text: string; contentType: string } | null> {
  const m = metrics();
  if (!m) return null;
  return { text: await m.registry.metrics(), contentType: m.registry.contentType };
}
