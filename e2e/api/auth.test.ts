import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, sendJson, signIn, TEST_ADMIN } from '../support/auth';
import { deviceMessage } from '../support/messages';
import { postRaw, push, signedBody } from '../support/push';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;

/** Each test signs in from its own address (a trusted proxy's X-Forwarded-For). */
let lastAddress = 0;
const address = () => `10.1.0.${++lastAddress}`;

async function login(email: string, password: string, ip: string, origin?: string) {
  const r = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': ip,
      origin: origin ?? server.url,
    },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: r.status,
    body: (await r.json()) as { error?: { code: string } },
    headers: r.headers,
  };
}

async function addUser(email: string, role: string, password = 'a-good-password') {
  const r = await sendJson<{ id: number }>(server.admin!, 'POST', '/api/v1/users', {
    email,
    name: email.split('@')[0],
    role,
    password,
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: '1' });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and answers 401 in the envelope when wrong', async () => {
    const ok = await login(TEST_ADMIN.email.toUpperCase(), TEST_ADMIN.password, address());
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/vf_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure under https
    const bad = await login(TEST_ADMIN.email, 'wrong-password', address());
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'the e-mail or password is wrong' },
    });
    const nobody = await login('nobody@test.local', 'wrong-password', address());
    expect(nobody.body).toEqual(bad.body);
  });

  it('names the bad field of a malformed sign-in', async () => {
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'x@y.z' }),
    });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain(
      'password',
    );
  });

  it('locks an account after 5 failures, even against the right password, with Retry-After', async () => {
    await addUser('locked@test.local', 'finance', 'the-right-password');
    for (let i = 0; i < 5; i++)
      expect((await login('locked@test.local', `wrong-${i}`, address())).status).toBe(401);
    const refused = await login('locked@test.local', 'the-right-password', address());
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    // Other accounts are not affected.
    expect((await login(TEST_ADMIN.email, TEST_ADMIN.password, address())).status).toBe(200);
  });

  it('locks an address that sprays failures across accounts', async () => {
    const ip = address();
    for (let i = 0; i < 20; i++) await login(`spray${i}@test.local`, 'guess-password', ip);
    expect((await login(TEST_ADMIN.email, TEST_ADMIN.password, ip)).status).toBe(429);
    expect((await login(TEST_ADMIN.email, TEST_ADMIN.password, address())).status).toBe(200);
  });
});

describe('cross-site requests', () => {
  it('refuses a cross-origin POST carrying the session cookie', async () => {
    const r = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: {
        cookie: server.admin!.cookie,
        origin: 'http://evil.example',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        email: 'evil@x.y',
        name: 'e',
        role: 'admin',
        password: 'evil-password',
      }),
    });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('CSRF');
    const users = await sendJson<{ items: { email: string }[] }>(
      server.admin!,
      'GET',
      '/api/v1/users',
    );
    expect(users.body.items.map((u) => u.email)).not.toContain('evil@x.y');
  });

  it('refuses a cookie write with neither Origin nor Sec-Fetch-Site, accepts same-origin', async () => {
    const bare = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { cookie: server.admin!.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', role: 'finance' }),
    });
    expect(bare.status).toBe(403);
    const fetchSite = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: {
        cookie: server.admin!.cookie,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'x', role: 'finance' }),
    });
    expect(fetchSite.status).toBe(201);
  });
});

