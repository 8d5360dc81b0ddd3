import { randomBytes } from 'node:crypto';
import { signBody } from '@/lib/platforms/signing';
import type { RunningServer } from './server';

export type PickupEndpoint = 'check' | 'use';
type Json = Record<string, unknown>;

/** Signs a §7 request as the platform does: clientId and a fresh `nonceStr` unless given. */
export function pickupBody(
  server: Pick<RunningServer, 'clientId' | 'key'>,
  payload: Json,
  key = server.key,
): string {
  return signBody(
    { clientId: server.clientId, nonceStr: randomBytes(12).toString('hex'), ...payload },
    key,
    'ampersand',
  );
}

export async function postPickupRaw(
  server: Pick<RunningServer, 'url'>,
  endpoint: PickupEndpoint,
  body: string,
) {
  const r = await fetch(`${server.url}/osapi/pickupcode/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: r.status, body: (await r.json()) as Json };
}

export function pickup(server: RunningServer, endpoint: PickupEndpoint, payload: Json) {
  return postPickupRaw(server, endpoint, pickupBody(server, payload));
}

/** A POST to our API as the server's admin (cookie and Origin, as the browser sends). */
export async function postJson<T = Json>(
  server: Pick<RunningServer, 'url' | 'admin'>,
  path: string,
  body?: unknown,
) {
  const r = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: server.url,
      ...(server.admin && { cookie: server.admin.cookie }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
  });
  return { status: r.status, body: (await r.json()) as T };
}

export interface IssuedCode {
  code: string;
  assetId: string | null;
  goodsNumber: string | null;
  fee: number;
  startTime: number;
  endTime: number;
  status: string;
}

/** Issues codes through POST /api/v1/pickup-codes; throws unless 201. */
export async function createCodes(server: Pick<RunningServer, 'url'>, body: Json = {}) {
  const r = await postJson<{ items: IssuedCode[] }>(server, '/api/v1/pickup-codes', body);
  if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items;
}
