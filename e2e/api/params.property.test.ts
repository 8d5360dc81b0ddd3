import fc from 'fast-check';
import { CABINET_ORDER_STATES } from '@/lib/cabinets/states';
import { SYNC_JOBS } from '@/db/schema/sync';
import { MACHINE_SORTS, PLATFORMS, SORT_DIRS } from '@/lib/fleet/filter';
import { PICKUP_STATUSES } from '@/lib/pickup/rules';
import { VERDICTS } from '@/lib/refills/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson } from '../support/auth';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '../support/messages';
import { getJson, push } from '../support/push';
import { discoverRoutes } from '../support/routes';
import { startSaas, type RunningSaas } from '../support/saas';
import { startServer, type RunningServer } from '../support/server';

/**
 * Property: whatever query string a client sends to any GET endpoint of the API (random and
 * hostile keys and values: huge, negative, NaN, unicode, repeated, very long), the answer is
 * never a 5xx, and an error is always the JSON envelope. The endpoints are read from app/api/v1,
 * so a new one is covered at once; its parameter names go in PARAMS (the first test fails
 * until they do). Runs against the production server, as an integrator's script would.
 */

/** Each GET endpoint's own parameter names (from its schema), mixed with random ones. */
const PARAMS: Record<string, readonly string[]> = {
  '/api/v1/alerts': ['state', 'kind', 'assetId', 'line', 'snoozed', 'limit', 'cursor'],
  '/api/v1/alerts/:id': [],
  '/api/v1/alerts/assignees': [],
  '/api/v1/backups': ['limit'],
  '/api/v1/notification-channels': [],
  '/api/v1/notification-deliveries': ['state', 'channelId', 'alertId', 'limit', 'cursor'],
  '/api/v1/notification-rules': [],
  '/api/v1/report-schedules': [],
  '/api/v1/reports/food-safety': ['from', 'to', 'assetId', 'line', 'only', 'format'],
  '/api/v1/audit': ['actor', 'action', 'targetKind', 'targetId', 'from', 'to', 'cursor', 'limit'],
  '/api/v1/cabinet-orders': ['machineId', 'state', 'from', 'to', 'limit', 'cursor'],
  '/api/v1/cabinet-orders/:orderId': [],
  '/api/v1/cabinets': [],
  '/api/v1/cabinets/:machineId': [],
  '/api/v1/forecast': [],
  '/api/v1/inbox': ['status', 'kind', 'limit', 'cursor'],
  '/api/v1/inbox/:id': [],
  '/api/v1/lines': [],
  '/api/v1/lines/:id': [],
  '/api/v1/lines/:id/route-day': ['date', 'stops', 'intervalDays'],
  '/api/v1/machines': [
    ...['area', 'line', 'site', 'platform', 'online', 'faults', 'soldOut', 'q'],
    ...['sort', 'dir', 'limit', 'offset'],
  ],
  '/api/v1/machines/:assetId': [],
  '/api/v1/machines/:assetId/temperatures': ['from', 'to', 'points'],
  '/api/v1/overview': [],
  '/api/v1/pick-lists': ['assetIds', 'lineIds', 'fill', 'parDays', 'visitAt'],
  '/api/v1/pick-lists/export': ['assetIds', 'lineIds', 'fill', 'parDays', 'visitAt'],
  '/api/v1/pickup-codes': ['status', 'assetId', 'limit', 'cursor'],
  '/api/v1/pickup-codes/export': ['status', 'assetId'],
  '/api/v1/pickup-codes/throttled': ['since', 'limit'],
  '/api/v1/reconcile': ['assetId', 'startTime', 'endTime'],
  '/api/v1/reconcile/checks': ['limit'],
  '/api/v1/refills': [
    ...['assetId', 'lineName', 'siteName', 'from', 'to', 'source', 'reviewed', 'verdict'],
    ...['limit', 'offset', 'format'],
  ],
  '/api/v1/refills/:id': ['format'],
  '/api/v1/runs': ['limit'],
  '/api/v1/runs/:id': [],
  '/api/v1/settings/clients': [],
  '/api/v1/settings/credentials': [],
  '/api/v1/settings/map-tiles': [],
  '/api/v1/settings/thresholds': [],
  '/api/v1/sites': [],
  '/api/v1/stats/sales': [
    ...['startTime', 'endTime', 'areaName', 'lineName', 'siteName', 'assetIds', 'goodsIds'],
    ...['payStyles', 'limit', 'offset'],
  ],
  '/api/v1/stats/sales/report': [
    ...['startTime', 'endTime', 'areaName', 'lineName', 'siteName', 'assetIds', 'goodsIds'],
    ...['payStyles', 'granularity', 'machineLimit', 'format'],
  ],
  '/api/v1/sync': ['job', 'limit', 'before'],
  '/api/v1/sync/:runId': [],
  '/api/v1/tokens': [],
  '/api/v1/trades': [
    ...['assetId', 'orderNo', 'tradeNo', 'goodsId', 'refillId', 'startTime', 'endTime'],
    ...['payStyle', 'payStatus', 'delivery', 'refundStatus', 'refunds', 'order'],
    ...['limit', 'cursor', 'format'],
  ],
  '/api/v1/users': [],
};

