import 'server-only';
import type { Db } from '@/db/client';
import type { Verification } from '@/db/schema';
import { credentialsFor } from '@/lib/settings/credentials';
import { rawEntries, verifySignature, type SignMatch } from '@/lib/platforms/signing';
import { structureProblem } from './body';

export type Refusal = {
  ok: false;
  verification: Exclude<Verification, 'ok' | 'replay' | 'bad_encoding'>;
  status: 400 | 401;
  code: 'INVALID_JSON' | 'BODY_TOO_COMPLEX' | 'CLIENT_UNKNOWN' | 'SIGN_INVALID';
  why: string;
  clientId?: string;
};

export type Authenticated = {
  ok: true;
  message: Record<string, unknown>;
  clientId: string;
  /** The form its signature took, for the inbox (D70). */
  signed: SignMatch;
};

const refusal = (
  verification: Refusal['verification'],
  code: Refusal['code'],
  why: string,
  clientId?: string,
): Refusal => ({
  ok: false,
  verification,
  status: code === 'INVALID_JSON' || code === 'BODY_TOO_COMPLEX' ? 400 : 401,
  code,
  why,
  clientId,
});

/**
 * The client's key and signature check, on a message already read as an object: the form the
 * signature took (any of the four, D70), or why it is refused.
 */
async function verify(
  db: Db,
  body: string,
  message: Record<string, unknown>,
): Promise<Refusal | SignMatch> {
  const clientId = typeof message.clientId === 'string' ? message.clientId : undefined;
  const credentials = clientId ? await credentialsFor(clientId, db) : undefined;
  if (!clientId || !credentials) {
    const why = clientId
      ? `clientId ${JSON.stringify(clientId)} is not configured`
      : 'clientId is missing';
    return refusal('client_unknown', 'CLIENT_UNKNOWN', why, clientId);
  }
  const signed = verifySignature({ body, parsed: message, secret: credentials.key });
  if (!signed) {
    const why =
      typeof message.sign === 'string' && message.sign ? 'sign does not match' : 'sign is missing';
    return refusal('sign_invalid', 'SIGN_INVALID', why, clientId);
  }
  return signed;
}

const isRefusal = (v: Refusal | SignMatch): v is Refusal => 'ok' in v;

/**
 * A body nested too deep or too wide is refused before JSON.parse and everything after it
 * (docs/decisions.md D62). Its signature is still checked, over the members' raw text (a
 * single pass, no recursion), so a wrong one is answered 401 as any other would be.
 */
async function refuseComplex(db: Db, body: string, problem: string): Promise<Refusal> {
  let members: Record<string, unknown>;
  try {
    members = Object.fromEntries(rawEntries(body));
  } catch {
    return refusal('too_complex', 'BODY_TOO_COMPLEX', problem);
  }
  const wrong = await verify(db, body, members);
  if (isRefusal(wrong)) return { ...wrong, why: `${wrong.why}; and ${problem}` };
  const clientId = members.clientId as string;
  return refusal('too_complex', 'BODY_TOO_COMPLEX', problem, clientId);
}

/**
 * The first steps every signed platform message takes (pushes and pickup-code requests alike):
 * bound its nesting, parse the JSON object, find the client's key (settings before
 * environment), verify the signature over the raw body. What comes after (nonce, inbox,
 * answer) is each receiver's own.
 */
export async function authenticate(db: Db, body: string): Promise<Authenticated | Refusal> {
  const problem = structureProblem(body);
  if (problem) return refuseComplex(db, body, problem);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return refusal('bad_json', 'INVALID_JSON', `body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return refusal('bad_json', 'INVALID_JSON', 'body must be a JSON object');
  const message = parsed as Record<string, unknown>;
  const signed = await verify(db, body, message);
  if (isRefusal(signed)) return signed;
  return { ok: true, message, clientId: message.clientId as string, signed };
}
