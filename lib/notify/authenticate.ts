import type { Db } from '@/db/client';
import type { Verification } from '@/db/schema';
import { credentialsFor } from '@/lib/credentials';
import { verifySignature } from '@/lib/signing';

export type Refusal = {
  ok: false;
  verification: Exclude<Verification, 'ok' | 'replay'>;
  status: 400 | 401;
  code: 'INVALID_JSON' | 'CLIENT_UNKNOWN' | 'SIGN_INVALID';
  why: string;
  clientId?: string;
};

export type Authenticated = {
  ok: true;
  message: Record<string, unknown>;
  clientId: string;
};

/**
 * The first steps every signed platform message takes (pushes and pickup-code requests alike):
 * parse the JSON object, find the client's key (settings before environment), verify the
 * signature over the raw body. What comes after (nonce, inbox, answer) is each receiver's own.
 */
export function authenticate(db: Db, body: string): Authenticated | Refusal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    const why = `body is not valid JSON: ${(e as Error).message}`;
    return { ok: false, verification: 'bad_json', status: 400, code: 'INVALID_JSON', why };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const why = 'body must be a JSON object';
    return { ok: false, verification: 'bad_json', status: 400, code: 'INVALID_JSON', why };
  }
  const message = parsed as Record<string, unknown>;
  const clientId = typeof message.clientId === 'string' ? message.clientId : undefined;
  const credentials = clientId ? credentialsFor(clientId, db) : undefined;
  if (!clientId || !credentials) {
    const why = clientId
      ? `clientId ${JSON.stringify(clientId)} is not configured`
      : 'clientId is missing';
    return {
      ok: false,
      verification: 'client_unknown',
      status: 401,
      code: 'CLIENT_UNKNOWN',
      why,
      clientId,
    };
  }
  if (
    !verifySignature({ body, parsed: message, secret: credentials.key, mode: credentials.signMode })
  ) {
    const why =
      typeof message.sign === 'string' && message.sign ? 'sign does not match' : 'sign is missing';
    return {
      ok: false,
      verification: 'sign_invalid',
      status: 401,
      code: 'SIGN_INVALID',
      why,
      clientId,
    };
  }
  return { ok: true, message, clientId };
}
