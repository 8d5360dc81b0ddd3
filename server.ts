import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import compression from 'compression';
import next from 'next';
import { closeDb, getDb, onPostgres, startDb } from '@/lib/db';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { startCheckpointer } from '@/db/checkpointer';
import { ConfigError, getConfig, type AppConfig } from '@/lib/config';
import { handleNotifyNode, notifyKindOf } from '@/lib/ingest/push/http';
import { fastReadOf, handleFastRead } from '@/lib/fleet/fast-read';
import { ensureFirstAdmin } from '@/lib/auth/accounts';
import { gate, gatePrincipals } from '@/lib/auth/gate';
import { limitBody, refuseBeforeContinue } from '@/lib/edge/body-limit';
import { sendError } from '@/lib/edge/respond';
import { frontDoor, MAX_HEADER_BYTES, onClientError } from '@/lib/edge/front-door';
import { startReadPool } from '@/lib/reads/start';
import { startCabinetPoller } from '@/lib/cabinets/sync';
import { startSync } from '@/lib/sync/scheduler';
import { startDeliveryWorker } from '@/lib/notifications/worker';
import { readValue } from '@/lib/reads';
import { startReportScheduler } from '@/lib/reports/scheduler';
import { handleOps, opsPathOf, type OpsOptions } from '@/lib/ops/http';
import { configureLog, flushLog } from '@/lib/ops/log';
import { collectFromDatabase, observeCheckpoint } from '@/lib/ops/metrics';
import { trackRequest } from '@/lib/ops/request-log';
import { onShutdown, runShutdownHooks } from '@/lib/ops/shutdown';
import { registerWorker } from '@/lib/ops/liveness';
import { startBackups } from '@/lib/admin/backups/schedule';
import { startDemandFits } from '@/lib/forecast/job';
import { startAlertEvaluator } from '@/lib/alerts/evaluator';

/**
 * The production server: Next.js behind a plain node:http server that takes the platform's
 * push receivers itself. Those are the hot path (the platform pushes every trade and status
 * change); the framework's per-request cost would be most of their time (docs/decisions.md).
 */