const GET_ROUTES = discoverRoutes()
  .filter((r) => r.startsWith('GET /api/v1/'))
  .map((r) => r.slice(4));

/** Values a careless or hostile client sends. */
const hostile = fc.oneof(
  fc.constantFrom(
    ...['', ' ', '0', '-1', '1', '-0', '1.5', '1e3', '1e309', '-1e309', 'NaN', 'Infinity'],
    ...['-Infinity', '9007199254740993', '99999999999', '-99999999999', '0x10', '0b1', '１２'],
    ...['٣', 'true', 'false', 'null', 'undefined', '[]', '{}', '__proto__', '%', '%E0%A4%A'],
    ...['\u0000', '\uFFFD', '\uD800', 'a,b,,c', ',,,', '=1+1', '<script>', "' or 1=1 --"],
  ),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
  fc
    .array(fc.constantFrom('PB-1', 'CN 测试-1', 'A+B', ''), { maxLength: 6 })
    .map((a) => a.join(',')),
);

const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;
const int = (min: number, max: number) => fc.integer({ min, max }).map(String);
const one = <T extends string>(...values: readonly T[]) => fc.constantFrom(...values);
const ASSETS = ['PB-1', 'CN 测试-1', 'A+B'];

/**
 * What each parameter name means across the API, as values a schema accepts, so that a query
 * often reaches the read behind it (a name not listed gets text).
 */
const TYPICAL: Record<string, fc.Arbitrary<string>> = {
  startTime: fc.oneof(int(NOW - 3 * 366 * DAY, NOW), one('0')),
  from: fc.oneof(int(NOW - 400 * DAY, NOW), one('0')),
  since: int(NOW - 30 * DAY, NOW),
  endTime: fc.oneof(int(NOW - 30 * DAY, NOW + DAY), one('99999999999')),
  to: fc.oneof(int(NOW - 30 * DAY, NOW + DAY), one('99999999999')),
  limit: fc.oneof(int(1, 1000), one('5000', '10000')),
  machineLimit: int(1, 10_000),
  points: int(10, 2000),
  offset: int(0, 50),
  before: int(1, 50),
  cursor: fc.oneof(int(0, 50), one('')),
  granularity: one('hour', 'day', 'week'),
  format: one('json', 'csv'),
  dir: one(...SORT_DIRS),
  sort: one(...MACHINE_SORTS),
  platform: one(...PLATFORMS),
  online: one('true', 'false'),
  faults: one('true', 'false'),
  soldOut: one('true', 'false'),
  source: one('push', 'pull'),
  reviewed: one('yes', 'no'),
  verdict: one(...VERDICTS),
  status: one(...PICKUP_STATUSES, 'pending', 'processed', 'failed', 'rejected'),
  kind: one('device', 'trade', 'status', 'refill', 'pickup_check', 'pickup_use'),
  state: fc.subarray([...CABINET_ORDER_STATES], { minLength: 1 }).map((s) => s.join(',')),
  job: one(...SYNC_JOBS),
  assetId: one(...ASSETS),
  assetIds: fc.subarray(ASSETS, { minLength: 1 }).map((a) => a.join(',')),
  goodsIds: one('g-tea', 'g-tea,g-ginger'),
  lineIds: fc.array(int(1, 5), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  payStyle: int(0, 30),
  payStatus: int(0, 3),
  refundStatus: int(0, 3),
  delivery: one('pending', 'delivered', 'failed'),
  refunds: one('0', '1'),
  order: one('asc', 'desc'),
  refillId: int(1, 5),
  payStyles: fc.array(int(1, 23), { minLength: 1, maxLength: 4 }).map((a) => a.join(',')),
};
const typical = (name: string) =>
  TYPICAL[name] ?? fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });

