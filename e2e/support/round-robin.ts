import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  /** The upstreams requests alternate between (replace it to take one out, as a balancer would). */
  upstreams: string[];
  /** How many requests each upstream was sent. */
  sent: Map<string, number>;
  close: () => Promise<void>;
}

/**
 * A load balancer in front of several app processes, as small as one can be: every request goes
 * to the next upstream in turn (not per connection: one client's consecutive requests land on
 * different processes), headers and body passed through unchanged, so the Host and Origin the
 * app sees are the proxy's. An upstream that refuses the connection answers 502.
 */
export async function startRoundRobin(upstreams: string[]): Promise<RoundRobin> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sent = new Map<string, number>();
  let next = 0;
  const state: RoundRobin = { url: '', upstreams: [...upstreams], sent, close: async () => {} };
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', state.upstreams[next++ % state.upstreams.length]);
    sent.set(target.origin, (sent.get(target.origin) ?? 0) + 1);
    const upstream = http.request(
      target,
      { method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