async function main() {
  const dev = process.argv.includes('--dev');
  let config;
  try {
    config = getConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      // Before any logger is configured, and meant for a person: plain text on stderr.
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const log = configureLog({
    level: config.LOG_LEVEL,
    destination: config.LOG_DESTINATION,
    dev,
  });
  // Migrations apply here (and, on PostgreSQL, the rollups' time-zone check: D111).
  let db;
  try {
    db = await startDb();
  } catch (e) {
    if (!onPostgres()) throw e;
    // A database that cannot be reached or refuses us is said plainly, not as a stack.
    log.fatal({ err: e }, 'cannot open the PostgreSQL database');
    console.error(`cannot open the PostgreSQL database: ${(e as Error).message}`);
    flushLog();
    process.exit(1);
  }
  // SQLite's own connection: its WAL checkpointer, reader threads, file and read-only drill.
  // PostgreSQL has none of these (D111): its server checkpoints, reads run in this process.
  const sqlite = onPostgres() ? undefined : db.$client;
  const stopCheckpointer = sqlite ? checkpointer(sqlite, config, log) : () => {};
  collectFromDatabase(getDb, sqlite?.name);
  // Long reads run on reader threads, never on this one, which receives the pushes (D60).
  const readPool = await startReadPool(getDb(), config);
  const admin = await ensureFirstAdmin(getDb(), config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  if (admin === 'created') log.info({ email: config.ADMIN_EMAIL }, 'created the first admin');
  if (admin === 'missing')
    log.warn('no user exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
  // A drill (D90): from here on the connection refuses writes as a read-only database would.
  if (config.DATABASE_QUERY_ONLY) {
    if (sqlite) sqlite.pragma('query_only = ON');
    else log.warn('DATABASE_QUERY_ONLY is a SQLite drill: ignored on PostgreSQL');
  }
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  // SAAS cabinets: status, payment configuration and goods on a schedule (SAAS_POLL_SECONDS).
  const stopPoller = startCabinetPoller(getDb);
  const fastPath = process.env.NOTIFY_FAST_PATH !== 'off';
  // The machine list answered before Next.js too (lib/fleet/fast-read.ts); FAST_READS=off or dev
  // serves it from its route handler.
  const fastReads = !dev && process.env.FAST_READS !== 'off';
  // Responses are compressed here, not by Next.js (compress: false in next.config.ts): the
  // API's JSON at gzip's fastest level, pages and assets at the default. The fleet list is
  // 1.6 MB of JSON at 5,000 machines; level 1 halves its compression time for a quarter
  // more bytes (docs/decisions.md D28).
  const compressApi = compression({ level: 1 });
  const compressPages = compression();
  const compressed = (req: IncomingMessage, res: ServerResponse, then: () => void) =>
    (req.url?.startsWith('/api/') ? compressApi : compressPages)(
      req as Parameters<typeof compressApi>[0],
      res as Parameters<typeof compressApi>[1],
      then,
    );
  const gateOptions = { db: getDb, config, dev };
  const opsOptions: OpsOptions = {
    metricsToken: config.METRICS_TOKEN,
    trustProxy: config.TRUST_PROXY,
    readiness: () => ({
      db: getDb(),
      file: sqlite?.name,
      writeDeadlineMs: config.READYZ_WRITE_DEADLINE_MS,
      minFreeMb: config.READYZ_MIN_FREE_MB,
      extra: () =>
        (readPool?.health() ?? []).map((l) => ({
          name: `readers:${l.lane}`,
          ok: l.ready > 0,
          detail: `${l.ready} of ${l.threads} reader threads ready, ${l.queued} reads waiting`,
        })),
    }),
  };
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const kind = fastPath ? notifyKindOf(req) : undefined;
    if (kind) {
      void handleNotifyNode(req, res, kind);
      return;
    }
    const ops = opsPathOf(req);
    if (ops) {
      handleOps(req, res, ops, opsOptions).catch((e: unknown) => {
        log.error({ err: e }, `${ops} failed`);
        if (!res.headersSent)
          sendError(res, 'BUSY', `${ops} could not be answered now; retry shortly`);
      });
      return;
    }
    try {
      if (await gate(req, res, gateOptions)) return;
      const read = fastReads ? fastReadOf(req) : undefined;
      const who = read && gatePrincipals.get(req);
      // The server's own reads gzip each answer once for every client (lib/reads/pool.ts).
      if (read && who) void handleFastRead(req, res, read, who);
      else compressed(req, res, () => void handle(req, res));
    } catch (e) {
      log.error({ err: e }, 'request failed');
      res.statusCode = 500;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } }));
    }
  };
  const doorOptions = { trustProxy: config.TRUST_PROXY };
  const trackOptions = { logRequests: config.LOG_REQUESTS === 'on' };
  let stopping = false;
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    trackRequest(req, res, trackOptions);
    // While stopping, each answer closes its connection: clients reconnect to another process.
    if (stopping) res.setHeader('Connection', 'close');
    // Headers, no-store, the canonical path, 414 and the API's 404/405 (lib/edge, D63); then
    // every body is bounded before anything reads it (lib/edge/body-limit.ts, D61).
    if (frontDoor(req, res, doorOptions)) return;
    limitBody(req, res, serve);
  });
  refuseBeforeContinue(server);
  server.keepAliveTimeout = 65_000;
  server.on('clientError', onClientError);
  // Pulls from the platform: interrupted runs resume now, the schedule ticks every
  // SYNC_INTERVAL_S (0: off). Runs commit page by page in short transactions.
  const stopSync = await startSync(getDb, config.SYNC_INTERVAL_S);
  // Notifications: the outbox's messages, digests and escalations, under a lease (D87).
  const stopDeliveries = startDeliveryWorker(getDb, config);
  // Scheduled reports (D89): built on a reader thread, queued once a day under a lease.
  const stopReports = startReportScheduler(getDb, {
    intervalS: config.REPORT_INTERVAL_S,
    timeZone: config.FLEET_TIME_ZONE,
    build: (s, d) => readValue('scheduledReport', { report: s.report, language: s.language, ...d }),
  });
  onShutdown('deliveries', stopDeliveries);
  onShutdown('report-scheduler', stopReports);
  // Snapshots every BACKUP_INTERVAL_H in one process (a lease), in a child process (D91).
  const stopBackups = startBackups(getDb, config);
  onShutdown('backups', stopBackups);
  // Demand per shelf refitted every FORECAST_FIT_MIN in one process (a lease), read and fitted
  // on a reader thread, written a chunk at a time (D93).
  const stopFits = startDemandFits(getDb, {
    everyMin: config.FORECAST_FIT_MIN,
    fit: (now) => readValue('demandFit', { now, windowDays: config.FORECAST_WINDOW_DAYS }),
  });
  onShutdown('demand-fit', stopFits);
  // Alerts: the machines that changed every ALERT_TICK_MS, everything every ALERT_SCAN_S in
  // the one process holding the lease (D85); ALERTS=off for the benchmark's baseline.
  const stopAlerts =
    config.ALERTS === 'on'
      ? startAlertEvaluator(getDb, { tickMs: config.ALERT_TICK_MS, scanS: config.ALERT_SCAN_S })
      : () => {};
  onShutdown('alert-evaluator', stopAlerts);
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const ready = `vending dashboard ready on http://localhost:${port} (${dev ? 'dev' : 'production'})`;
    log.info(ready);
    // Supervisors and the tests wait for this line on stdout, wherever the log goes.
    if (config.LOG_DESTINATION !== 'stdout' || !log.isLevelEnabled('info'))
      process.stdout.write(`${ready}\n`);
  });

  /**
   * SIGTERM (D90): stop accepting, answer every request already received (a push is answered
   * only after its group commit, so each one acknowledged is stored), stop the schedulers, the
   * reader threads and the workers that joined with onShutdown, checkpoint the WAL (TRUNCATE),
   * close, exit 0. After SHUTDOWN_TIMEOUT_S, or at a second signal, exit 1 at once.
   */
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      flushLog();
      process.exit(1);
    }
    stopping = true;
    const started = performance.now();
    log.info({ signal, deadlineS: config.SHUTDOWN_TIMEOUT_S }, 'stopping');
    setTimeout(() => {
      log.error({ deadlineS: config.SHUTDOWN_TIMEOUT_S }, 'shutdown deadline passed: exiting');
      flushLog();
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_S * 1000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A keep-alive connection goes idle once its request is answered: close those as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    stopPoller();
    // The workers (deliveries, reports, …) stop before the reader threads some of them use.
    void Promise.all([
      closed,
      stopSync(),
      runShutdownHooks((name, e) => log.error({ err: e, hook: name }, 'shutdown hook failed')),
    ])
      .then(() => readPool?.close())
      .then(() => {
        clearInterval(idle);
        stopCheckpointer();
        const t = performance.now();
        if (sqlite) {
          sqlite.pragma('wal_checkpoint(TRUNCATE)');
          observeCheckpoint('TRUNCATE', (performance.now() - t) / 1000);
        }
        return closeDb().then(() => t);
      })
      .then((t) => {
        log.info(
          {
            ms: Math.round(performance.now() - started),
            checkpointMs: Math.round(performance.now() - t),
          },
          'stopped',
        );
        flushLog();
        process.exit(0);
      })
      .catch((e: unknown) => {
        log.error({ err: e }, 'shutdown failed');
        flushLog();
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The WAL's bound and each checkpoint's duration (D90); the worker's beats feed /readyz. */
function checkpointer(sqlite: Database.Database, config: AppConfig, log: Logger) {
  const checkpoints = registerWorker('wal-checkpointer', 10_000);
  return startCheckpointer(sqlite, {
    walMaxBytes: config.WAL_MAX_MB * 1024 * 1024,
    onCheckpoint: (mode, ms, busy) => {
      checkpoints.beat();
      observeCheckpoint(mode, ms / 1000);
      if (mode === 'TRUNCATE')
        log.info({ ms: Math.round(ms), blocked: busy }, 'WAL past WAL_MAX_MB: checkpointed');
    },
    onFailure: (e, stopped) => {
      log.error({ err: e }, stopped ? 'checkpoint worker stopped' : 'checkpoint failed');
      if (stopped) checkpoints.stop();
    },
  });
}

void main();
