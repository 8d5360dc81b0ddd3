import 'server-only';
import type { Db } from '@/db/client';
import type { InboxKind, InboxSignForm, PushKind, Verification } from '@/db/schema';
import { getInbox } from '@/db/queries/inbox';
import { inTransaction, runsAgain } from '@/db/prepared';
import { insertPush, markPush, pushByNonce } from '@/db/queries/push';
import { bufferProjections } from '@/lib/ingest/context';
import { authenticate } from './authenticate';
import { PROJECTIONS } from '@/lib/ingest';
import { nonceText } from '@/lib/platforms/nonce';
import { decodeBody, type RawBody } from './body';
import { describeZodError } from './schemas';
import { countInboxFailure } from '@/lib/ops/metrics';
import { errorText } from '@/db/errors';

export const NOTIFY_KINDS = [
  'device',
  'trade',
  'status',
  'refill',
] as const satisfies readonly PushKind[];

const isPushKind = (kind: InboxKind): kind is PushKind =>
  (NOTIFY_KINDS as readonly string[]).includes(kind);
export const MAX_BODY_BYTES = 1024 * 1024;

export type NotifyErrorCode =
  | 'BODY_TOO_LARGE'
  | 'BODY_TOO_COMPLEX'
  | 'INVALID_ENCODING'
  | 'INVALID_JSON'
  | 'CLIENT_UNKNOWN'
  | 'SIGN_INVALID'
  | 'REPLAY'
  | 'INVALID_FIELD'
  | 'UNAVAILABLE';

export type NotifyReply =
  { result: 'SUCCESS' } | { result: 'FAIL'; errorCode: NotifyErrorCode; message: string };

export interface NotifyResult {
  status: number;
  body: NotifyReply;
}

export const SUCCESS: NotifyResult = { status: 200, body: { result: 'SUCCESS' } };
/** The same answer for a redelivery, told apart by identity for the metrics (D90). */
const DUPLICATE: NotifyResult = { status: 200, body: { result: 'SUCCESS' } };
export const isDuplicate = (result: NotifyResult) => result === DUPLICATE;
const fail = (status: number, errorCode: NotifyErrorCode, message: string): NotifyResult => ({
  status,
  body: { result: 'FAIL', errorCode, message },
});

export function tooLarge(): NotifyResult {
  return fail(413, 'BODY_TOO_LARGE', `body is larger than ${MAX_BODY_BYTES} bytes`);
}

