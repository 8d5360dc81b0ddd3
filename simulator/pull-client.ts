import { signBody, type SignMode } from '@/lib/platforms/signing';

/** Signs and sends one pull request the way the app's client will (tests and tools). */
export async function signedPull(
  baseUrl: string,
  path: string,
  o: {
    clientId: string;
    key: string;
    signMode?: SignMode;
    method?: 'GET' | 'POST';
    body?: Record<string, unknown>;
    query?: Record<string, string>;
    nonce?: string;
  },
) {
  const mode = o.signMode ?? 'ampersand';
  const nonce = o.nonce ?? Math.random().toString(36).slice(2);
  if (o.method === 'GET') {
    const params = { ...o.query, clientId: o.clientId, nonce_str: nonce };
    const { sign } = JSON.parse(signBody(params, o.key, mode)) as { sign: string };
    const qs = new URLSearchParams({ ...params, sign });
    return fetch(`${baseUrl}${path}?${qs}`);
  }
  const query = o.query ?? {};
  const body = signBody({ clientId: o.clientId, nonce_str: nonce, ...o.body }, o.key, mode, query);
  const qs = Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
  return fetch(`${baseUrl}${path}${qs}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}
