import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, ruleFor } from '@/lib/auth/rules';
import { ROLES, type Role } from '@/lib/auth/roles';
import { reportConditions } from '../support/alerts';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage, refillMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { discoverRoutes } from '../support/routes';
import { startSaas, type RunningSaas } from '../support/saas';
import { startServer, type RunningServer } from '../support/server';

/**
 * Every page and route × every role (and nobody, and each role's API token) → the answer a
 * person would get. The expectations are written out here by hand, not derived from
 * lib/auth/rules.ts, and the route list is read from app/: a route nobody wrote a row for
 * fails the first test.
 *
 *   ok  allowed: 200 for a GET; for a write, anything but 401/403 (the probe body is
 *       deliberately invalid so nothing changes)
 *   P   platform: no sign-in, the message's own signature decides
 *   A   anyone, signed in or not
 */
type Who = 'anon' | Role;
/** home: a signed-in user opening the sign-in page is sent on to the overview. */
type Expect = 'ok' | 'home' | 401 | 403;
const ALL_OK = { anon: 401, admin: 'ok', operations: 'ok', planner: 'ok', finance: 'ok' } as const;
const FIGURES = { anon: 401, admin: 'ok', operations: 'ok', planner: 403, finance: 'ok' } as const;
const FINANCE = { anon: 401, admin: 'ok', operations: 403, planner: 403, finance: 'ok' } as const;
const OPERATIONS = {
  anon: 401,
  admin: 'ok',
  operations: 'ok',
  planner: 403,
  finance: 403,
} as const;
const PLANNING = { anon: 401, admin: 'ok', operations: 'ok', planner: 'ok', finance: 403 } as const;
const ADMIN = { anon: 401, admin: 'ok', operations: 403, planner: 403, finance: 403 } as const;
const PUBLIC = { anon: 'ok', admin: 'ok', operations: 'ok', planner: 'ok', finance: 'ok' } as const;

