import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, signIn, type Session } from '../support/auth';
import { eventually } from '../support/eventually';
import { deviceMessage, statusMessage, tradeMessage } from '../support/messages';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
const now = () => Math.floor(Date.now() / 1000);

async function as(role: 'planner' | 'finance'): Promise<Session> {
  const email = `${role}@overview.test`;
  await sendJson(server.admin!, 'POST', '/api/v1/users', {
    email,
    name: role,
    role,
    password: 'a-good-password',
  });
  return signIn(server.url, email, 'a-good-password');
}

beforeAll(async () => {
  server = await startServer({ ALERT_TICK_MS: '100' });
  await push(server, 'device', deviceMessage('OV-1'));
  await push(server, 'status', statusMessage('OV-1', { online: 0, doorState: 1, isSale: 1 }));
  await push(server, 'device', deviceMessage('OV-2'));
  await push(server, 'status', statusMessage('OV-2', { online: 1, doorState: 0, isSale: 0 }));
  await push(
    server,
    'trade',
    tradeMessage('ov-t1', 'OV-1', { payTime: String(now() - 60), price: '650' }),
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/v1/overview', () => {
  it('gives the fleet figures and today’s sales', async () => {
    const r = await sendJson<{
      counts: Record<string, number>;
      sales: { today: { amount: number; count: number } };
    }>(server.admin!, 'GET', '/api/v1/overview');
    expect(r.status).toBe(200);
    expect(r.body.counts).toMatchObject({
      machines: 2,
      online: 1,
      offline: 1,
      doorsOpen: 1,
      notSellable: 1,
    });
    expect(r.body.sales.today).toMatchObject({ count: 1, amount: 650 });
  });

  it('leaves the money out for a planner, keeps it for finance', async () => {
    const planner = await sendJson<{ sales: unknown; counts: unknown }>(
      await as('planner'),
      'GET',
      '/api/v1/overview',
    );
    expect(planner.status).toBe(200);
    expect(planner.body.sales).toBeNull();
    expect(planner.body.counts).toBeTruthy();
    const finance = await sendJson<{ sales: unknown }>(
      await as('finance'),
      'GET',
      '/api/v1/overview',
    );
    expect(finance.body.sales).not.toBeNull();
  });

  it('turns the offline machine and open door into alerts once an admin sets the thresholds to 0', async () => {
    const before = await sendJson<{ alerts: { kind: string }[] }>(
      server.admin!,
      'GET',
      '/api/v1/overview',
    );
    expect(before.body.alerts.map((a) => a.kind)).not.toContain('offline');
    const bad = await sendJson<{ error: { code: string; message: string } }>(
      server.admin!,
      'PUT',
      '/api/v1/settings/thresholds',
      {
        offlineMinutes: -1,
        doorOpenMinutes: 0,
        staleHours: 6,
        temperatureToleranceC: 0,
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('offlineMinutes');
    const saved = await sendJson(server.admin!, 'PUT', '/api/v1/settings/thresholds', {
      offlineMinutes: 0,
      doorOpenMinutes: 0,
      staleHours: 6,
      temperatureToleranceC: 0,
    });
    expect(saved.status).toBe(200);
    // The evaluator raises them at its next tick (D85).
    const after = await eventually(
      async () => {
        const r = await sendJson<{ alerts: { kind: string; assetId: string }[] }>(
          server.admin!,
          'GET',
          '/api/v1/overview',
        );
        return r.body.alerts.length >= 2 ? r.body.alerts : undefined;
      },
      { what: 'the offline and door alerts' },
    );
    expect(after.map((a) => [a.kind, a.assetId])).toEqual([
      ['offline', 'OV-2'],
      ['door', 'OV-2'],
    ]);
    const audit = await sendJson<{
      items: { before: { offlineMinutes: number }; after: { offlineMinutes: number } }[];
    }>(server.admin!, 'GET', '/api/v1/audit?action=settings.thresholds');
    expect(audit.body.items[0]).toMatchObject({
      before: { offlineMinutes: 30 },
      after: { offlineMinutes: 0 },
    });
  });
});

describe('GET /api/v1/inbox/{id}', () => {
  it('returns a message’s raw body as it arrived, and counts by outcome', async () => {
    const list = await sendJson<{
      items: { id: number; kind: string }[];
      counts: Record<string, number>;
    }>(server.admin!, 'GET', '/api/v1/inbox?kind=trade');
    expect(list.body.counts.processed).toBeGreaterThanOrEqual(5);
    const one = await sendJson<{ body: string }>(
      server.admin!,
      'GET',
      `/api/v1/inbox/${list.body.items[0]!.id}`,
    );
    expect(JSON.parse(one.body.body)).toMatchObject({ id: 'ov-t1', assetId: 'OV-1' });
  });
});
