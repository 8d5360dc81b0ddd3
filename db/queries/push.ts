import 'server-only';
import { held, ready } from '../transaction';
import type { Db } from '../client';
import { prepared } from '../prepared';
import type { InboxKind, InboxSignForm, InboxStatus, Verification } from '../schema';
import type { TradeInsert, TradeRow } from './trades';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/push';
import { touchMachinesSeen } from './machine-seen';
import { keepShelfStocks, type ShelfSale } from '../shelf-stock';

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
 * them, and nothing else changed for it. On PostgreSQL the orders `lockOrderNos` are locked
 * (lockOrderNo) in the same statement, for a later one to look them up (D119).
 */
export async function insertPushes(
  db: Db,
  rows: readonly (PushInboxRow & { clientId: string; nonce: string })[],
  lockOrderNos: readonly string[] = [],
): Promise<KeptPush[]> {
  if (!rows.length) return [];
  if (isPg(db)) return onPg.insertPushes(pgOf(db), rows, lockOrderNos);
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

export interface TradeBatch {
  /** The machines the batch's messages name, each at the time it was heard (touchMachine). */
  seen: readonly { assetId: string; clientId: string; at: number }[];
  /** Its trades none of which is stored (insertTrade). */
  inserts: readonly NewTrade[];
  /** Every trade of it before and after (keepShelfStock). */
  shelves: readonly (readonly [ShelfSale | undefined, ShelfSale])[];
}

/**
 * The writes that end a batch of trades kept together (D119): its machines touched, its new
 * trades inserted, its shelves' stock kept. One statement on PostgreSQL, which writes the
 * rollup changes buffered in the innermost scope in it too (they are not written again at the
 * scope's end); SQLite runs its one-row statements in turn and leaves the rollups to the scope.
 */
export async function keepTradeBatch(db: Db, batch: TradeBatch) {
  if (isPg(db)) {
    await onPg.keepTradeBatch(pgOf(db), batch);
    return;
  }
  await touchMachinesSeen(db, batch.seen);
  for (const p of batch.inserts) await insertTrade(db, p);
  await keepShelfStocks(db, batch.shelves);
}