const EXPECTED: Record<string, Record<Who, Expect> | 'platform'> = {
  // pages
  'GET /': ALL_OK,
  'GET /machines': ALL_OK,
  'GET /machines/:assetId': ALL_OK,
  'GET /login': { anon: 'ok', admin: 'home', operations: 'home', planner: 'home', finance: 'home' },
  'GET /logout': PUBLIC,
  'GET /forbidden': { anon: 401, admin: 403, operations: 403, planner: 403, finance: 403 },
  'GET /admin/users': ADMIN,
  'GET /admin/tokens': ADMIN,
  'GET /admin/settings': ADMIN,
  'GET /admin/audit': ADMIN,
  'GET /admin/notifications': ADMIN,
  'GET /admin/reports': ADMIN,
  'GET /reports/food-safety': OPERATIONS,
  'GET /inbox': ADMIN,
  'GET /pickup-codes': OPERATIONS,
  'GET /lines': ALL_OK,
  'GET /lines/:id': ALL_OK,
  'GET /lines/:id/route-day': PLANNING,
  'GET /sites': ALL_OK,
  'GET /pick-lists': PLANNING,
  'GET /sales': FIGURES,
  'GET /trades': FIGURES,
  'GET /refills': FINANCE,
  'GET /refills/:id': FINANCE,
  'GET /cabinets': ALL_OK,
  'GET /cabinet-orders': FIGURES,
  'GET /cabinet-orders/:orderId': FIGURES,
  'GET /cabinet-review': OPERATIONS,
  'GET /sync': FIGURES,
  'GET /alerts': ALL_OK,
  'GET /alerts/:id': ALL_OK,
  // sign-in
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  'GET /api/auth/me': ALL_OK,
  // platform
  'POST /api/notify/device': 'platform',
  'POST /api/notify/trade': 'platform',
  'POST /api/notify/status': 'platform',
  'POST /api/notify/refill': 'platform',
  'POST /osapi/pickupcode/check': 'platform',
  'POST /osapi/pickupcode/use': 'platform',
  'POST /api/saas/callback/:orderId/:token': 'platform',
  'POST /api/saas/callback/:orderId': 'platform',
  // fleet
  'GET /api/v1/overview': ALL_OK,
  'GET /api/v1/machines': ALL_OK,
  'GET /api/v1/machines/:assetId': ALL_OK,
  'GET /api/v1/machines/:assetId/temperatures': ALL_OK,
  'GET /api/v1/lines': ALL_OK,
  'GET /api/v1/lines/:id': ALL_OK,
  'GET /api/v1/lines/:id/route-day': PLANNING,
  'GET /api/v1/sites': ALL_OK,
  // alerts: everyone reads them, operations act on them
  'GET /api/v1/alerts': ALL_OK,
  'GET /api/v1/alerts/:id': ALL_OK,
  'GET /api/v1/alerts/assignees': OPERATIONS,
  'POST /api/v1/alerts/:id/ack': OPERATIONS,
  'POST /api/v1/alerts/:id/resolve': OPERATIONS,
  'POST /api/v1/alerts/:id/snooze': OPERATIONS,
  'POST /api/v1/alerts/:id/assign': OPERATIONS,
  // route planning
  'GET /api/v1/pick-lists': PLANNING,
  'POST /api/v1/pick-lists': PLANNING,
  'GET /api/v1/pick-lists/export': PLANNING,
  'GET /api/v1/runs': PLANNING,
  'POST /api/v1/runs': PLANNING,
  'GET /api/v1/runs/:id': PLANNING,
  // money
  'GET /api/v1/trades': FIGURES,
  'GET /api/v1/stats/sales': FIGURES,
  'GET /api/v1/stats/sales/report': FIGURES,
  'GET /api/v1/refills': FINANCE,
  'GET /api/v1/refills/:id': FINANCE,
  'POST /api/v1/refills/:id/review': FINANCE,
  // pickup codes
  'GET /api/v1/pickup-codes': OPERATIONS,
  'POST /api/v1/pickup-codes': OPERATIONS,
  'GET /api/v1/pickup-codes/export': OPERATIONS,
  'GET /api/v1/pickup-codes/throttled': OPERATIONS,
  'POST /api/v1/pickup-codes/:code/revoke': OPERATIONS,
  // AI cabinets
  'GET /api/v1/cabinets': ALL_OK,
  'POST /api/v1/cabinets': OPERATIONS,
  'GET /api/v1/cabinets/:machineId': ALL_OK,
  'POST /api/v1/cabinets/:machineId/sync': OPERATIONS,
  'GET /api/v1/cabinet-orders': FIGURES,
  'POST /api/v1/cabinet-orders': OPERATIONS,
  'GET /api/v1/cabinet-orders/:orderId': FIGURES,
  'POST /api/v1/cabinet-orders/:orderId/payment': OPERATIONS,
  'POST /api/v1/cabinet-orders/:orderId/settle': OPERATIONS,
  'POST /api/v1/cabinet-orders/:orderId/cancel': OPERATIONS,
  'POST /api/v1/cabinet-orders/:orderId/refund': OPERATIONS,
  'POST /api/v1/cabinet-orders/:orderId/restock-confirm': OPERATIONS,
  'POST /api/v1/pickup-codes/platform': OPERATIONS,
  // sync and reconciliation
  'GET /api/v1/sync': FIGURES,
  'POST /api/v1/sync': FIGURES,
  'GET /api/v1/sync/:runId': FIGURES,
  'GET /api/v1/reconcile': FIGURES,
  'GET /api/v1/reconcile/checks': FIGURES,
  // administration
  'GET /api/v1/inbox': ADMIN,
  'GET /api/v1/inbox/:id': ADMIN,
  'POST /api/v1/inbox/:id/replay': ADMIN,
  'GET /api/v1/users': ADMIN,
  'POST /api/v1/users': ADMIN,
  'PATCH /api/v1/users/:id': ADMIN,
  'GET /api/v1/tokens': ADMIN,
  'POST /api/v1/tokens': ADMIN,
  'DELETE /api/v1/tokens/:id': ADMIN,
  'GET /api/v1/notification-rules': ADMIN,
  'POST /api/v1/notification-rules': ADMIN,
  'DELETE /api/v1/notification-rules/:id': ADMIN,
  'GET /api/v1/notification-deliveries': ADMIN,
  'GET /api/v1/reports/food-safety': OPERATIONS,
  'GET /api/v1/report-schedules': ADMIN,
  'POST /api/v1/report-schedules': ADMIN,
  'DELETE /api/v1/report-schedules/:id': ADMIN,
  'GET /api/v1/settings/thresholds': ADMIN,
  'PUT /api/v1/settings/thresholds': ADMIN,
  'GET /api/v1/settings/map-tiles': ADMIN,
  'PUT /api/v1/settings/map-tiles': ADMIN,
  'GET /api/v1/settings/credentials': ADMIN,
  'POST /api/v1/settings/credentials': ADMIN,
  'DELETE /api/v1/settings/credentials/:id': ADMIN,
  'PATCH /api/v1/settings/credentials/:id': ADMIN,
  'POST /api/v1/settings/credentials/:id/test': ADMIN,
  'GET /api/v1/notification-channels': ADMIN,
  'POST /api/v1/notification-channels': ADMIN,
  'DELETE /api/v1/notification-channels/:id': ADMIN,
  'POST /api/v1/notification-channels/:id/test': ADMIN,
  'GET /api/v1/settings/clients': ADMIN,
  'PUT /api/v1/settings/clients/:clientId': ADMIN,
  'GET /api/v1/audit': ADMIN,
  'GET /api/v1/backups': ADMIN,
  'GET /api/v1/forecast': PLANNING,
  'POST /api/v1/forecast/refit': PLANNING,
};

