import { createServer, type Server } from 'node:http';
import { Rng } from './rng';
import { SmartVendingTwin, type TwinOptions } from './twin';
import { createPullApi } from './pull-api';
import { createControlApi } from './control';
import { createSaasTwin, type SaasTwin, type SaasTwinOptions } from './saas';

export interface RunningTwin {
  url: string;
  twin: SmartVendingTwin;
  saas: SaasTwin;
  server: Server;
  close: () => Promise<void>;
}

export type SaasCredentials = Pick<SaasTwinOptions, 'appId' | 'key' | 'secret' | 'cabinets'>;

export const DEMO_SAAS: SaasCredentials = {
  appId: 'demo-app',
  key: 'demo-saas-key',
  secret: 'demo-saas-secret',
};

/**
 * Both platforms' twins on one node:http server: the Smart Vending pull API at its seed paths,
 * the SAAS OpenApi under /OpenApi/, and the control API under /_sim/ (/_sim/saas/ for cabinets).
 */
export async function startTwin(
  options: TwinOptions & { saas?: SaasCredentials },
  port = 0,
  host = '127.0.0.1',
): Promise<RunningTwin> {
  const twin = new SmartVendingTwin(options);
  const saas = createSaasTwin({
    seed: options.seed,
    vendorQuirks: options.vendorQuirks,
    ...(options.saas ?? DEMO_SAAS),
  });
  const pull = createPullApi(twin, Rng.derive(options.seed, 'pull-faults'));
  const control = createControlApi(twin, pull.knobs, pull.log);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://twin');
    void (async () => {
      try {
        if (await pull.handle(req, res, url)) return;
        if (url.pathname.startsWith('/_sim/saas/')) {
          if (await saas.handleControl(req, res, url.pathname.slice('/_sim/saas/'.length))) return;
        } else if (await control(req, res, url)) return;
        if (await saas.handle(req, res)) return;
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
    saas,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        twin.stop();
        saas.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
