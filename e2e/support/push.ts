import { randomBytes } from 'node:crypto';
import { signBody, type SignMode } from '@/lib/platforms/signing';
import type { RunningServer } from './server';

export type PushKind = 'device' | 'trade' | 'status' | 'refill';

/** Signs a payload as the platform does: adds clientId and a fresh nonce_str unless given. */
export function signedBody(
  server: Pick<RunningServer, 'clientId' | 'key'>,
  payload: Record<string, unknown>,
  mode: SignMode = 'ampersand',
): string {
  return signBody(
    { clientId: server.clientId, nonce_str: randomBytes(12).toString('hex'), ...payload },
    server.key,
    mode,
  );
}

export async function postRaw(server: Pick<RunningServer, 'url'>, kind: PushKind, body: string) {
  const response = await fetch(`${server.url}/api/notify/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function push(server: RunningServer, kind: PushKind, payload: Record<string, unknown>) {
  return postRaw(server, kind, signedBody(server, payload));
}

/** A GET of our API as the server's admin (or unauthenticated for a server without one). */
export async function getJson<T = Record<string, unknown>>(
  server: Pick<RunningServer, 'url' | 'admin'>,
  path: string,
) {
  const response = await fetch(`${server.url}${path}`, {
    headers: server.admin ? { cookie: server.admin.cookie } : {},
  });
  return { status: response.status, body: (await response.json()) as T };
}
