import { createServer } from 'node:http';
import { createSaasTwin, type SaasTwin, type SaasTwinOptions } from '@/simulator/saas';

export interface RunningSaas {
  url: string;
  twin: SaasTwin;
  /** Moves the twin's clock (token expiry, timestamps) forward. */
  advance: (ms: number) => void;
  /** The app's environment for this account. */
  env: Record<string, string>;
  /** The twin's control API (/_sim/saas/…). */
  control: <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; body: T }>;
  close: () => Promise<void>;
}

export const SAAS_ACCOUNT = { appId: 'test-app', key: 'test-saas-key', secret: 'test-saas-secret' };

/** The SAAS OpenApi twin (simulator/saas) on its own port, with a clock the test can move. */
export async function startSaas(
  options: Partial<Omit<SaasTwinOptions, 'now'>> = {},
): Promise<RunningSaas> {
  let offset = 0;
  const twin = createSaasTwin({
    seed: 9,
    cabinets: 4,
    callbackDelayMs: 50,
    ...SAAS_ACCOUNT,
    ...options,
    now: () => Date.now() + offset,
  });
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://twin').pathname;
      if (path.startsWith('/_sim/saas/')) {
        if (await twin.handleControl(req, res, path.slice('/_sim/saas/'.length))) return;
      } else if (await twin.handle(req, res)) return;
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    twin,
    advance: (ms) => (offset += ms),
    env: {
      SAAS_BASE_URL: url,
      SAAS_APP_ID: SAAS_ACCOUNT.appId,
      SAAS_KEY: SAAS_ACCOUNT.key,
      SAAS_SECRET: SAAS_ACCOUNT.secret,
    },
    control: async <T>(method: string, p: string, body?: unknown) => {
      const r = await fetch(`${url}/_sim/saas/${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
    },
    close: () =>
      new Promise<void>((resolve) => {
        twin.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