/** Percent-encodes text's UTF-8 bytes (a lone surrogate as U+FFFD, as a browser sends it). */
const pct = (text: string) =>
  [...new TextEncoder().encode(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const asQuery = (pairs: readonly [string, string][], raw: boolean) =>
  raw
    ? pairs.map(([k, v]) => `${k}=${v}`.replace(/[^\x21-\x7e]|#/g, pct)).join('&')
    : new URLSearchParams(pairs as [string, string][]).toString();

const own = (
  names: readonly string[],
  value: (name: string) => fc.Arbitrary<string>,
  freq: number,
) =>
  fc
    .tuple(...names.map((n) => fc.option(fc.tuple(fc.constant(n), value(n)), { freq })))
    .map((pairs) => pairs.filter((p) => p !== null));

/** Random pairs: any key (the endpoint's own again, so keys repeat), a hostile value. */
const extra = (names: readonly string[]) =>
  fc.array(
    fc.tuple(
      fc.oneof(
        names.length ? fc.constantFrom(...names) : fc.string(),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('__proto__', 'constructor', 'limit', 'format'),
      ),
      hostile,
    ),
    { maxLength: 4 },
  );

/**
 * A query string: half the time the endpoint's own parameters with values its schema accepts
 * (so the read behind it runs, with long ranges and large limits), half the time those mixed
 * with hostile values and random pairs; encoded as a browser would, or with `%`, `&`, `=` raw.
 */
const queryOf = (names: readonly string[]) =>
  fc.oneof(
    own(names, typical, 4).map((pairs) => asQuery(pairs, false)),
    fc
      .tuple(
        own(names, (n) => fc.oneof({ weight: 3, arbitrary: typical(n) }, hostile), 2),
        extra(names),
        fc.boolean(),
      )
      .map(([mine, more, raw]) => asQuery([...mine, ...more], raw)),
  );

let server: RunningServer;
let saas: RunningSaas;
const ids: Record<string, string[]> = {};

beforeAll(async () => {
  saas = await startSaas();
  server = await startServer(saas.env);
  const now = NOW;
  for (const assetId of ['PB-1', 'CN 测试-1', 'A+B']) {
    await push(server, 'device', deviceMessage(assetId));
    await push(server, 'status', statusMessage(assetId, { online: 0 }));
  }
  await push(server, 'trade', tradeMessage('9001', 'PB-1', { payTime: String(now - 60) }));
  await push(server, 'refill', refillMessage('PB-1', now - 30));
  const cabinet = saas.twin.cabinets().find((c) => c.runningState === 1 && c.signal > 0)!;
  await sendJson(server.admin!, 'POST', '/api/v1/cabinets', { machineId: cabinet.machineId });
  const order = await sendJson<{ orderId: string }>(
    server.admin!,
    'POST',
    '/api/v1/cabinet-orders',
    { machineId: cabinet.machineId, doorNo: 0, type: 'buy' },
  );
  const run = await sendJson<{ id: number }>(server.admin!, 'POST', '/api/v1/runs', {
    assetIds: ['PB-1'],
  });
  const refills = await getJson<{ items: { id: number }[] }>(server, '/api/v1/refills');
  const lines = await getJson<{ items: { id: number }[] }>(server, '/api/v1/lines');
  Object.assign(ids, {
    assetId: ['PB-1', 'CN 测试-1', 'A+B'],
    machineId: [cabinet.machineId],
    orderId: [order.body.orderId],
    id: [
      String(refills.body.items[0]?.id ?? 1),
      String(lines.body.items[0]?.id),
      String(run.body.id),
      '1',
    ],
    runId: ['1'],
  });
}, 120_000);

afterAll(async () => {
  await saas?.close();
  await server?.stop();
});

/** A path param: an id that exists, or anything at all. */
const paramValue = (name: string) =>
  fc.oneof(
    fc.constantFrom(...(ids[name] ?? ['1'])),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.constantFrom('0', '-1', '1e3', '99999999999999999999', '..', '%', ' '),
  );

/** How long one answer may take here: a tiny database, so any longer is a read without bound. */
const ANSWER_MS = 10_000;

async function get(path: string) {
  let r: Response;
  let text: string;
  try {
    r = await fetch(`${server.url}${path}`, {
      headers: { cookie: server.admin!.cookie },
      redirect: 'manual',
      signal: AbortSignal.timeout(ANSWER_MS),
    });
    text = await r.text();
  } catch (e) {
    // A stalled read, or a server that went down: both are failures a client would see.
    throw new Error(`GET ${path.slice(0, 300)}: no answer within ${ANSWER_MS} ms (${String(e)})`);
  }
  return { status: r.status, type: r.headers.get('content-type') ?? '', text, headers: r.headers };
}

describe('every GET parameter of the API', () => {
  it('knows every GET endpoint under app/api/v1', () => {
    expect(GET_ROUTES.length).toBeGreaterThan(20);
    expect([...GET_ROUTES].sort()).toEqual(Object.keys(PARAMS).sort());
  });

  // PostgreSQL's text cannot hold U+0000: a NUL that reached a query failed it, and a CSV
  // export already streaming was cut off mid-answer (CI, stop 28). Every route, every name.
  it('refuses a NUL in any path segment or parameter with 400 before any read', async () => {
    for (const route of GET_ROUTES) {
      const names = PARAMS[route] ?? [];
      const withIds = route.replace(/:(\w+)/g, (_, p: string) =>
        encodeURIComponent(ids[p]?.[0] ?? '1'),
      );
      const targets = [
        ...names.map((n) => `${withIds}?${n}=%00`),
        ...names.map((n) => `${withIds}?${n}=a%00b&${n}=1`),
        `${withIds}?x%00=1`,
        ...(route.includes(':') ? [route.replace(/:(\w+)/, 'a%00b').replace(/:(\w+)/g, '1')] : []),
      ];
      for (const target of targets) {
        const r = await get(target);
        expect(r.status, `${target} → ${r.text.slice(0, 200)}`).toBe(400);
        expect(JSON.parse(r.text), target).toEqual({
          error: { code: 'BAD_REQUEST', message: expect.stringContaining('U+0000 (NUL)') },
        });
      }
    }
  }, 120_000);

  // A cursor of forty digits reached PostgreSQL as a bigint it could not parse: 500 (CI).
  it('refuses a cursor no page returned, however long, with 400 naming it', async () => {
    const huge = '5851530553100317700970515885719772013884';
    const routes = GET_ROUTES.filter((r) => (PARAMS[r] ?? []).includes('cursor'));
    expect(routes.length).toBeGreaterThan(3);
    for (const route of routes)
      for (const cursor of [huge, `${huge}.x`, `${huge}_1`, `1.${'x'.repeat(200)}`]) {
        const target = `${route}?cursor=${encodeURIComponent(cursor)}`;
        const r = await get(target);
        expect(r.status, `${target} → ${r.text.slice(0, 200)}`).toBe(400);
        expect(JSON.parse(r.text), target).toEqual({
          error: { code: 'INVALID_QUERY', message: expect.stringContaining('cursor') },
        });
      }
  });

  it('never answers 5xx, and answers every error in the envelope', async () => {
    for (const route of GET_ROUTES) {
      const params = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(...params.map(paramValue)),
          queryOf(PARAMS[route] ?? []),
          async (values, query) => {
            let path = route;
            params.forEach(
              (p, i) => (path = path.replace(`:${p}`, encodeURIComponent(values[i]!))),
            );
            const r = await get(query ? `${path}?${query}` : path);
            expect(r.status, `${path}?${query} → ${r.text.slice(0, 200)}`).toBeLessThan(500);
            expect(r.headers.get('x-content-type-options')).toBe('nosniff');
            expect(r.headers.get('cache-control')).toBe('no-store');
            if (r.status >= 400) {
              expect(r.type, `${path}?${query}`).toMatch(/^application\/json/);
              const body = JSON.parse(r.text) as { error: { code: unknown; message: unknown } };
              expect(typeof body.error.code).toBe('string');
              expect(typeof body.error.message).toBe('string');
            } else expect(r.status, `${path}?${query}`).toBe(200);
          },
        ),
        // No shrinking: each step is a request to the server, and the failing URL is in the message.
        { numRuns: 60, endOnFailure: true },
      );
    }
  }, 120_000);
});
