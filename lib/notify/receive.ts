import { createHash } from 'node:crypto';
import type { Db } from '@/db/client';
import type { InboxKind } from '@/db/schema';
import { findByNonce, getInbox, insertInbox, markInbox } from '@/db/queries/inbox';
import { credentialsFor } from '@/lib/config';
import { verifySignature } from '@/lib/signing';
import { PROJECTIONS } from '@/lib/ingest';
import { describeZodError } from './schemas';

export const NOTIFY_KINDS = [
  'device',
  'trade',
  'status',
  'refill',
] as const satisfies readonly InboxKind[];
export const MAX_BODY_BYTES = 1024 * 1024;

export type NotifyErrorCode =
  | 'BODY_TOO_LARGE'
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

const SUCCESS: NotifyResult = { status: 200, body: { result: 'SUCCESS' } };
const fail = (status: number, errorCode: NotifyErrorCode, message: string): NotifyResult => ({
  status,
  body: { result: 'FAIL', errorCode, message },
});

export function tooLarge(): NotifyResult {
  return fail(413, 'BODY_TOO_LARGE', `body is larger than ${MAX_BODY_BYTES} bytes`);
}

/** Take the write lock at BEGIN, so two processes cannot both pass the nonce check. */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** Nothing was acknowledged, so the platform will redeliver: worth a retry. */
export function unavailable(): NotifyResult {
  return fail(503, 'UNAVAILABLE', 'temporarily unavailable, retry later');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The receiver pipeline for the four pushes: parse → identify the client → verify the signature
 * → tell redelivery from replay → keep the message → validate → project. The message is in the
 * inbox before its projection can fail; a projection that throws is rolled back to a savepoint,
 * its error kept on the inbox row for replay, and the platform still told SUCCESS.
 */
export function receiveNotification(
  db: Db,
  kind: InboxKind,
  body: string,
  receivedAt: number = nowSeconds(),
): NotifyResult {
  const bodyHash = sha256(body);
  const refuse = (
    verification: 'bad_json' | 'client_unknown' | 'sign_invalid' | 'replay',
    result: NotifyResult,
    clientId?: string,
    nonce?: string,
  ) => {
    const message = result.body.result === 'FAIL' ? result.body.message : undefined;
    insertInbox(db, {
      kind,
      clientId,
      nonce,
      bodyHash,
      body,
      receivedAt,
      verification,
      status: 'unverified',
      error: message,
    });
    return result;
  };

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return refuse(
      'bad_json',
      fail(400, 'INVALID_JSON', `body is not valid JSON: ${(e as Error).message}`),
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refuse('bad_json', fail(400, 'INVALID_JSON', 'body must be a JSON object'));
  }
  const message = parsed as Record<string, unknown>;
  const clientId = typeof message.clientId === 'string' ? message.clientId : undefined;
  const credentials = clientId ? credentialsFor(clientId) : undefined;
  if (!clientId || !credentials) {
    const why = clientId
      ? `clientId ${JSON.stringify(clientId)} is not configured`
      : 'clientId is missing';
    return refuse('client_unknown', fail(401, 'CLIENT_UNKNOWN', why), clientId);
  }
  const nonce =
    typeof message.nonce_str === 'string' && message.nonce_str ? message.nonce_str : undefined;
  if (
    !verifySignature({ body, parsed: message, secret: credentials.key, mode: credentials.signMode })
  ) {
    const why =
      typeof message.sign === 'string' && message.sign ? 'sign does not match' : 'sign is missing';
    return refuse('sign_invalid', fail(401, 'SIGN_INVALID', why), clientId, nonce);
  }

  return db.transaction((tx) => {
    if (nonce) {
      const seen = findByNonce(tx, clientId, nonce);
      if (seen && seen.bodyHash !== bodyHash) {
        return refuse(
          'replay',
          fail(
            401,
            'REPLAY',
            `nonce_str ${JSON.stringify(nonce)} was already used by message ${seen.id}`,
          ),
          clientId,
          nonce,
        );
      }
      // A redelivery: answer as we answered the first time, change nothing.
      if (seen)
        return seen.status === 'rejected'
          ? fail(400, 'INVALID_FIELD', seen.error ?? 'invalid')
          : SUCCESS;
    }
    const inboxId = insertInbox(tx, {
      kind,
      clientId,
      nonce,
      bodyHash,
      body,
      receivedAt,
      verification: 'ok',
      status: 'pending',
    });
    return projectInboxRow(
      tx as unknown as Db,
      { id: inboxId, kind, clientId, receivedAt },
      message,
    );
  }, IMMEDIATE);
}

interface VerifiedRow {
  id: number;
  kind: InboxKind;
  clientId: string;
  receivedAt: number;
}

/** Validates and projects one verified inbox message, recording the outcome on its row. */
function projectInboxRow(db: Db, row: VerifiedRow, message: unknown): NotifyResult {
  const { schema, project } = PROJECTIONS[row.kind];
  const shape = schema.safeParse(message);
  if (!shape.success) {
    const why = describeZodError(shape.error);
    markInbox(db, row.id, { status: 'rejected', error: why });
    return fail(400, 'INVALID_FIELD', why);
  }
  try {
    db.transaction((sp) => {
      project(
        { tx: sp, clientId: row.clientId, inboxId: row.id, receivedAt: row.receivedAt },
        shape.data,
      );
      markInbox(sp, row.id, { status: 'processed', processedAt: nowSeconds() });
    });
  } catch (e) {
    markInbox(db, row.id, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
  }
  return SUCCESS;
}

export type ReplayOutcome =
  | { ok: true; status: 'processed' | 'failed' | 'rejected'; error: string | null }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_REPLAYABLE'; message: string };

/** Projects a stored message again (after a fix); only failed or rejected verified messages. */
export function replayInbox(db: Db, id: number): ReplayOutcome {
  return db.transaction((tx) => {
    const row = getInbox(tx, id);
    if (!row)
      return {
        ok: false,
        code: 'NOT_FOUND',
        message: `inbox message ${id} does not exist`,
      } as const;
    if (row.verification !== 'ok' || (row.status !== 'failed' && row.status !== 'rejected')) {
      return {
        ok: false,
        code: 'NOT_REPLAYABLE',
        message: `inbox message ${id} is ${row.status} (verification ${row.verification}); only failed or rejected verified messages can be replayed`,
      } as const;
    }
    projectInboxRow(
      tx as unknown as Db,
      { id, kind: row.kind, clientId: row.clientId ?? '', receivedAt: row.receivedAt },
      JSON.parse(row.body),
    );
    const after = getInbox(tx, id)!;
    return {
      ok: true,
      status: after.status as 'processed' | 'failed' | 'rejected',
      error: after.error,
    } as const;
  }, IMMEDIATE);
}
