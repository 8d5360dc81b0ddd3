import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from '../support/auth';
import { deviceMessage, refillMessage, tradeMessage } from '../support/messages';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * The forecast's fit through the real server (D93): a planner refits after an import and sees
 * when, over which window and for how many machines and shelves; two asking at once share one fit.
 */
let server: RunningServer;
const D = 86_400;
const NOW = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = await startServer();
  await push(server, 'device', deviceMessage('FC-1'));
  // Four weekly visits; tea (shelf 2, 12 a visit) sells three a day until it is gone.
  let n = 0;
  for (let w = 4; w >= 1; w--) {
    const refill = NOW - w * 7 * D;
    await push(server, 'refill', refillMessage('FC-1', refill));
    for (let k = 1; k <= 12; k++) {
      const at = refill + Math.floor((k * D) / 3);
      await push(
        server,
        'trade',
        tradeMessage(`fc-${++n}`, 'FC-1', { payTime: String(at), createTime: String(at - 20) }),
      );
    }
  }
}, 120_000);

afterAll(() => server?.stop());

describe('refitting demand', () => {
  it('answers the fit, and the latest fit is what GET shows', async () => {
    const [a, b] = await Promise.all([
      authedFetch(server.admin!, '/api/v1/forecast/refit', { method: 'POST' }),
      authedFetch(server.admin!, '/api/v1/forecast/refit', { method: 'POST' }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const fa = (
      (await a.json()) as { fit: { fittedAt: number; machines: number; shelves: number } }
    ).fit;
    const fb = ((await b.json()) as { fit: { fittedAt: number } }).fit;
    // Two planners pressing at once get the one fit.
    expect(fb.fittedAt).toBe(fa.fittedAt);
    expect(fa.machines).toBe(1);
    expect(fa.shelves).toBe(2);
    const latest = await authedFetch(server.admin!, '/api/v1/forecast');
    const body = (await latest.json()) as {
      fit: { fittedAt: number; windowTo: number; windowFrom: number; machines: number };
    };
    expect(body.fit.fittedAt).toBe(fa.fittedAt);
    expect(body.fit.windowTo - body.fit.windowFrom).toBe(56 * D);
    expect(body.fit).not.toHaveProperty('fleetShape');
  });
});
