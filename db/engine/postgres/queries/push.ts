import 'server-only';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { NewTrade, PushInboxRow, PushNonce, PushOutcome } from '@/db/queries/push';
import type { TradeRow } from '@/db/queries/trades';
import * as s from './prepared';

/**
 * PostgreSQL's form of db/queries/push.ts, on the named prepared statements of ./prepared.ts.
 * Exactly once: the inbox's unique (client_id, nonce) index decides, in the insert itself
 * (`ON CONFLICT DO NOTHING RETURNING id`), so two app processes given the same redelivery at
 * once store it once and the second gets undefined, as a second SQLite insert does.
 */
export function insertPush(db: PgDbOrTx, row: PushInboxRow): Promise<{ id: number } | undefined> {
  return s.insertInbox(db, row);
}

/** The message kept under this nonce. */
export function pushByNonce(db: PgDbOrTx, p: PushNonce) {
  return s.findByNonce(db, p);
}

/** Records how a pushed message was projected, counting the attempt. */
export async function markPush(db: PgDbOrTx, p: PushOutcome): Promise<void> {
  await s.markInbox(db, p);
}

/** The stored trade with this id. */
export function tradeByTradeId(db: PgDbOrTx, tradeId: string): Promise<TradeRow | undefined> {
  return s.tradeByTradeId(db, { tradeId });
}

/** Writes every field of a stored trade (`row.id` names it). */
export async function updateTrade(db: PgDbOrTx, row: TradeRow): Promise<void> {
  await s.updateTrade(db, row);
}

export async function insertTrade(db: PgDbOrTx, p: NewTrade): Promise<void> {
  const fields = p.fields as Record<string, unknown>;
  await s.insertTrade(
    db,
    s.tradeColumns.map((k) =>
      k === 'firstSeenAt' || k === 'updatedAt' ? p.at : (fields[k] ?? null),
    ),
  );
}
