/** Signing in over HTTP as a browser would: the session cookie plus our Origin on writes. */
export const TEST_ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };
export const TEST_APP_SECRET = 'test-app-secret-0123456789abcdef0123';

export interface Session {
  url: string;
  cookie: string;
}

export async function signIn(url: string, email: string, password: string): Promise<Session> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`sign-in as ${email}: ${r.status} ${await r.text()}`);
  const cookie = /vf_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('sign-in answered without a session cookie');
  return { url, cookie };
}

/** A request with the session's cookie (and Origin, as a browser sends on writes). */
export function authedFetch(s: Session, path: string, init: RequestInit = {}) {
  return fetch(`${s.url}${path}`, {
    ...init,
    redirect: 'manual',
    headers: { origin: s.url, cookie: s.cookie, ...(init.headers as Record<string, string>) },
  });
}

export async function sendJson<T = Record<string, unknown>>(
  s: Session,
  method: string,
  path: string,
  body?: unknown,
) {
  const r = await authedFetch(s, path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T, headers: r.headers };
}
