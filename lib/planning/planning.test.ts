import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import type { Db } from '@/db/client';
import type { PushKind } from '@/db/schema';
import { stockBasis } from '@/db/queries/stock';
import { receiveNotification } from '@/lib/ingest/push/receive';
import { signBody } from '@/lib/platforms/signing';
import { deviceMessage, refillMessage, statusMessage, tradeMessage } from '@/e2e/support/messages';
import { estimatedStock } from '@/lib/fleet/estimated-stock';
import { lineDetail, linesOverview, machinePlans, sitesOverview } from './plans';
import { createTranslator } from 'use-intl';
import { MESSAGES } from '@/lib/i18n';
import type { Translate } from '@/lib/sales/labels';
import { pickListFor, unknownMachines } from './pick';
import { sheetFor } from './pick-sheet';
import { pickSheetCsv } from './pick-sheet-csv';
import { createRun, runDetail, runList } from './runs';

let db: Db;
let nonce = 0;
const NOW = 1_760_100_000;
const REFILL = NOW - 2 * 86_400;

async function push(kind: PushKind, payload: Record<string, unknown>) {
  const body = signBody(
    { clientId: 'unit-client', nonce_str: `p${++nonce}`, ...payload },
    'unit-key',
    'ampersand',
  );
  await receiveNotification(db, kind, body, NOW - 60);
}

const LINE = '地铁 4 号线';
const place = (name: string, longitude: number, latitude: number) => ({
  lineName: LINE,
  siteName: name,
  location: { longitude, latitude },
});

beforeEach(async () => {
  db = openDb(':memory:');
  // Three machines along a line, pushed out of order; B has a sold-out shelf.
  await push('device', deviceMessage('A', place('西单站 F 口', 116.374232, 39.907463)));
  await push('device', deviceMessage('C', place('北京南站南广场', 116.378517, 39.865196)));
  await push('device', deviceMessage('B', place('西直门站 A 口', 116.355093, 39.940726)));
  for (const id of ['A', 'B']) await push('refill', refillMessage(id, REFILL)); // shelf 2: stock 12
  await push('trade', tradeMessage('t1', 'A', { payTime: String(REFILL + 60), count: '5' }));
  await push(
    'status',
    statusMessage('B', {
      online: 0,
      shelvesState: [{ cid: 'B', shelvesId: '1', state: 1, soldoutTime: String(NOW - 7200) }],
    }),
  );
});

describe('stockBasis over many machines', () => {
  it('answers every shelf of the machines asked, with the per-machine rule', async () => {
    const rows = await stockBasis(db, { assetIds: ['A', 'B'] });
    expect(rows.map((r) => [r.assetId, r.locationId, estimatedStock(r)])).toEqual([
      ['A', '1', null],
      ['A', '2', 7],
      ['B', '1', 0],
      ['B', '2', 12],
    ]);
    expect(await stockBasis(db, { fleet: true })).toHaveLength(6);
    expect(await stockBasis(db, { lineId: 1 })).toHaveLength(6);
  });
});

describe('machinePlans', () => {
  it('ranks the machine with a sold-out shelf first, with the reason', async () => {
    const plans = await machinePlans(db, { fleet: true }, NOW);
    expect(plans.map((p) => p.assetId)).toEqual(['B', 'C', 'A']);
    // B's sold-out shelf first; C, with no refill known, before A, refilled two days ago.
    const b = plans.find((p) => p.assetId === 'B')!;
    expect(b.reasons[0]).toMatchObject({ kind: 'soldOut', shelves: 1, hours: 2 });
    expect(b).toMatchObject({ online: true, urgency: 'soldOut', soldOutShelves: 1 });
    const a = plans.find((p) => p.assetId === 'A')!;
    expect(a).toMatchObject({ unitsSinceRefill: 5, recentUnits: 5, unknownShelves: 1 });
    // 20 (unknown shelf 1, loaded as if empty) + 12 − 7 (shelf 2).
    expect(a.unitsToLoad).toBe(25);
  });
});

describe('lines and sites', () => {
  it('lists the line with its figures and the sites in visiting order', async () => {
    const [line] = (await linesOverview(db, NOW)).items;
    expect(line).toMatchObject({
      name: LINE,
      origin: 'push',
      machineCount: 3,
      siteCount: 3,
      soldOutShelves: 1,
      lastRefillTime: REFILL,
      unitsSinceRefill: 5,
      urgency: 'soldOut',
    });
    const detail = (await lineDetail(db, line!.id, NOW))!;
    // North to south along the line: 西直门 → 西单 → 北京南站 (or the reverse, by input order).
    expect(detail.sites.map((s) => s.name)).toEqual([
      '北京南站南广场',
      '西单站 F 口',
      '西直门站 A 口',
    ]);
    expect(detail.sites.map((s) => s.visit)).toEqual([1, 2, 3]);
    expect(await lineDetail(db, 999, NOW)).toBeUndefined();
  });

  it('gives each site its machines’ state and urgency', async () => {
    const sites = (await sitesOverview(db, NOW)).items;
    const b = sites.find((s) => s.name === '西直门站 A 口')!;
    expect(b).toMatchObject({ machineCount: 1, online: 1, offline: 0, urgency: 'soldOut' });
    expect(b.longitude).toBeCloseTo(116.355093, 6);
    expect(sites.find((s) => s.name === '北京南站南广场')).toMatchObject({ urgency: 'unknown' });
  });
});

