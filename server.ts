import { createServer } from 'node:http';
import next from 'next';
import { closeDb, getDb } from '@/db/client';
import { startCheckpointer } from '@/db/checkpointer';
import { ConfigError, getConfig } from '@/lib/config';
import { handleNotifyNode, notifyKindOf } from '@/lib/notify/http';

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
  const app = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const fastPath = process.env.NOTIFY_FAST_PATH !== 'off';
  const server = createServer((req, res) => {
    const kind = fastPath ? notifyKindOf(req) : undefined;
    if (kind) void handleNotifyNode(req, res, kind);
    else void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
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
    server.close(() => {
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
