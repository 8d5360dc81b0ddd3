import 'server-only';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { getTableColumns, sql } from 'drizzle-orm';
import { inbox, trades } from '@/db/engine/postgres/schema';
import type { KeptPush, NewTrade, PushInboxRow, PushNonce, PushOutcome } from '@/db/queries/push';
import type { TradeRow } from '@/db/queries/trades';
import * as s from './prepared';
import { once, runNamed } from './prepared-shared';

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

/** A table's columns by their names in the database, for json_populate_recordset's keys. */
function dbNames<T extends Record<string, { name: string }>>(
  columns: T,
  keys: readonly (keyof T)[],
) {
  return keys.map((k) => columns[k]!.name);
}

const INBOX_KEYS = [
  'kind',
  'clientId',
  'nonce',
  'body',
  'receivedAt',
  'signForm',
  'signCanonical',
  'verification',
  'status',
  'error',
  'processedAt',
] as const;
const inboxNames = dbNames(getTableColumns(inbox), INBOX_KEYS);
const tradeNames = dbNames(getTableColumns(trades), s.tradeColumns);
const list = (names: readonly string[]) => sql.raw(names.map((n) => `"${n}"`).join(', '));

/**
 * Rows as one JSON parameter, keyed by the columns' names: json_populate_recordset reads each
 * key as its column's type, so one statement takes a batch of any width (D119).
 */
function recordset(
  rows: readonly Record<string, unknown>[],
  keys: readonly string[],
  names: readonly string[],
) {
  return JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      keys.forEach((k, i) => (o[names[i]!] = r[k] ?? null));
      return o;
    }),
  );
}

/**
 * insertPush for a batch, in one statement: the unique (client_id, nonce) index decides as it
 * does for one row, and only the rows kept come back.
 */
export async function insertPushes(
  db: PgDbOrTx,
  rows: readonly (PushInboxRow & { clientId: string; nonce: string })[],
): Promise<KeptPush[]> {
  const r = await runNamed(
    db,
    'prep_insert_pushes',
    sql`
    insert into inbox (${list(inboxNames)})
    select ${list(inboxNames)}
    from json_populate_recordset(null::inbox, ${recordset(rows, INBOX_KEYS, inboxNames)}::json)
    on conflict (client_id, nonce) do nothing
    returning id, client_id as "clientId", nonce`,
  );
  return (r.rows as { id: string | number; clientId: string; nonce: string }[]).map((k) => ({
    id: Number(k.id),
    clientId: k.clientId,
    nonce: k.nonce,
  }));
}

/** The stored trades with these ids, every column. */
export async function tradesByTradeIds(
  db: PgDbOrTx,
  tradeIds: readonly string[],
): Promise<TradeRow[]> {
  const q = once(db, 'tradesByTradeIds', (d) =>
    d
      .select()
      .from(trades)
      .where(sql`${trades.tradeId} = any(${sql.placeholder('ids')}::text[])`)
      .prepare('prep_trades_by_trade_ids'),
  );
  return (await q.execute({ ids: tradeIds })) as TradeRow[];
}

/** insertTrade for many trades, in one statement. */
export async function insertTrades(db: PgDbOrTx, list_: readonly NewTrade[]): Promise<void> {
  const rows = list_.map((p) => ({ ...p.fields, firstSeenAt: p.at, updatedAt: p.at }));
  await runNamed(
    db,
    'prep_insert_trades',
    sql`
    insert into trades (${list(tradeNames)})
    select ${list(tradeNames)}
    from json_populate_recordset(null::trades, ${recordset(rows, s.tradeColumns, tradeNames)}::json)`,
  );
}
