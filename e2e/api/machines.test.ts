import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceMessage, statusMessage } from '../support/messages';
import { withPeek } from '../support/peek';
import { getJson, push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * GET /api/v1/machines: every filter, every sort key both ways, paging, and a 400 naming each
 * bad parameter. A fleet of five: two lines, three sites, one machine known only from a status
 * push (no name, line or site), one that never sent a status.
 */
let server: RunningServer;

interface Item {
  assetId: string;
  name: string | null;
  online: boolean | null;
  openFaults: number;
  soldOutShelves: number;
  totalShelves: number;
  areaName: string | null;
}
interface List {
  items: Item[];
  total: number;
}

async function list(query: string) {
  const r = await getJson<List>(server, `/api/v1/machines?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const ids = async (query: string) => (await list(query)).items.map((m) => m.assetId);

const device = (assetId: string, name: string, lineName: string, siteName: string) =>
  push(server, 'device', deviceMessage(assetId, { name, lineName, siteName }));

beforeAll(async () => {
  server = await startServer();
  await device('ML-A1', 'Alpha', 'ML 甲线', 'ML 站一');
  await device('ML-A2', 'Charlie', 'ML 甲线', 'ML 站二');
  await device('ML-B1', 'Bravo', 'ML 乙线', 'ML 站三');
  await device('ML-B2', 'Delta 100%', 'ML 乙线', 'ML 站三');
  const soldOut = (assetId: string, shelf: string) => ({
    cid: assetId,
    shelvesId: shelf,
    state: 1,
  });
  await push(
    server,
    'status',
    statusMessage('ML-A1', {
      online: 0,
      shelvesState: [soldOut('ML-A1', '1'), soldOut('ML-A1', '2')],
    }),
  );
  await push(
    server,
    'status',
    statusMessage('ML-A2', {
      online: 1,
      vendingFault: [{ cid: 'ML-A2', pcode: 'P1', ccode: 'C1' }],
    }),
  );
  await push(
    server,
    'status',
    statusMessage('ML-B1', { online: 0, shelvesState: [soldOut('ML-B1', '1')] }),
  );
  await push(server, 'status', statusMessage('ML-C1', { online: 0 }));
  // Areas come only from the platform's line and site lists (§9.1/§9.2), which no push carries.
  await withPeek(server, async (db) => {
    const area = await db.get<{ id: number }>(
      "insert into areas (name) values ('ML 区') returning id",
    );
    await db.run("update lines set area_id = ? where name = 'ML 甲线'", area!.id);
  });
  // Last seen: one machine a second later than the rest.
  await new Promise((r) => setTimeout(r, 1100));
  await push(server, 'status', statusMessage('ML-B2', {}));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/v1/machines filters', () => {
  it('lists everything by asset ID, with shelf and open-fault counts', async () => {
    const all = await list('');
    expect(all.total).toBe(5);
    expect(all.items.map((m) => m.assetId)).toEqual(['ML-A1', 'ML-A2', 'ML-B1', 'ML-B2', 'ML-C1']);
    expect(all.items[0]).toMatchObject({ soldOutShelves: 2, totalShelves: 2, openFaults: 0 });
    expect(all.items[1]).toMatchObject({ openFaults: 1, online: false, areaName: 'ML 区' });
    expect(all.items[3]).toMatchObject({ online: null, soldOutShelves: 0, totalShelves: 2 });
  });

  it('by area (the line’s, when the site has none), line and site, by name', async () => {
    expect(await ids('area=ML 区')).toEqual(['ML-A1', 'ML-A2']);
    expect(await ids('area=nowhere')).toEqual([]);
    expect(await ids(`line=${encodeURIComponent('ML 乙线')}`)).toEqual(['ML-B1', 'ML-B2']);
    expect(await ids('site=ML 站二')).toEqual(['ML-A2']);
    expect(await ids('site=ML 站三&line=ML 甲线')).toEqual([]);
  });

  it('by platform', async () => {
    expect((await list('platform=smartvending')).total).toBe(5);
    expect(await ids('platform=saas')).toEqual([]);
  });

  it('by online state: a machine with no status is neither', async () => {
    expect(await ids('online=true')).toEqual(['ML-A1', 'ML-B1', 'ML-C1']);
    expect(await ids('online=false')).toEqual(['ML-A2']);
  });

  it('by open faults', async () => {
    expect(await ids('faults=true')).toEqual(['ML-A2']);
    expect(await ids('faults=false')).toEqual(['ML-A1', 'ML-B1', 'ML-B2', 'ML-C1']);
  });

  it('by sold-out shelves', async () => {
    expect(await ids('soldOut=true')).toEqual(['ML-A1', 'ML-B1']);
    expect(await ids('soldOut=false')).toEqual(['ML-A2', 'ML-B2', 'ML-C1']);
    expect(await ids('soldOut=true&line=ML 乙线')).toEqual(['ML-B1']);
  });

  it('by search over asset ID, name and site, case-insensitively, wildcards literal', async () => {
    expect(await ids('q=bravo')).toEqual(['ML-B1']);
    expect(await ids('q=c1')).toEqual(['ML-C1']);
    expect(await ids('q=站三')).toEqual(['ML-B1', 'ML-B2']);
    expect(await ids('q=100%25')).toEqual(['ML-B2']);
    expect(await ids('q=_')).toEqual([]);
  });
});

describe('GET /api/v1/machines sort', () => {
  it('by asset ID both ways', async () => {
    expect(await ids('sort=assetId&dir=desc')).toEqual([
      'ML-C1',
      'ML-B2',
      'ML-B1',
      'ML-A2',
      'ML-A1',
    ]);
  });

  it('by name, empty names last either way', async () => {
    expect(await ids('sort=name')).toEqual(['ML-A1', 'ML-B1', 'ML-A2', 'ML-B2', 'ML-C1']);
    expect(await ids('sort=name&dir=desc')).toEqual(['ML-B2', 'ML-A2', 'ML-B1', 'ML-A1', 'ML-C1']);
  });

  // Text sorts by code point, as SQLite compares: 一 U+4E00 < 三 U+4E09 < 二 U+4E8C, 乙 < 甲.
  it('by site and by line, ties by asset ID', async () => {
    expect(await ids('sort=site')).toEqual(['ML-A1', 'ML-B1', 'ML-B2', 'ML-A2', 'ML-C1']);
    expect(await ids('sort=site&dir=desc')).toEqual(['ML-A2', 'ML-B1', 'ML-B2', 'ML-A1', 'ML-C1']);
    expect(await ids('sort=line')).toEqual(['ML-B1', 'ML-B2', 'ML-A1', 'ML-A2', 'ML-C1']);
    expect(await ids('sort=line&dir=desc')).toEqual(['ML-A1', 'ML-A2', 'ML-B1', 'ML-B2', 'ML-C1']);
  });

  it('by sold-out shelves and by last message', async () => {
    expect(await ids('sort=soldOut&dir=desc')).toEqual([
      'ML-A1',
      'ML-B1',
      'ML-A2',
      'ML-B2',
      'ML-C1',
    ]);
    expect((await ids('sort=soldOut')).slice(-2)).toEqual(['ML-B1', 'ML-A1']);
    expect((await ids('sort=lastSeen&dir=desc'))[0]).toBe('ML-B2');
    expect((await ids('sort=lastSeen')).at(-1)).toBe('ML-B2');
  });
});

describe('GET /api/v1/machines paging', () => {
  it('keeps the total whatever the page', async () => {
    expect(await list('limit=2')).toMatchObject({ total: 5, items: [{}, {}] });
    expect(await list('limit=2&offset=4')).toMatchObject({
      total: 5,
      items: [{ assetId: 'ML-C1' }],
    });
    expect(await list('limit=5')).toMatchObject({ total: 5 });
    expect(await list('offset=10')).toEqual({ total: 5, items: [] });
    expect(await list('limit=1&soldOut=true')).toMatchObject({
      total: 2,
      items: [{ assetId: 'ML-A1' }],
    });
  });
});

describe('GET /api/v1/machines bad parameters', () => {
  it.each([
    ['online=yes', 'online'],
    ['faults=1', 'faults'],
    ['soldOut=TRUE', 'soldOut'],
    ['platform=vending', 'platform'],
    ['sort=price', 'sort'],
    ['dir=up', 'dir'],
    ['sort=name&dir=', 'dir'],
    ['limit=0', 'limit'],
    ['limit=5001', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['q=', 'q'],
    ['line=', 'line'],
    ['site=%20', 'site'],
    ['area=', 'area'],
    ['lineName=ML 甲线', 'lineName'],
  ])('%s is a 400 naming %s', async (query, name) => {
    const r = await getJson<{ error: { code: string; message: string } }>(
      server,
      `/api/v1/machines?${query}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_QUERY');
    expect(r.body.error.message).toContain(name);
  });
});
