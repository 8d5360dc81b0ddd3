import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, signIn, type Session } from '../support/auth';
import { deviceMessage } from '../support/messages';
import { pickupBody } from '../support/pickup';
import { push, signedBody } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

/**
 * Issue 16's "pages and headers" rows, through the production server: machine pages for every
 * asset id the API accepts, the security headers and no-store on every answer (receivers,
 * errors and refusals included), the envelope for every /api/* path, 414/431 in the envelope,
 * and CSV cells that cannot start a formula.
 */

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request sent byte for byte as given (fetch would resolve `..` before sending). */
function raw(
  server: RunningServer,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The same over a bare socket, for what Node's parser refuses before any handler runs. */
function rawBytes(server: RunningServer, bytes: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

function expectSecurityHeaders(a: Pick<Answer, 'headers'>, what: string) {
  expect(a.headers['x-content-type-options'], what).toBe('nosniff');
  expect(a.headers['x-frame-options'], what).toBe('DENY');
  expect(a.headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(a.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(a.headers['content-security-policy'], what).toMatch(/frame-ancestors 'none'/);
}

function expectEnvelope(a: Answer, status: number, code: string) {
  expect(a.status, a.text).toBe(status);
  expect(a.headers['content-type']).toMatch(/^application\/json/);
  expect(a.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(a.text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expectSecurityHeaders(a, `${status} ${code}`);
  return body.error.message;
}

/** Asset ids the receivers accept and a person may type: spaces, CJK, +, /, %, ?, #. */
const ODD_IDS = ['CN 测试-1', 'A+B', 'a/b', 'x%y', 'q?r#s'];

let server: RunningServer;
let operations: Session;
const as = (s: Session) => ({ cookie: s.cookie });

beforeAll(async () => {
  server = await startServer();
  for (const [i, assetId] of ODD_IDS.entries())
    expect(
      (await push(server, 'device', deviceMessage(assetId, { name: `奇异机${i}` }))).body,
    ).toEqual({ result: 'SUCCESS' });
  await push(
    server,
    'device',
    deviceMessage('CSV-1', {
      name: '\n=1+1',
      containers: [
        {
          cid: 'CSV-1',
          type: 1,
          shelves: [
            { location_id: '1', goods_id: 'g-f', goods_name: '\n=1+1', price: '100', capacity: 5 },
          ],
        },
      ],
    }),
  );
  const created = await sendJson(server.admin!, 'POST', '/api/v1/users', {
    email: 'ops@edge.test',
    name: 'ops',
    role: 'operations',
    password: 'operations-password-1',
  });
  expect(created.status).toBe(201);
  operations = await signIn(server.url, 'ops@edge.test', 'operations-password-1');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('machine pages for every asset id the API accepts', () => {
  it('opens each machine the list links to, for any role that sees machines', async () => {
    const list = await raw(server, '/api/v1/machines?limit=100', { headers: as(server.admin!) });
    const ids = (JSON.parse(list.text) as { items: { assetId: string }[] }).items.map(
      (m) => m.assetId,
    );
    for (const id of ODD_IDS) expect(ids).toContain(id);
    for (const [i, id] of ODD_IDS.entries()) {
      // The list's link (components/machines/table.tsx) is the id percent-encoded.
      const href = `/machines/${encodeURIComponent(id)}`;
      for (const who of [server.admin!, operations]) {
        const page = await raw(server, href, { headers: as(who) });
        expect(page.status, `${href}: ${page.text.slice(0, 200)}`).toBe(200);
        expect(page.text).toContain(`奇异机${i}`);
      }
      const api = await raw(server, `/api/v1/machines/${encodeURIComponent(id)}`, {
        headers: as(operations),
      });
      expect(api.status).toBe(200);
      expect((JSON.parse(api.text) as { assetId: string }).assetId).toBe(id);
    }
  });

  it('still answers 404 for a machine that does not exist', async () => {
    const page = await raw(server, '/machines/NO%20SUCH%2BONE', { headers: as(server.admin!) });
    expect(page.status).toBe(404);
  });
});

describe('security headers and no-store on every answer', () => {
  it('on the push receivers’ fast path, accepted or refused', async () => {
    const ok = await raw(server, '/api/notify/device', {
      method: 'POST',
      body: signedBody(server, deviceMessage('HDR-1')),
    });
    expect(JSON.parse(ok.text)).toEqual({ result: 'SUCCESS' });
    const bad = await raw(server, '/api/notify/trade', { method: 'POST', body: '{}' });
    expect(bad.status).toBe(401);
    for (const a of [ok, bad]) {
      expectSecurityHeaders(a, '/api/notify');
      expect(a.headers['cache-control']).toBe('no-store');
    }
  });

  it('on the pickup-code receivers and the SAAS callback', async () => {
    const check = await raw(server, '/osapi/pickupcode/check', {
      method: 'POST',
      body: pickupBody(server, { code: '0000000', assetId: 'HDR-1' }),
    });
    expect(JSON.parse(check.text)).toMatchObject({ result: 'FAIL' });
    const callback = await raw(server, '/api/saas/callback/o-1/not-a-token', {
      method: 'POST',
      body: '{}',
    });
    expect(callback.status).toBe(401);
    for (const a of [check, callback]) {
      expectSecurityHeaders(a, 'platform');
      expect(a.headers['cache-control']).toBe('no-store');
    }
  });

  it('on authenticated JSON, CSV and pages', async () => {
    for (const path of [
      '/api/v1/overview',
      '/api/v1/machines',
      '/api/v1/machines/HDR-1',
      '/api/auth/me',
      '/api/v1/pick-lists/export?assetIds=HDR-1',
      '/api/v1/pickup-codes/export',
      '/',
      '/machines/HDR-1',
      '/sales',
    ]) {
      const a = await raw(server, path, { headers: as(server.admin!) });
      expect(a.status, path).toBe(200);
      expect(a.headers['cache-control'], path).toMatch(/(^|, )no-store(,|$)/);
      expectSecurityHeaders(a, path);
    }
  });

  it('on a sign-in redirect and on a page that does not exist', async () => {
    const redirect = await raw(server, '/machines');
    expect(redirect.status).toBe(303);
    const missing = await raw(server, '/no-such-page', { headers: as(server.admin!) });
    expect(missing.status).toBe(404);
    for (const a of [redirect, missing]) {
      expectSecurityHeaders(a, String(a.status));
      expect(a.headers['cache-control']).toMatch(/no-store/);
    }
  });
});

describe('the envelope for every /api/* path', () => {
  it('answers a path with `..` as the path it resolves to: no such route, 404', async () => {
    const a = await raw(server, '/api/v1/machines/../temperatures', {
      headers: as(server.admin!),
    });
    expect(expectEnvelope(a, 404, 'NOT_FOUND')).toContain('/api/v1/temperatures');
    const encoded = await raw(server, '/api/v1/machines/%2e%2e/%2E%2E/users', {
      headers: as(operations),
    });
    // Resolved to /api/users: not the admin's /api/v1/users by another name.
    expect(expectEnvelope(encoded, 404, 'NOT_FOUND')).toContain('/api/users');
  });

  it('answers an API path with a trailing slash (or a `.` that resolves to one) as without it', async () => {
    for (const path of ['/api/v1/machines/', '/api/v1/machines/.?limit=5', '/api/v1/machines//']) {
      const a = await raw(server, path, { headers: as(server.admin!) });
      expect(a.status, path).toBe(200);
      expect(JSON.parse(a.text), path).toHaveProperty('items');
    }
  });

  it('answers unknown paths 404 naming them, signed in or not', async () => {
    for (const [path, method] of [
      ['/api/v1/nope', 'GET'],
      ['/api/nope', 'POST'],
      ['/api/notify/nope', 'POST'],
      ['/osapi/nope', 'GET'],
      ['/api/v1/machines/A-1/nope', 'GET'],
    ] as const) {
      for (const headers of [{}, as(operations)]) {
        const a = await raw(server, path, { method, headers });
        expect(expectEnvelope(a, 404, 'NOT_FOUND')).toContain(path);
      }
    }
  });

  it('answers a method the route lacks 405 with Allow', async () => {
    const a = await raw(server, '/api/v1/machines', { method: 'DELETE' });
    expectEnvelope(a, 405, 'METHOD_NOT_ALLOWED');
    expect(a.headers.allow).toBe('GET, HEAD');
    const push = await raw(server, '/api/notify/trade');
    expectEnvelope(push, 405, 'METHOD_NOT_ALLOWED');
    expect(push.headers.allow).toBe('POST');
  });
});

describe('long URLs and large headers', () => {
  it('answers a 16 KB URL 414 in the envelope', async () => {
    const a = await raw(server, `/api/v1/machines?q=${'a'.repeat(16_000)}`, {
      headers: as(server.admin!),
    });
    expect(expectEnvelope(a, 414, 'URI_TOO_LONG')).toMatch(/8192/);
  });

  it('still serves a URL just under the limit', async () => {
    const a = await raw(server, `/api/v1/machines?q=${'a'.repeat(8000)}`, {
      headers: as(server.admin!),
    });
    expect(a.status).toBe(200);
  });

  it('answers headers over the server’s limit 431 in the envelope, not a bare status', async () => {
    const answer = await rawBytes(
      server,
      `GET /api/v1/overview HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`,
    );
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/X-Content-Type-Options: nosniff/);
    expect(head).toMatch(/Cache-Control: no-store/);
    expect(JSON.parse(body!)).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE' } });
  });

  it('answers bytes that are not HTTP 400 in the envelope', async () => {
    const answer = await rawBytes(server, 'HELLO\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1]!)).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });
  });
});

describe('CSV cells', () => {
  it('a goods name starting with a line feed is not a formula in the pick list', async () => {
    const a = await raw(server, '/api/v1/pick-lists/export?assetIds=CSV-1', {
      headers: as(server.admin!),
    });
    expect(a.status).toBe(200);
    expect(a.text).toContain(`"'\n=1+1"`);
    expect(a.text).not.toMatch(/(^|,)"\n=/m);
  });
});

describe('the App Router handlers behind NOTIFY_FAST_PATH=off and FAST_READS=off', () => {
  it('answer with the same headers as the fast paths', async () => {
    const fallback = await startServer({ NOTIFY_FAST_PATH: 'off', FAST_READS: 'off' });
    try {
      const ok = await raw(fallback, '/api/notify/device', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: signedBody(fallback, deviceMessage('HDR-2')),
      });
      expect(JSON.parse(ok.text)).toEqual({ result: 'SUCCESS' });
      const bad = await raw(fallback, '/api/notify/status', { method: 'POST', body: '{}' });
      expect(bad.status).toBe(401);
      const list = await raw(fallback, '/api/v1/machines', { headers: as(fallback.admin!) });
      expect(list.status).toBe(200);
      for (const a of [ok, bad, list]) {
        expectSecurityHeaders(a, 'fallback');
        expect(a.headers['cache-control']).toBe('no-store');
      }
    } finally {
      await fallback.stop();
    }
  });
});
