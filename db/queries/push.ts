import 'server-only';
import { held, ready } from '../transaction';
import type { Db } from '../client';
import { prepared } from '../prepared';
import type { InboxKind, InboxSignForm, InboxStatus, Verification } from '../schema';
import type { TradeInsert, TradeRow } from './trades';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/push';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * The push path's inbox and trade statements (every trade and status change the platform
 * sends), on db/prepared.ts's statements prepared once per connection: the hot path of
 * `npm run bench:ingest`.
 */
export type PushInboxRow = {
  kind: InboxKind;
  clientId: string | null;
  nonce: string | null;
  body: string;
  receivedAt: number;
  signForm: InboxSignForm | null;
  signCanonical: boolean | null;
  verification: Verification;
  status: InboxStatus;
  error: string | null;
  processedAt: number | null;
};

/**
 * Keeps a pushed message; undefined when a verified message with the same (clientId, nonce) is
 * already there (a redelivery or a replay).
 */
export async function insertPush(db: Db, row: PushInboxRow): Promise<{ id: number } | undefined> {
  if (isPg(db)) return onPg.insertPush(pgOf(db), row);
  while (held(db)) await ready(db);
  return prepared(db).insertInbox.get(row);
}

/** A verified push kept by insertPushes: its (clientId, nonce) and the id it was given. */
export type KeptPush = { id: number; clientId: string; nonce: string };

/**
 * insertPush for a batch of verified messages whose (clientId, nonce) pairs are distinct: the
 * rows kept, each with its id. A pair already stored (a redelivery or a replay) is not among
 * them, and nothing else changed for it.
 */
export async function insertPushes(
  db: Db,
  rows: readonly (PushInboxRow & { clientId: string; nonce: string })[],
): Promise<KeptPush[]> {
  if (!rows.length) return [];
  if (isPg(db)) return onPg.insertPushes(pgOf(db), rows);
  const kept: KeptPush[] = [];
  for (const row of rows) {
    const r = await insertPush(db, row);
    if (r) kept.push({ id: r.id, clientId: row.clientId, nonce: row.nonce });
  }
  return kept;
}

export type PushNonce = {
  clientId: string;
  nonce: string | null;
};

/** The message kept under this nonce. */
export async function pushByNonce(db: Db, p: PushNonce) {
  if (isPg(db)) return onPg.pushByNonce(pgOf(db), p);
  while (held(db)) await ready(db);
  return prepared(db).findByNonce.get(p);
}

export type PushOutcome = {
  id: number;
  status: InboxStatus;
  error: string | null;
  processedAt: number | null;
};

/** Records how a pushed message was projected, counting the attempt. */
export async function markPush(db: Db, p: PushOutcome) {
  if (isPg(db)) {
    await onPg.markPush(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  prepared(db).markInbox.run(p);
}

/** The stored trade with this id. */
export async function tradeByTradeId(db: Db, tradeId: string): Promise<TradeRow | undefined> {
  if (isPg(db)) return onPg.tradeByTradeId(pgOf(db), tradeId);
  while (held(db)) await ready(db);
  return prepared(db).tradeByTradeId.get({ tradeId });
}

/** The stored trades with these ids (in no order). */
export async function tradesByTradeIds(db: Db, tradeIds: readonly string[]): Promise<TradeRow[]> {
  if (!tradeIds.length) return [];
  if (isPg(db)) return onPg.tradesByTradeIds(pgOf(db), tradeIds);
  const found: TradeRow[] = [];
  for (const id of tradeIds) {
    const row = await tradeByTradeId(db, id);
    if (row) found.push(row);
  }
  return found;
}

/** Writes every field of a stored trade (`row.id` names it). */
export async function updateTrade(db: Db, row: TradeRow) {
  if (isPg(db)) {
    await onPg.updateTrade(pgOf(db), row);
    return;
  }
  while (held(db)) await ready(db);
  prepared(db).updateTrade.run(row);
}

export interface NewTrade {
  /** The trade's fields; one not given is stored as null. */
  fields: Omit<TradeInsert, 'id' | 'firstSeenAt' | 'updatedAt'>;
  /** When it was received: its first seen and updated time. */
  at: number;
}

export async function insertTrade(db: Db, p: NewTrade) {
  if (isPg(db)) {
    await onPg.insertTrade(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  const s = prepared(db);
  const fields = p.fields as Record<string, unknown>;
  s.insertTrade(
    s.tradeColumns.map((k) =>
      k === 'firstSeenAt' || k === 'updatedAt' ? p.at : (fields[k] ?? null),
    ),
  );
}

/** insertTrade for a list of trades none of which is stored, in one statement on PostgreSQL. */
export async function insertTrades(db: Db, list: readonly NewTrade[]) {
  if (!list.length) return;
  if (isPg(db)) {
    await onPg.insertTrades(pgOf(db), list);
    return;
  }
  for (const p of list) await insertTrade(db, p);
}
