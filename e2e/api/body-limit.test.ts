import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, TEST_ADMIN } from '../support/auth';
import { tradeMessage } from '../support/messages';
import { signedBody } from '../support/push';
import { startServer, type RunningServer } from '../support/server';
import { chunkedInit, MiB, rssOf, upload, watchRss } from '../support/upload';

// Issue 16: a 600 MiB sign-in body answered 500 and cost the server 1 GB; six 450 MiB bodies
// at once took 4.27 GB and stalled every other request for 3.8 s. Bodies are now bounded
// before anything buffers them (lib/edge/body-limit.ts, docs/decisions.md D61).

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
  // The sign-in route answered once, so what follows measures the bodies, not its first load.
  await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: 'warm@test.local', password: 'warm-up-password' }),
  });
});
afterAll(async () => {
  await server?.stop();
});

const tooLarge = (bytes: number) => ({
  error: { code: 'BODY_TOO_LARGE', message: `the body is larger than ${bytes} bytes` },
});
const signInHeaders = () => ({ origin: server.url });
/** What the server may grow by while refusing huge bodies: nothing near their size. */
const GROWTH_LIMIT = 64 * MiB;

describe('a huge sign-in body', () => {
  for (const chunked of [false, true]) {
    it(`of 600 MiB${chunked ? ', chunked,' : ''} is refused 413 before it is read, and the server does not grow`, async () => {
      const pid = server.pid();
      const before = rssOf(pid);
      const rss = watchRss(pid);
      const r = await upload(server.url, '/api/auth/login', {
        bytes: 600 * MiB,
        chunked,
        headers: signInHeaders(),
        head: '{"email":"admin@test.local","password":"',
      }).finally(rss.stop);
      expect(r.status).toBe(413);
      expect(r.body).toEqual(tooLarge(4096));
      // The answer came while the client had sent a sliver of it (socket buffers at most).
      expect(r.sent).toBeLessThan(64 * MiB);
      expect(rss.peak() - before).toBeLessThan(GROWTH_LIMIT);
    });
  }

  it('six of 450 MiB at once: all refused, and the API answers meanwhile', async () => {
    const pid = server.pid();
    const before = rssOf(pid);
    const rss = watchRss(pid);
    let started = 0;
    let allStarted!: () => void;
    const sending = new Promise<void>((resolve) => (allStarted = resolve));
    const six = Array.from({ length: 6 }, () =>
      upload(server.url, '/api/auth/login', {
        bytes: 450 * MiB,
        chunked: true,
        headers: signInHeaders(),
        onStarted: () => ++started === 6 && allStarted(),
      }),
    );
    await sending;
    const me = await authedFetch(server.admin!, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: 'user', role: 'admin' });
    const answers = await Promise.all(six).finally(rss.stop);
    for (const a of answers) {
      expect(a.status).toBe(413);
      expect(a.sent).toBeLessThan(64 * MiB);
    }
    expect(rss.peak() - before).toBeLessThan(GROWTH_LIMIT);
  });
});

describe('API writes', () => {
  const user = (email: string, pad = '') => ({
    email,
    name: `n${pad}`,
    role: 'planner',
    password: 'a-good-password',
  });

  it('a chunked body over 64 KiB is refused 413 and changes nothing', async () => {
    const body = JSON.stringify(user('big@test.local', 'x'.repeat(70 * 1024)));
    const r = await authedFetch(
      server.admin!,
      '/api/v1/users',
      chunkedInit(body, { headers: { 'content-type': 'application/json' } }),
    );
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual(tooLarge(65536));
    const users = await sendJson<{ items: { email: string }[] }>(
      server.admin!,
      'GET',
      '/api/v1/users',
    );
    expect(users.body.items.map((u) => u.email)).not.toContain('big@test.local');
  });

  it('a declared length over 64 KiB is refused before it is sent', async () => {
    const r = await upload(server.url, '/api/v1/users', {
      bytes: 65 * 1024,
      headers: { cookie: server.admin!.cookie, origin: server.url },
    });
    expect(r).toMatchObject({ status: 413, body: tooLarge(65536) });
  });

  it('a chunked body within the limit is served as any other', async () => {
    const r = await authedFetch(
      server.admin!,
      '/api/v1/users',
      chunkedInit(JSON.stringify(user('chunked@test.local')), {
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ email: 'chunked@test.local' });
  });

  it('a chunked sign-in within its 4 KiB signs in', async () => {
    const r = await fetch(
      `${server.url}/api/auth/login`,
      chunkedInit(JSON.stringify(TEST_ADMIN), {
        headers: { 'content-type': 'application/json', origin: server.url },
      }),
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/vf_session=/);
  });
});

describe('platform receivers', () => {
  const fail = (extra: Record<string, unknown>) => ({
    result: 'FAIL',
    errorCode: 'BODY_TOO_LARGE',
    ...extra,
  });
  const message = 'body is larger than 1048576 bytes';

  it('answer 413 in their own shape over 1 MiB, declared or chunked', async () => {
    const cases = [
      ['/api/notify/trade', fail({ message })],
      ['/osapi/pickupcode/use', fail({ errorMsg: message })],
      ['/api/saas/callback/CO-1/some-token', fail({})],
    ] as const;
    for (const [path, body] of cases)
      for (const chunked of [false, true]) {
        const r = await upload(server.url, path, { bytes: 2 * MiB, chunked });
        expect(r, `${path} chunked=${chunked}`).toEqual({ status: 413, body, sent: r.sent });
      }
  });

  it('take a signed push sent chunked within the limit', async () => {
    const r = await fetch(
      `${server.url}/api/notify/trade`,
      chunkedInit(signedBody(server, tradeMessage('BL-1', 'BL')), {
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ result: 'SUCCESS' });
  });
});