let server: RunningServer;
let saas: RunningSaas;
let cabinetId: string;
let cabinetOrderId: string;
const sessions = {} as Record<Role, Session>;
const tokens = {} as Record<Role, string>;
let refillId: number;
let lineId: number;
let runId: number;
let userId: number;
let syncRunId: number;
let alertId: number;

function concrete(pattern: string): string {
  if (pattern === '/api/v1/stats/sales' || pattern === '/api/v1/stats/sales/report')
    return `${pattern}?startTime=1750000000&endTime=1770000000`;
  // The POST ignores the query; the GETs need a selection.
  if (pattern === '/api/v1/pick-lists' || pattern === '/api/v1/pick-lists/export')
    return `${pattern}?assetIds=ACC-1`;
  if (pattern === '/api/v1/reports/food-safety') return `${pattern}?from=2026-01-01&to=2026-01-02`;
  if (pattern === '/api/v1/reconcile')
    return `${pattern}?assetId=ACC-1&startTime=1750000000&endTime=1770000000`;
  return pattern
    .replace(':assetId', 'ACC-1')
    .replace('/alerts/:id', `/alerts/${alertId}`)
    .replace('/refills/:id', `/refills/${refillId}`)
    .replace('/lines/:id', `/lines/${lineId}`)
    .replace('/runs/:id', `/runs/${runId}`)
    .replace('/inbox/:id', '/inbox/1')
    .replace('/users/:id', `/users/${userId}`)
    .replace('/tokens/:id', '/tokens/999999')
    .replace('/notification-rules/:id', '/notification-rules/999999')
    .replace('/report-schedules/:id', '/report-schedules/999999')
    .replace('/credentials/:id', '/credentials/999999')
    .replace(':clientId', 'no-such-client')
    .replace(':code', '0000000')
    .replace(':machineId', cabinetId)
    .replace(':orderId', cabinetOrderId)
    .replace(':runId', String(syncRunId));
}

/**
 * What an allowed GET answers: 200, but on PostgreSQL the backups list answers 409
 * BACKUPS_BY_ENGINE past authorisation (backups are PostgreSQL's own, D111).
 */
const allowedGet = (route: string) =>
  route === 'GET /api/v1/backups' && server.engine === 'postgres' ? 409 : 200;

/** A write that passes authorisation but changes nothing: an invalid or missing target. */
const PROBE_BODY = '{"probe": true}';

async function probe(method: string, url: string, auth: { cookie?: string; token?: string }) {
  const headers: Record<string, string> = { origin: server.url };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (method !== 'GET') headers['content-type'] = 'application/json';
  const r = await fetch(`${server.url}${url}`, {
    method,
    headers,
    redirect: 'manual',
    body: method === 'GET' ? undefined : PROBE_BODY,
  });
  return { status: r.status, location: r.headers.get('location') };
}

beforeAll(async () => {
  saas = await startSaas();
  server = await startServer(saas.env);
  cabinetId = saas.twin.cabinets().find((c) => c.runningState === 1 && c.signal > 0)!.machineId;
  await sendJson(server.admin!, 'POST', '/api/v1/cabinets', { machineId: cabinetId });
  const order = await sendJson<{ orderId: string }>(
    server.admin!,
    'POST',
    '/api/v1/cabinet-orders',
    {
      machineId: cabinetId,
      doorNo: 0,
      type: 'buy',
    },
  );
  cabinetOrderId = order.body.orderId;
  await push(server, 'device', deviceMessage('ACC-1'));
  await push(server, 'refill', refillMessage('ACC-1', 1_760_000_000));
  const refills = await getJson<{ items: { id: number }[] }>(server, '/api/v1/refills');
  refillId = refills.body.items[0]!.id;
  const lines = await getJson<{ items: { id: number }[] }>(server, '/api/v1/lines');
  lineId = lines.body.items[0]!.id;
  const run = await sendJson<{ id: number }>(server.admin!, 'POST', '/api/v1/runs', {
    assetIds: ['ACC-1'],
  });
  runId = run.body.id;
  const sync = await sendJson<{ runId: number }>(server.admin!, 'POST', '/api/v1/sync', {
    job: 'lines',
  });
  syncRunId = sync.body.runId;
  alertId = (
    await reportConditions(server, [{ kind: 'offline', assetId: 'ACC-1', holding: true }])
  )[0]!;
  for (const role of ROLES) {
    const email = `${role}@access.test`;
    const created = await sendJson<{ id: number }>(server.admin!, 'POST', '/api/v1/users', {
      email,
      name: role,
      role,
      password: `${role}-password-1`,
    });
    expect(created.status).toBe(201);
    if (role === 'planner') userId = created.body.id;
    sessions[role] = await signIn(server.url, email, `${role}-password-1`);
    const token = await sendJson<{ token: string }>(server.admin!, 'POST', '/api/v1/tokens', {
      name: `${role} integration`,
      role,
    });
    tokens[role] = token.body.token;
  }
}, 120_000);

