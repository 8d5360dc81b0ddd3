import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage } from '../support/messages';
import { push } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * The map tile layer setting against the real server: validated, admins only, and once set the
 * pages' CSP lets images (and nothing else) come from the tile host, and the maps credit it.
 */
let server: RunningServer;
let admin: Session;
let planner: Session;
type Envelope = { error: { code: string; message: string } };
const OSM = {
  url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '© OpenStreetMap contributors',
};

beforeAll(async () => {
  server = await startServer();
  admin = server.admin!;
  const made = await sendJson(admin, 'POST', '/api/v1/users', {
    email: 'planner@tiles.test',
    name: 'planner',
    role: 'planner',
    password: 'planner-password-1',
  });
  expect(made.status).toBe(201);
  planner = await signIn(server.url, 'planner@tiles.test', 'planner-password-1');
  await push(server, 'device', deviceMessage('TILE-1'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const csp = async (s: Session, path: string) =>
  (await authedFetch(s, path)).headers.get('content-security-policy') ?? '';
const imgSrc = (policy: string) => /img-src ([^;]*)/.exec(policy)![1];

describe('map tiles setting', () => {
  it('is off by default: the offline drawing, images from this site only', async () => {
    const r = await sendJson(admin, 'GET', '/api/v1/settings/map-tiles');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ url: null, attribution: '', subdomains: '' });
    expect(imgSrc(await csp(planner, '/sites'))).toBe("'self' data: blob:");
  });

  it.each([
    ['plain http', { ...OSM, url: 'http://tile.openstreetmap.org/{z}/{x}/{y}.png' }, 'https://'],
    ['no {y}', { ...OSM, url: 'https://tile.openstreetmap.org/{z}/{x}.png' }, '{y}'],
    ['no attribution', { url: OSM.url }, 'attribution'],
    [
      '{s} without its values',
      { ...OSM, url: 'https://{s}.tile.example.com/{z}/{x}/{y}.png' },
      'subdomains',
    ],
    [
      '{s} in the path',
      { ...OSM, url: 'https://t.example.com/{s}/{z}/{x}/{y}.png', subdomains: 'ab' },
      'first part',
    ],
    [
      'a placeholder in the host',
      { ...OSM, url: 'https://{z}.example.com/{z}/{x}/{y}.png' },
      'host',
    ],
    [
      'a user in the URL',
      { ...OSM, url: 'https://me:pw@t.example.com/{z}/{x}/{y}.png' },
      'valid https URL',
    ],
    ['an unknown field', { ...OSM, key: 'x' }, 'key'],
    [
      'a template too long',
      { ...OSM, url: `https://t.example.com/${'a'.repeat(500)}/{z}/{x}/{y}` },
      '500',
    ],
  ])('refuses %s with 422 naming what is wrong', async (_what, body, message) => {
    const r = await sendJson<Envelope>(admin, 'PUT', '/api/v1/settings/map-tiles', body);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain(message);
  });

  it('is for admins only', async () => {
    expect((await sendJson(planner, 'GET', '/api/v1/settings/map-tiles')).status).toBe(403);
    expect((await sendJson(planner, 'PUT', '/api/v1/settings/map-tiles', OSM)).status).toBe(403);
  });

  it('once set, pages may load images (only) from the tile host and the map credits it', async () => {
    const r = await sendJson(admin, 'PUT', '/api/v1/settings/map-tiles', OSM);
    expect(r.status).toBe(200);
    expect((await sendJson(admin, 'GET', '/api/v1/settings/map-tiles')).body).toEqual({
      ...OSM,
      subdomains: '',
    });
    const policy = await csp(planner, '/sites');
    expect(imgSrc(policy)).toBe("'self' data: blob: https://tile.openstreetmap.org");
    expect(policy.match(/tile\.openstreetmap\.org/g)).toHaveLength(1);
    const html = await (await authedFetch(planner, '/sites')).text();
    expect(html).toContain('© OpenStreetMap contributors');
    expect(html).toContain('https://tile.openstreetmap.org/');
  });

  it('takes {s} with its values, allowing the host family; null goes back to offline', async () => {
    const amap = {
      url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&x={x}&y={y}&z={z}&style=8',
      attribution: '© 高德地图 瓦片测试',
      subdomains: '1234',
    };
    expect((await sendJson(admin, 'PUT', '/api/v1/settings/map-tiles', amap)).status).toBe(200);
    expect(imgSrc(await csp(planner, '/sites'))).toBe(
      "'self' data: blob: https://*.is.autonavi.com",
    );
    expect(await (await authedFetch(planner, '/sites')).text()).toContain('© 高德地图 瓦片测试');
    const off = await sendJson(admin, 'PUT', '/api/v1/settings/map-tiles', { url: null });
    expect(off.status).toBe(200);
    expect(imgSrc(await csp(planner, '/sites'))).toBe("'self' data: blob:");
    expect(await (await authedFetch(planner, '/sites')).text()).not.toContain('瓦片测试');
  });
});
