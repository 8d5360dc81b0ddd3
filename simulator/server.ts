import { createServer, type Server } from 'node:http';
import { Rng } from './rng';
import { SmartVendingTwin, type TwinOptions } from './twin';
import { createPullApi } from './pull-api';
import { createControlApi } from './control';

export interface RunningTwin {
  url: string;
  twin: SmartVendingTwin;
  server: Server;
  close: () => Promise<void>;
}

/** The twin on node:http: pull API at the seed paths, control API under /_sim/. */
export async function startTwin(
  options: TwinOptions,
  port = 0,
  host = '127.0.0.1',
): Promise<RunningTwin> {
  const twin = new SmartVendingTwin(options);
  const pull = createPullApi(twin, Rng.derive(options.seed, 'pull-faults'));
  const control = createControlApi(twin, pull.knobs);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://twin');
    void (async () => {
      try {
        if (await pull.handle(req, res, url)) return;
        if (await control(req, res, url)) return;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            result: 'FAIL',
            errorCode: 'NOT_FOUND',
            message: `no route ${url.pathname}`,
          }),
        );
      } catch (e) {
        console.error('twin:', e);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: 'FAIL', errorCode: 'SYSTEM_ERROR' }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  twin.start();
  return {
    url,
    twin,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        twin.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