describe('pick lists', () => {
  it('loads unknown shelves as if empty, in the order of the machines given', async () => {
    const list = await pickListFor(db, ['B', 'A']);
    expect(list.shelves).toEqual([
      {
        assetId: 'B',
        cid: 'B',
        locationId: '1',
        goodsId: 'g-ginger',
        capacity: 20,
        estimatedStock: 0,
        units: 20,
      },
      {
        assetId: 'B',
        cid: 'B',
        locationId: '2',
        goodsId: 'g-tea',
        capacity: 12,
        estimatedStock: 12,
        units: 0,
      },
      {
        assetId: 'A',
        cid: 'A',
        locationId: '1',
        goodsId: 'g-ginger',
        capacity: 20,
        estimatedStock: null,
        units: 20,
      },
      {
        assetId: 'A',
        cid: 'A',
        locationId: '2',
        goodsId: 'g-tea',
        capacity: 12,
        estimatedStock: 7,
        units: 5,
      },
    ]);
    expect(list.goods).toEqual([
      { goodsId: 'g-ginger', goodsName: '三得利蜜香暖姜', units: 40 },
      { goodsId: 'g-tea', goodsName: '统一冰绿茶', units: 5 },
    ]);
    expect(await unknownMachines(db, ['A', 'NOPE', 'B'])).toEqual(['NOPE']);
  });

  it("writes the sheet as CSV in the reader's language: goods totals, then shelves to load", async () => {
    const t = createTranslator({ locale: 'en', messages: MESSAGES.en, timeZone: 'UTC' });
    const csv = pickSheetCsv(await sheetFor(db, ['A']), t as unknown as Translate).split('\r\n');
    expect(csv[0]).toBe(
      'Row,Goods number,Goods,Units,Machine,Machine number,Site,Container,Shelf,Capacity,Estimated stock',
    );
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['Goods total', '', '三得利蜜香暖姜', '20'],
      // Tea by the number its trades carried; ginger never sold: no number known.
      ['Goods total', '2345464676', '统一冰绿茶', '5'],
      ['Shelf', '', '三得利蜜香暖姜', '20'],
      ['Shelf', '2345464676', '统一冰绿茶', '5'],
      [''],
    ]);
    // Unknown stock is an empty cell; known stock is the estimate.
    expect(csv[3]!.endsWith(',1,20,')).toBe(true);
    expect(csv[4]!.endsWith(',2,12,7')).toBe(true);
  });
});

describe('runs', () => {
  const caller = {
    principal: {
      kind: 'user' as const,
      id: 7,
      role: 'planner' as const,
      label: 'p@x',
      name: 'P',
      sessionHash: 'h',
    },
    ip: '127.0.0.1',
  };

  it('stores who built it, refuses unknown machines naming the field, and shows served machines', async () => {
    expect(await createRun(db, caller, { assetIds: ['B', 'X'] }, NOW)).toEqual({
      ok: false,
      field: 'assetIds.1',
      message: 'no machine "X"',
    });
    expect(await createRun(db, caller, { assetIds: ['B'], lineId: 99 }, NOW)).toMatchObject({
      ok: false,
      field: 'lineId',
    });
    const made = await createRun(db, caller, { assetIds: ['B', 'A'], lineId: 1 }, NOW);
    expect(made.ok).toBe(true);
    const id = (made as { id: number }).id;
    // A settlement from before the run does not serve it; one after does.
    await push('refill', refillMessage('A', NOW - 10));
    await push('refill', refillMessage('B', NOW + 600));
    const run = (await runDetail(db, id))!;
    expect(run).toMatchObject({
      lineName: LINE,
      createdBy: 'p@x',
      machineCount: 2,
      servedCount: 1,
    });
    expect(run.machines.map((m) => [m.assetId, m.position, m.servedAt])).toEqual([
      ['B', 0, NOW + 600],
      ['A', 1, null],
    ]);
    expect(run.pickList.shelves.map((s) => s.assetId)).toEqual(['B', 'B', 'A', 'A']);
    expect((await runList(db)).items).toMatchObject([{ id, machineCount: 2, servedCount: 1 }]);
    const [entry] = db.$client
      .prepare('select action, target_id as targetId, actor_label as actor from audit_log')
      .all() as { action: string; targetId: string; actor: string }[];
    expect(entry).toEqual({ action: 'run.create', targetId: String(id), actor: 'p@x' });
  });
});