describe('API tokens', () => {
  it('works as Bearer until revoked, then is refused', async () => {
    const created = await sendJson<{ id: number; token: string }>(
      server.admin!,
      'POST',
      '/api/v1/tokens',
      {
        name: 'warehouse sync',
        role: 'operations',
      },
    );
    const bearer = { authorization: `Bearer ${created.body.token}` };
    expect((await fetch(`${server.url}/api/v1/machines`, { headers: bearer })).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/users`, { headers: bearer })).status).toBe(403);
    const list = await sendJson<{ items: Record<string, unknown>[] }>(
      server.admin!,
      'GET',
      '/api/v1/tokens',
    );
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(
      (await sendJson(server.admin!, 'DELETE', `/api/v1/tokens/${created.body.id}`)).status,
    ).toBe(200);
    const after = await fetch(`${server.url}/api/v1/machines`, { headers: bearer });
    expect(after.status).toBe(401);
    expect(
      (
        await fetch(`${server.url}/api/v1/machines`, {
          headers: { authorization: 'Bearer vft_forged' },
        })
      ).status,
    ).toBe(401);
  });
});

describe('users', () => {
  it("ends a disabled user's session at once and refuses their sign-in", async () => {
    const id = await addUser('leaver@test.local', 'operations');
    const s = await signIn(server.url, 'leaver@test.local', 'a-good-password');
    expect((await authedFetch(s, '/api/auth/me')).status).toBe(200);
    expect(
      (await sendJson(server.admin!, 'PATCH', `/api/v1/users/${id}`, { disabled: true })).status,
    ).toBe(200);
    expect((await authedFetch(s, '/api/auth/me')).status).toBe(401);
    const page = await authedFetch(s, '/');
    expect(page.status).toBe(303);
    expect((await login('leaver@test.local', 'a-good-password', address())).status).toBe(401);
  });

  it('a role change or password reset ends sessions; the new password works', async () => {
    const id = await addUser('mover@test.local', 'planner');
    const s = await signIn(server.url, 'mover@test.local', 'a-good-password');
    expect((await authedFetch(s, '/api/v1/trades')).status).toBe(403);
    await sendJson(server.admin!, 'PATCH', `/api/v1/users/${id}`, { role: 'finance' });
    expect((await authedFetch(s, '/api/auth/me')).status).toBe(401);
    const again = await signIn(server.url, 'mover@test.local', 'a-good-password');
    expect((await authedFetch(again, '/api/v1/trades')).status).toBe(200);
    await sendJson(server.admin!, 'PATCH', `/api/v1/users/${id}`, { password: 'a-newer-password' });
    expect((await authedFetch(again, '/api/auth/me')).status).toBe(401);
    expect((await login('mover@test.local', 'a-newer-password', address())).status).toBe(200);
  });

  it('will not disable or demote the last admin, and refuses a taken e-mail', async () => {
    const me = await sendJson<{ id: number }>(server.admin!, 'GET', '/api/auth/me');
    const r = await sendJson<{ error: { code: string } }>(
      server.admin!,
      'PATCH',
      `/api/v1/users/${me.body.id}`,
      {
        role: 'finance',
      },
    );
    expect(r.status).toBe(409);
    const dup = await sendJson(server.admin!, 'POST', '/api/v1/users', {
      email: TEST_ADMIN.email,
      name: 'again',
      role: 'planner',
      password: 'whatever-password',
    });
    expect(dup.status).toBe(409);
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const s = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const out = await authedFetch(s, '/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/vf_session=;/);
    expect((await authedFetch(s, '/api/auth/me')).status).toBe(401);
  });
});

describe('platform credentials in settings', () => {
  it('are stored encrypted, take precedence over the environment, and can be removed', async () => {
    const key = 'settings-key-that-must-not-leak-9f3a';
    const saved = await sendJson<{ id: number }>(
      server.admin!,
      'POST',
      '/api/v1/settings/credentials',
      {
        platform: 'smartvending',
        account: server.clientId,
        key,
      },
    );
    expect(saved.status).toBe(201);
    // The environment's key for the same clientId no longer verifies; the new one does.
    const old = await push(server, 'device', deviceMessage('CRED-1'));
    expect(old.status).toBe(401);
    const fresh = await postRaw(
      server,
      'device',
      signedBody({ clientId: server.clientId, key }, deviceMessage('CRED-2')),
    );
    expect(fresh.body).toEqual({ result: 'SUCCESS' });

    const listed = await sendJson(server.admin!, 'GET', '/api/v1/settings/credentials');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    for (const file of [server.databaseFile, `${server.databaseFile}-wal`]) {
      if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(key)).toBe(false);
    }
    const audit = await sendJson<{ items: { action: string; after: unknown }[] }>(
      server.admin!,
      'GET',
      '/api/v1/audit?action=settings.credential_create',
    );
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain(key);

    expect(
      (await sendJson(server.admin!, 'DELETE', `/api/v1/settings/credentials/${saved.body.id}`))
        .status,
    ).toBe(200);
    expect((await push(server, 'device', deviceMessage('CRED-3'))).body).toEqual({
      result: 'SUCCESS',
    });
  });

  it('test a connection and say what failed', async () => {
    // A port nothing listens on: opened, then closed again.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const saved = await sendJson<{ id: number }>(
      server.admin!,
      'POST',
      '/api/v1/settings/credentials',
      {
        platform: 'saas',
        account: 'app-1',
        key: 'k',
        secret: 's',
        baseUrl: `http://127.0.0.1:${port}`,
      },
    );
    const r = await sendJson<{ ok: boolean; status: number | null; detail: string }>(
      server.admin!,
      'POST',
      `/api/v1/settings/credentials/${saved.body.id}/test`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, status: null });
    expect(r.body.detail).toMatch(/ECONNREFUSED/);
  });
});

describe('security headers', () => {
  it('sends a nonce CSP, frame-ancestors none, nosniff and a referrer policy', async () => {
    const r = await fetch(`${server.url}/login`);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await r.text();
    expect(html).toContain(`nonce="${nonce}"`);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    const api = await fetch(`${server.url}/api/v1/machines`);
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
