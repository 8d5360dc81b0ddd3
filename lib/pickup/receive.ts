import 'server-only';
import type { Db } from '@/db/client';
import type { Verification } from '@/db/schema';
import { inTransaction } from '@/db/prepared';
import { findInboxByNonce, insertInboxMessage, settleInbox } from '@/db/queries/inbox';
import {
  consumePickupCode,
  countWrongCodes,
  getPickupCode,
  markPickupCodeChecked,
  recordCheckFailure,
} from '@/db/queries/pickup';
import { authenticate } from '@/lib/ingest/push/authenticate';
import { decodeBody, type RawBody } from '@/lib/ingest/push/body';
import { nonceText } from '@/lib/platforms/nonce';
import { describeZodError } from '@/lib/ingest/push/schemas';
import { checkSchema, useSchema } from './schemas';
import {
  decideCheck,
  decideUse,
  isThrottled,
  WRONG_CODE_WINDOW_SECONDS,
  type PickupRefusalCode,
} from './rules';

export type PickupKind = 'check' | 'use';
const INBOX_KIND = { check: 'pickup_check', use: 'pickup_use' } as const;

export type PickupErrorCode =
  | PickupRefusalCode
  | 'BODY_TOO_LARGE'
  | 'BODY_TOO_COMPLEX'
  | 'INVALID_ENCODING'
  | 'INVALID_JSON'
  | 'CLIENT_UNKNOWN'
  | 'SIGN_INVALID'
  | 'REPLAY'
  | 'INVALID_FIELD'
  | 'UNAVAILABLE';

/** §7.1/§7.2 answers; codeStatus and fee are text, as the tables type them. */
export type PickupReply =
  | { result: 'SUCCESS'; goodsNum: string; codeStatus: string; fee: string }
  | { result: 'SUCCESS' }
  | { result: 'FAIL'; errorCode: PickupErrorCode; errorMsg: string };

export interface PickupResult {
  status: number;
  body: PickupReply;
}

export const pickupFail = (
  status: number,
  errorCode: PickupErrorCode,
  errorMsg: string,
): PickupResult => ({ status, body: { result: 'FAIL', errorCode, errorMsg } });

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Received {
  kind: PickupKind;
  body: string;
  receivedAt: number;
}

/** Keeps a request refused before it could be trusted (without its nonce), and answers it. */
async function refuse(
  db: Db,
  m: Received,
  verification: Exclude<Verification, 'ok'>,
  result: PickupResult,
  clientId: string | null = null,
): Promise<PickupResult> {
  await insertInboxMessage(db, {
    kind: INBOX_KIND[m.kind],
    clientId,
    nonce: null,
    body: m.body,
    receivedAt: m.receivedAt,
    verification,
    status: 'unverified',
    error: result.body.result === 'FAIL' ? result.body.errorMsg : null,
    reply: JSON.stringify(result),
    processedAt: m.receivedAt,
  });
  return result;
}

/**
 * A pickup-code request from the platform (§7.1 check, §7.2 use): decode → parse → identify the
 * client → verify the signature → tell redelivery from replay → keep it in the inbox → answer,
 * in one BEGIN IMMEDIATE transaction, so two uses of one code cannot both find it unused.
 * A redelivered use (same nonceStr, same body) gets the answer the first one got; a redelivered
 * check is answered from the code's current state and records nothing.
 */
