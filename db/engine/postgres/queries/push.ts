import 'server-only';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { inbox, trades } from '@/db/engine/postgres/schema';
import type {
  KeptPush,
  NewTrade,
  PushInboxRow,
  PushNonce,
  PushOutcome,
  TradeBatch,
} from '@/db/queries/push';
import type { TradeRow } from '@/db/queries/trades';
import * as s from './prepared';
import { runNamed } from './prepared-shared';
import { lockingOrderNos } from './pulled-trades';
import { machineSeen } from './machine-seen';
import { shelfMovesSql } from './shelf-stock';
import { OVER, rollupParts, rollupsOf } from './rollups';
import { RollupOverflowError } from '@/db/rollup-guard';

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
 * does for one row, and only the rows kept come back. The orders `lockOrderNos` are locked in
 * the same statement (lockingOrderNos), a round trip fewer for the batch (D119).
 */
export async function insertPushes(
  db: PgDbOrTx,
  rows: readonly (PushInboxRow & { clientId: string; nonce: string })[],
  lockOrderNos: readonly string[] = [],
): Promise<KeptPush[]> {
  const r = await runNamed(
    db,
    'prep_insert_pushes',
    sql`
    with ${lockingOrderNos(lockOrderNos)},
    kept as (
      insert into inbox (${list(inboxNames)})
      select ${list(inboxNames)}
      from json_populate_recordset(null::inbox, ${recordset(rows, INBOX_KEYS, inboxNames)}::json)
      on conflict (client_id, nonce) do nothing
      returning id, client_id, nonce)
    -- The one row of locked outside: the locks are taken even when no row is kept.
    select k.id, k.client_id as "clientId", k.nonce from locked left join kept k on true`,
  );
  return (r.rows as { id: string | number | null; clientId: string; nonce: string }[])
    .filter((k) => k.id !== null)
    .map((k) => ({ id: Number(k.id), clientId: k.clientId, nonce: k.nonce }));
}

/**
 * The end of a batch of trades kept together (D119), in ONE statement: the machines they name
 * upserted (those the batch's scope has not upserted yet: machineSeen's claim), the new trades
 * inserted, their shelves' stock moved, and the rollup changes the innermost buffered scope
 * holds written (taken out of it). Each part is a data-modifying WITH clause on a table of its
 * own; PostgreSQL runs them all whether or not the query reads them. Throws
 * RollupOverflowError as writeRollups does.
 */
export async function keepTradeBatch(db: PgDbOrTx, batch: TradeBatch): Promise<void> {
  const taken = rollupsOf(db).take();
  const { names, w } = rollupParts(taken.rows, taken.goods);
  const parts: [string, SQL | undefined | null][] = [
    ['touched', s.touchMachinesSql(machineSeen(db).claim(batch.seen))],
    ['inserted', insertTradesSql(batch.inserts)],
    ['moved', shelfMovesSql(batch.shelves)],
    ['names', names],
    ['w', w],
  ];
  const present = parts.filter((p): p is [string, SQL] => p[1] != null);
  if (!present.length) return;
  const r = await runNamed<{ over: boolean }>(
    db,
    // One name per text (runNamed): the parts present name it.
    `prep_trade_batch_${present.map(([name]) => name).join('_')}`,
    sql`with ${sql.join(
      present.map(([name, q]) => sql`${sql.raw(name)} as (${q})`),
      sql`, `,
    )} ${w ? OVER : sql`select false as over`}`,
  );
  if (r.rows[0]!.over) throw new RollupOverflowError('a sales rollup row would pass 2^53');
}

function insertTradesSql(list_: readonly NewTrade[]): SQL | null {
  if (!list_.length) return null;
  const rows = list_.map((p) => ({ ...p.fields, firstSeenAt: p.at, updatedAt: p.at }));
  return sql`
    insert into trades (${list(tradeNames)})
    select ${list(tradeNames)}
    from json_populate_recordset(null::trades, ${recordset(rows, s.tradeColumns, tradeNames)}::json)`;
}
