import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import compression from 'compression';
import next from 'next';
import { closeDb, getDb } from '@/db/client';
import { startCheckpointer } from '@/db/checkpointer';
import { ConfigError, getConfig } from '@/lib/config';
import { handleNotifyNode, notifyKindOf } from '@/lib/notify/http';
import { fastReadOf, handleFastRead } from '@/lib/api/fast-read';
import { ensureFirstAdmin } from '@/lib/auth/accounts';
import { gate, gatePrincipals } from '@/lib/auth/gate';
import { limitBody, refuseBeforeContinue } from '@/lib/edge/body-limit';
import { frontDoor, MAX_HEADER_BYTES, onClientError } from '@/lib/edge/front-door';
import { startReadPool } from '@/lib/reads/start';
import { startCabinetPoller } from '@/lib/cabinets/sync';
import { startSync } from '@/lib/sync/scheduler';
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
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const stopCheckpointer = startCheckpointer(getDb().$client); // migrations apply here too
  // Long reads run on reader threads, never on this one, which receives the pushes (D60).
  const readPool = startReadPool(getDb().$client, config);
  const admin = await ensureFirstAdmin(getDb(), config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
  if (admin === 'created') console.log(`created the first admin, ${config.ADMIN_EMAIL}`);
  if (admin === 'missing')
    console.warn('no user exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  // SAAS cabinets: status, payment configuration and goods on a schedule (SAAS_POLL_SECONDS).
  const stopPoller = startCabinetPoller(getDb);
  const fastPath = process.env.NOTIFY_FAST_PATH !== 'off';
  // The machine list answered before Next.js too (lib/api/fast-read.ts); FAST_READS=off or dev
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
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const kind = fastPath ? notifyKindOf(req) : undefined;
    if (kind) {
      void handleNotifyNode(req, res, kind);
      return;
    }
    try {
      if (gate(req, res, gateOptions)) return;
      const read = fastReads ? fastReadOf(req) : undefined;
      const who = read && gatePrincipals.get(req);
      // The server's own reads gzip each answer once for every client (lib/reads/pool.ts).
      if (read && who) void handleFastRead(req, res, read, who);
      else compressed(req, res, () => void handle(req, res));
    } catch (e) {
      console.error(e);
      res.statusCode = 500;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } }));
    }
  };
  const doorOptions = { trustProxy: config.TRUST_PROXY };
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
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
  const stopSync = startSync(getDb, config.SYNC_INTERVAL_S);
  // Alerts: the machines that changed every ALERT_TICK_MS, everything every ALERT_SCAN_S in
  // the one process holding the lease (D85); ALERTS=off for the benchmark's baseline.
  const stopAlerts =
    config.ALERTS === 'on'
      ? startAlertEvaluator(getDb, { tickMs: config.ALERT_TICK_MS, scanS: config.ALERT_SCAN_S })
      : () => {};
  server.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    console.log(
      `vending dashboard ready on http://localhost:${port} (${dev ? 'dev' : 'production'})`,
    );
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    stopPoller();
    stopAlerts();
    void Promise.all([closed, stopSync(), readPool?.close()]).then(() => {
      stopCheckpointer();
      closeDb();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