afterAll(async () => {
  await saas?.close();
  await server?.stop();
});

describe('the rule table covers every route', () => {
  it('has an expectation here and a rule in lib/auth/rules.ts for every route in app/', () => {
    const routes = discoverRoutes();
    expect(routes).toEqual(Object.keys(EXPECTED).sort());
    for (const r of routes) {
      const [, url] = r.split(' ');
      expect(RULES, `${r} has no rule of its own`).toContain(ruleFor(url!));
    }
  });
});

describe.each(Object.entries(EXPECTED))('%s', (route, expected) => {
  const [method, pattern] = route.split(' ') as [string, string];
  const api = pattern.startsWith('/api/') || pattern.startsWith('/osapi/');

  if (expected === 'platform') {
    it('is outside sign-in: an unsigned message gets the receiver’s own answer', async () => {
      const r = await fetch(`${server.url}${pattern.replace(':kind', 'device')}`, {
        method,
        body: '{"assetId":"X","clientId":"nobody","nonce_str":"n","sign":"x"}',
      });
      const body = (await r.json()) as { errorCode?: string };
      expect(r.status).toBe(401);
      // Cabinet callbacks carry no signature: an unknown order or token is refused as such.
      expect(body.errorCode).toBe(
        pattern.startsWith('/api/saas/') ? 'TOKEN_INVALID' : 'CLIENT_UNKNOWN',
      );
    });
    return;
  }

  it.each(['anon', ...ROLES] as Who[])('as %s', async (who) => {
    const url = concrete(pattern);
    // Signing out would end the session the other rows use: that row gets a session of its own.
    const session =
      who === 'anon'
        ? undefined
        : route === 'POST /api/auth/logout'
          ? await signIn(server.url, `${who}@access.test`, `${who}-password-1`)
          : sessions[who];
    const r = await probe(method, url, { cookie: session?.cookie });
    const want = expected[who];
    if (want === 'home') {
      expect(r.status).toBe(307);
      expect(r.location).toBe('/');
    } else if (want === 'ok') {
      expect([401, 403]).not.toContain(r.status);
      if (method === 'GET') expect(r.status).toBe(allowedGet(route));
    } else if (want === 401 && !api) {
      expect(r.status).toBe(303);
      expect(r.location).toMatch(/^\/login\?next=/);
    } else {
      expect(r.status).toBe(want);
    }
  });

  if (api && !pattern.startsWith('/api/auth/login') && !pattern.startsWith('/api/auth/logout')) {
    it.each(ROLES)('with an API token of role %s', async (role) => {
      const r = await probe(method, concrete(pattern), { token: tokens[role] });
      const want = expected[role];
      if (want === 'ok') expect([401, 403]).not.toContain(r.status);
      else expect(r.status).toBe(want);
    });
  }
  if (!api) {
    it('refuses an API token on a page', async () => {
      const r = await probe(method, concrete(pattern), { token: tokens.admin });
      if (expected.anon === 'ok') expect(r.status).toBe(200);
      else expect(r.status).toBe(401);
    });
  }
});

describe('a page the role may not open', () => {
  it('answers 403 with the no-access page inside the app, not the page itself', async () => {
    const r = await authedFetch(sessions.planner, '/admin/users');
    expect(r.status).toBe(403);
    const html = await r.text();
    expect(html).toContain('无权访问');
    expect(html).not.toContain('admin@test.local');
  });
});

describe('the app icon', () => {
  it('is linked from the sign-in page and loads for someone not signed in', async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const href = /<link rel="icon" href="([^"]+)"/.exec(html)?.[1];
    expect(href).toMatch(/^\/icon\.svg/);
    const r = await fetch(`${server.url}${href!.replace(/&amp;/g, '&')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('image/svg+xml');
  });
});