export async function receivePickup(
  db: Db,
  kind: PickupKind,
  raw: RawBody,
  now: number = nowSeconds(),
): Promise<PickupResult> {
  const decoded = decodeBody(raw);
  const body = decoded.text;
  const m: Received = { kind, body, receivedAt: now };
  if (!decoded.ok)
    return refuse(db, m, 'bad_encoding', pickupFail(400, 'INVALID_ENCODING', decoded.why));
  const auth = await authenticate(db, body);
  if (!auth.ok)
    return refuse(
      db,
      m,
      auth.verification,
      pickupFail(auth.status, auth.code, auth.why),
      auth.clientId,
    );
  const { message, clientId, signed } = auth;
  const nonce = nonceText(message, body, 'nonceStr');

  return await inTransaction(db, async (): Promise<PickupResult> => {
    const row = await insertInboxMessage(db, {
      kind: INBOX_KIND[kind],
      clientId,
      nonce,
      body,
      receivedAt: now,
      signForm: signed.form,
      signCanonical: signed.canonical,
      verification: 'ok',
      status: 'pending',
    });
    if (!row) {
      const seen = (await findInboxByNonce(db, { clientId, nonce: nonce! }))!;
      if (seen.body !== body || seen.kind !== INBOX_KIND[kind]) {
        const why = `nonceStr ${JSON.stringify(nonce)} was already used by message ${seen.id}`;
        return refuse(db, m, 'replay', pickupFail(401, 'REPLAY', why), clientId);
      }
      if (kind === 'use' && seen.reply) return JSON.parse(seen.reply) as PickupResult;
      return answerCheck(db, message, null, now);
    }
    const result =
      kind === 'check'
        ? await answerCheck(db, message, row.id, now)
        : await answerUse(db, message, row.id, now);
    const failed = result.body.result === 'FAIL' ? result.body : undefined;
    await settleInbox(db, {
      id: row.id,
      status: failed?.errorCode === 'INVALID_FIELD' ? 'rejected' : 'processed',
      error: failed ? `${failed.errorCode}: ${failed.errorMsg}` : null,
      reply: JSON.stringify(result),
      processedAt: now,
    });
    return result;
  });
}

/**
 * §7.1. `inboxId` null: a redelivery, answered without recording anything. A machine over the
 * wrong-code limit is refused before any lookup.
 */
async function answerCheck(
  db: Db,
  message: Record<string, unknown>,
  inboxId: number | null,
  now: number,
): Promise<PickupResult> {
  const shape = checkSchema.safeParse(message);
  if (!shape.success) return pickupFail(400, 'INVALID_FIELD', describeZodError(shape.error));
  const { code, assetId, goodsNum } = shape.data;
  const record = inboxId !== null;
  const since = now - WRONG_CODE_WINDOW_SECONDS;
  if (isThrottled(await countWrongCodes(db, { assetId, since }))) {
    if (record)
      await recordCheckFailure(db, { assetId, code, outcome: 'throttled', at: now, inboxId });
    const why = `too many wrong pickup codes from machine ${assetId}; try again later`;
    return pickupFail(429, 'CHECK_THROTTLED', why);
  }
  const stored = await getPickupCode(db, code);
  const d = decideCheck(stored, { code, assetId, goodsNum }, now);
  if (!d.ok) {
    if (record && d.wrongCode)
      await recordCheckFailure(db, { assetId, code, outcome: 'wrong_code', at: now, inboxId });
    return pickupFail(200, d.errorCode, d.errorMsg);
  }
  if (record && d.codeStatus === 1)
    await markPickupCodeChecked(db, { id: stored!.id, at: now, assetId });
  return {
    status: 200,
    body: {
      result: 'SUCCESS',
      goodsNum: d.goodsNum,
      codeStatus: String(d.codeStatus),
      fee: String(d.fee),
    },
  };
}

/** §7.2: the machine vended; the code becomes used, exactly once. */
async function answerUse(
  db: Db,
  message: Record<string, unknown>,
  inboxId: number,
  now: number,
): Promise<PickupResult> {
  const shape = useSchema.safeParse(message);
  if (!shape.success) return pickupFail(400, 'INVALID_FIELD', describeZodError(shape.error));
  const { code, assetId, goodsNum } = shape.data;
  const stored = await getPickupCode(db, code);
  const d = decideUse(stored, { code, assetId, goodsNum }, now);
  if (!d.ok) return pickupFail(200, d.errorCode, d.errorMsg);
  // Inside BEGIN IMMEDIATE the code cannot have changed since it was read; the condition on
  // status is a second guard, not the only one.
  if (!(await consumePickupCode(db, { id: stored!.id, at: now, assetId: d.usedAssetId, inboxId })))
    return pickupFail(200, 'CODE_USED', `pickup code ${code} was already used`);
  return { status: 200, body: { result: 'SUCCESS' } };
}