/** Nothing was acknowledged, so the platform will redeliver: worth a retry. */
export function unavailable(): NotifyResult {
  return fail(503, 'UNAVAILABLE', 'temporarily unavailable, retry later');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Received {
  kind: InboxKind;
  body: string;
  receivedAt: number;
}

/** Keeps a message we refused before trusting it, for the inbox page; returns the reply. */
async function refuse(
  db: Db,
  m: Received,
  verification: Exclude<Verification, 'ok'>,
  result: NotifyResult,
  clientId: string | null = null,
): Promise<NotifyResult> {
  const error = result.body.result === 'FAIL' ? result.body.message : null;
  await insertPush(db, {
    ...m,
    clientId,
    nonce: null, // unique among verified messages only; a refused message's is in its body
    signForm: null,
    signCanonical: null,
    verification,
    status: 'unverified',
    error,
    processedAt: null,
  });
  return result;
}

/** A push that passed every check before it is kept: what keepVerified needs of it. */
export interface VerifiedPush {
  kind: PushKind;
  received: Received;
  message: Record<string, unknown>;
  clientId: string;
  signed: { form: InboxSignForm; canonical: boolean };
  nonce: string | null;
}

/**
 * The receiver pipeline for the four pushes: decode (UTF-8) → bound the nesting → parse →
 * identify the client → verify the signature → tell redelivery from replay → keep the message →
 * validate → project. The message is in the inbox before its projection can fail; a projection
 * that throws is rolled back to a savepoint, its error kept on the inbox row for replay, and the
 * platform still told SUCCESS. `raw` is the body's bytes as received (or text already decoded).
 */
export async function receiveNotification(
  db: Db,
  kind: PushKind,
  raw: RawBody,
  receivedAt: number = nowSeconds(),
): Promise<NotifyResult> {
  const v = await verifyNotification(db, kind, raw, receivedAt);
  return 'status' in v ? v : await keepVerified(db, v);
}

/**
 * The pipeline's first half, up to the signature: the answer for a message refused (and kept
 * as refused), or the verified message for keepVerified (or a batch's set-wise path, D119).
 */
export async function verifyNotification(
  db: Db,
  kind: PushKind,
  raw: RawBody,
  receivedAt: number = nowSeconds(),
): Promise<NotifyResult | VerifiedPush> {
  const decoded = decodeBody(raw);
  const body = decoded.text;
  const received: Received = { kind, body, receivedAt };
  if (!decoded.ok)
    return refuse(db, received, 'bad_encoding', fail(400, 'INVALID_ENCODING', decoded.why));
  const auth = await authenticate(db, body);
  if (!auth.ok)
    return refuse(
      db,
      received,
      auth.verification,
      fail(auth.status, auth.code, auth.why),
      auth.clientId,
    );
  const { message, clientId, signed } = auth;
  return {
    kind,
    received,
    message,
    clientId,
    signed,
    nonce: nonceText(message, body, 'nonce_str'),
  };
}

/** The inbox row of a verified push, kept as processed (its projection may yet mark it). */
export const verifiedRow = (v: VerifiedPush, receivedAt: number) => ({
  ...v.received,
  clientId: v.clientId,
  nonce: v.nonce,
  signForm: v.signed.form,
  signCanonical: v.signed.canonical,
  verification: 'ok' as const,
  status: 'processed' as const,
  error: null,
  processedAt: receivedAt,
});

/** The pipeline's second half: keep the verified message exactly once, validate, project. */
export async function keepVerified(db: Db, v: VerifiedPush): Promise<NotifyResult> {
  const { kind, received: m, clientId, nonce, message } = v;
  const { receivedAt, body } = m;
  // BEGIN IMMEDIATE: two processes cannot both pass the nonce check.
  return await inTransaction(db, async () => {
    // Written as processed, in the same transaction as its projection; a projection that
    // fails is rolled back to its savepoint and the row marked failed instead.
    const row = await insertPush(db, verifiedRow(v, receivedAt));
    if (row) return projectInboxRow(db, { id: row.id, kind, clientId, receivedAt }, message);
    const seen = (await pushByNonce(db, { clientId, nonce }))!;
    if (seen.body !== body) {
      const why = `nonce_str ${JSON.stringify(nonce)} was already used by message ${seen.id}`;
      return refuse(db, m, 'replay', fail(401, 'REPLAY', why), clientId);
    }
    // A redelivery: answer as we answered the first time, change nothing.
    return seen.status === 'rejected'
      ? fail(400, 'INVALID_FIELD', seen.error ?? 'invalid')
      : DUPLICATE;
  });
}

interface VerifiedRow {
  id: number;
  kind: PushKind;
  clientId: string;
  receivedAt: number;
  /** A stored row projected again: its status must be set, not assumed. */
  replay?: boolean;
}

/** Validates and projects one verified inbox message, recording the outcome on its row. */
async function projectInboxRow(db: Db, row: VerifiedRow, message: unknown): Promise<NotifyResult> {
  const { schema, project } = PROJECTIONS[row.kind];
  const shape = schema.safeParse(message);
  if (!shape.success) {
    const why = describeZodError(shape.error);
    await markPush(db, { id: row.id, status: 'rejected', error: why, processedAt: null });
    return fail(400, 'INVALID_FIELD', why);
  }
  try {
    // A savepoint: a projection that throws leaves nothing behind but the error on its row.
    // Its rollup changes are a scope of the batch's buffer (D20): dropped if it throws.
    await inTransaction(db, async () => {
      await bufferProjections(
        db,
        async () =>
          await project(
            { db, clientId: row.clientId, inboxId: row.id, receivedAt: row.receivedAt },
            shape.data,
          ),
      );
      if (row.replay)
        await markPush(db, {
          id: row.id,
          status: 'processed',
          error: null,
          processedAt: nowSeconds(),
        });
    });
  } catch (e) {
    // A deadlock's victim is not this message's failure: its whole transaction runs again.
    if (runsAgain(e)) throw e;
    const error = errorText(e);
    await markPush(db, { id: row.id, status: 'failed', error, processedAt: null });
    countInboxFailure(row.kind);
  }
  return SUCCESS;
}

export type ReplayOutcome =
  | { ok: true; status: 'processed' | 'failed' | 'rejected'; error: string | null }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_REPLAYABLE'; message: string };

/**
 * Projects a stored message again (after a fix); only failed or rejected verified pushes
 * (a pickup-code request was answered once and has nothing to project).
 */
export async function replayInbox(db: Db, id: number): Promise<ReplayOutcome> {
  return await inTransaction(db, async (): Promise<ReplayOutcome> => {
    const row = await getInbox(db, id);
    if (!row)
      return { ok: false, code: 'NOT_FOUND', message: `inbox message ${id} does not exist` };
    const { kind } = row;
    if (!isPushKind(kind)) {
      return {
        ok: false,
        code: 'NOT_REPLAYABLE',
        message: `inbox message ${id} is a ${kind} request; only pushes can be replayed`,
      };
    }
    if (row.verification !== 'ok' || (row.status !== 'failed' && row.status !== 'rejected')) {
      return {
        ok: false,
        code: 'NOT_REPLAYABLE',
        message: `inbox message ${id} is ${row.status} (verification ${row.verification}); only failed or rejected verified messages can be replayed`,
      };
    }
    const verified = {
      id,
      kind,
      clientId: row.clientId ?? '',
      receivedAt: row.receivedAt,
      replay: true,
    };
    await projectInboxRow(db, verified, JSON.parse(row.body));
    const after = (await getInbox(db, id))!;
    return {
      ok: true,
      status: after.status as 'processed' | 'failed' | 'rejected',
      error: after.error,
    };
  });
}
