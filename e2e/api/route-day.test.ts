import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { push } from '../support/push';
import { seedRouteDayLine, type RouteDayLine } from '../support/route-day';
import { startServer, type RunningServer } from '../support/server';
import type { LineDetail, LinesOverview, PickSheet, RouteDayAnswer } from '@/lib/planning/queries';

/**
 * The route day and to-par pick lists through the real server (D95): a line with eight days of
 * constructed trades and refills, its demand refitted by the real job, then the choice, its
 * bounds, the sheet to par against filling to capacity, and the refill priority's new reason.
 */
let server: RunningServer;
let planner: Session;
let line: RouteDayLine;
let lineId: number;
const NOW = Math.floor(Date.now() / 1000);
const H = 3600;
const ZONE = 'Asia/Shanghai';
const day = (n: number) => format(addDays(new TZDate(NOW * 1000, ZONE), n), 'yyyy-MM-dd');

beforeAll(async () => {
  server = await startServer();
  line = await seedRouteDayLine(
    async (kind, payload) => {
      expect((await push(server, kind, payload)).body).toEqual({ result: 'SUCCESS' });
    },
    'IT',
    NOW,
  );
  const created = await sendJson(server.admin!, 'POST', '/api/v1/users', {
    email: 'planner@route-day.test',
    name: '规划员',
    role: 'planner',
    password: 'planner-password-1',
  });
  expect(created.status).toBe(201);
  planner = await signIn(server.url, 'planner@route-day.test', 'planner-password-1');
  const refit = await sendJson<{ fit: { machines: number } }>(
    planner,
    'POST',
    '/api/v1/forecast/refit',
  );
  expect(refit.status).toBe(200);
  const lines = await sendJson<LinesOverview>(planner, 'GET', '/api/v1/lines');
  lineId = lines.body.items.find((l) => l.name === line.lineName)!.id;
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

const routeDay = (query = '') =>
  sendJson<RouteDayAnswer>(planner, 'GET', `/api/v1/lines/${lineId}/route-day${query}`);

describe('GET /api/v1/lines/{id}/route-day', () => {
  it('plans tomorrow by default: the machines predicted empty before the day after, most urgent first', async () => {
    const r = await routeDay();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      lineId,
      lineName: line.lineName,
      date: day(1),
      timeZone: ZONE,
      intervalDays: 1,
      machineCount: 4,
      stops: 2, // half the line's machines
      mustCount: 2,
      noForecast: 1, // C: no refill known
      uncovered: [],
    });
    // Tomorrow at this time of day, and a day later.
    expect(Math.abs(r.body.visitAt - (NOW + 24 * H))).toBeLessThan(120);
    expect(r.body.nextVisitAt - r.body.visitAt).toBe(24 * H);
    expect(r.body.items.map((s) => [s.assetId, s.optional])).toEqual([
      [line.a, false],
      [line.d, false],
    ]);
    const [a, d] = r.body.items;
    // A's cola: 3 left at 12 a day, empty within hours; D's: 17 left, in about 1½ days.
    expect(a!.first).toMatchObject({ locationId: '1', goodsName: line.colaName });
    expect(a!.soldOutAt! - NOW).toBeLessThan(12 * H);
    expect(d!.soldOutAt! - NOW).toBeGreaterThan(12 * H);
    expect(d!.soldOutAt! - NOW).toBeLessThan(48 * H);
    expect(a!.lostUnits).toBeGreaterThan(d!.lostUnits);
  });

  it('respects the stops and names the machines that do not fit, with their sold-out times', async () => {
    const r = await routeDay('?stops=1');
    expect(r.status).toBe(200);
    expect(r.body.items.map((s) => s.assetId)).toEqual([line.a]);
    expect(r.body.uncovered.map((m) => m.assetId)).toEqual([line.d]);
    expect(r.body.uncovered[0]!.soldOutAt).toBe((await routeDay()).body.items[1]!.soldOutAt);
  });

  it('spends no spare stop where a visit saves nothing before the van is back, and none without a forecast', async () => {
    // Four stops for four machines: the van is back tomorrow, and B lasts five days.
    const r = await routeDay('?stops=4');
    expect(r.body.items.map((s) => [s.assetId, s.optional])).toEqual([
      [line.a, false],
      [line.d, false],
    ]);
  });

  it('looks further with a longer interval: B empties before a visit six days later', async () => {
    const r = await routeDay(`?date=${day(1)}&intervalDays=6&stops=3`);
    expect(r.body.mustCount).toBe(3);
    expect(r.body.items.every((s) => !s.optional)).toBe(true);
  });

  it('refuses bad parameters with a clear code', async () => {
    const bad = async (query: string, status: number, code: string, words: RegExp) => {
      const r = await sendJson<{ error: { code: string; message: string } }>(
        planner,
        'GET',
        `/api/v1/lines/${lineId}/route-day${query}`,
      );
      expect([r.status, r.body.error.code], query).toEqual([status, code]);
      expect(r.body.error.message).toMatch(words);
    };
    await bad('?date=2026-13-01', 400, 'INVALID_QUERY', /date/);
    await bad('?date=tomorrow', 400, 'INVALID_QUERY', /YYYY-MM-DD/);
    await bad('?stops=0', 400, 'INVALID_QUERY', /stops must be 1…100/);
    await bad('?stops=101', 400, 'INVALID_QUERY', /stops/);
    await bad('?stops=2.5', 400, 'INVALID_QUERY', /stops is a whole number/);
    await bad('?intervalDays=15', 400, 'INVALID_QUERY', /intervalDays/);
    await bad('?van=2', 400, 'INVALID_QUERY', /van/);
    await bad(`?date=${day(-1)}`, 422, 'UNPROCESSABLE', /date: a route day is from/);
    await bad(`?date=${day(15)}`, 422, 'UNPROCESSABLE', /date/);
    const missing = await sendJson<{ error: { code: string } }>(
      planner,
      'GET',
      '/api/v1/lines/999999/route-day',
    );
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('pick sheets to par', () => {
  const sheet = (query: string) =>
    sendJson<PickSheet>(planner, 'GET', `/api/v1/pick-lists?assetIds=${line.a}${query}`);

  it('load what sells until the next visit plus a margin: fewer units than filling to capacity', async () => {
    const visitAt = (await routeDay()).body.visitAt;
    const full = await sheet(`&visitAt=${visitAt}`);
    const par = await sheet(`&fill=par&parDays=1&visitAt=${visitAt}`);
    expect(par.status).toBe(200);
    expect(full.body.par).toBeUndefined();
    // A's cola is empty by tomorrow: filling loads all 120, and the water shelf a few.
    expect(full.body.totalUnits).toBeGreaterThan(120);
    expect(par.body.par).toMatchObject({ days: 1, visitAt, untilAt: visitAt + 24 * H });
    expect(par.body.par!.fullUnits).toBe(full.body.totalUnits);
    // About a day of cola (12, + margin) and nothing of water (32 left, 1 a day).
    const cola = par.body.goods.find((g) => g.goodsId === line.colaId)!;
    expect(cola.units).toBeGreaterThanOrEqual(12);
    expect(cola.units).toBeLessThanOrEqual(20);
    expect(par.body.totalUnits).toBe(cola.units);
    expect(par.body.machines[0]!.shelves.every((s) => s.forecast === true)).toBe(true);
    // The longer the par, the more it loads, never past filling.
    const week = await sheet(`&fill=par&parDays=7&visitAt=${visitAt}`);
    expect(week.body.totalUnits).toBeGreaterThan(par.body.totalUnits);
    expect(week.body.totalUnits).toBeLessThanOrEqual(full.body.totalUnits);
  });

  it('loads a shelf without a forecast to capacity, and says so', async () => {
    const r = await sendJson<PickSheet>(
      planner,
      'GET',
      `/api/v1/pick-lists?assetIds=${line.c}&fill=par&parDays=2`,
    );
    expect(r.status).toBe(200);
    expect(r.body.totalUnits).toBe(160);
    expect(r.body.par).toMatchObject({ fullUnits: 160, noForecastShelves: 2 });
    expect(r.body.machines[0]!.shelves.map((s) => s.forecast)).toEqual([false, false]);
  });

  it('export to par with the two extra columns in the reader’s language', async () => {
    const r = await authedFetch(
      planner,
      `/api/v1/pick-lists/export?assetIds=${line.a},${line.c}&fill=par&parDays=1`,
    );
    expect(r.status).toBe(200);
    const rows = (await r.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]).toMatch(/装满件数,预测$/);
    expect(rows.some((row) => row.endsWith(',无：装满'))).toBe(true);
    expect(rows.some((row) => row.endsWith(',有'))).toBe(true);
  });

  it('refuse a bad fill with a clear code', async () => {
    const bad = async (query: string, status: number, code: string, words: RegExp) => {
      const r = await sendJson<{ error: { code: string; message: string } }>(
        planner,
        'GET',
        `/api/v1/pick-lists?assetIds=${line.a}${query}`,
      );
      expect([r.status, r.body.error.code], query).toEqual([status, code]);
      expect(r.body.error.message).toMatch(words);
    };
    await bad('&fill=half', 400, 'INVALID_QUERY', /fill is capacity or par/);
    await bad('&fill=par&parDays=0', 400, 'INVALID_QUERY', /parDays must be 1…14/);
    await bad('&fill=par&parDays=15', 400, 'INVALID_QUERY', /parDays/);
    await bad('&parDays=3', 400, 'INVALID_QUERY', /parDays goes with fill=par/);
    await bad('&fill=par&visitAt=soon', 400, 'INVALID_QUERY', /visitAt/);
    await bad(`&fill=par&visitAt=${NOW + 30 * 86_400}`, 422, 'UNPROCESSABLE', /visitAt/);
  });
});

describe('refill priority', () => {
  it('says which machines will sell out before the same time tomorrow, with the hours', async () => {
    const r = await sendJson<LineDetail>(planner, 'GET', `/api/v1/lines/${lineId}`);
    const byId = new Map(r.body.machines.map((m) => [m.assetId, m]));
    const a = byId.get(line.a)!.reasons.find((x) => x.kind === 'sellsOut');
    expect(a).toMatchObject({ kind: 'sellsOut', shelves: 1, points: 60 });
    expect(a && 'hours' in a && a.hours).toBeLessThan(12);
    expect(byId.get(line.b)!.reasons.some((x) => x.kind === 'sellsOut')).toBe(false);
    expect(byId.get(line.c)!.reasons.some((x) => x.kind === 'sellsOut')).toBe(false);
  });
});
