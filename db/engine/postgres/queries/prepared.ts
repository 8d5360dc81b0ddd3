import 'server-only';
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import {
  containers,
  inbox,
  machineClocks,
  machines,
  shelves,
  trades,
} from '@/db/engine/postgres/schema';
import type { TradeRow } from '@/db/queries/trades';
import { arr, changes, once, p, runNamed, set, type Run, type Values } from './prepared-shared';

/**
 * PostgreSQL's forms of db/prepared.ts's hot-path statements, one function per key, taking the
 * same named values (docs/decisions.md D104). Each is a named prepared statement: pg parses it
 * once per connection (the name is its cache key there), and the Drizzle query is built once
 * per pool or transaction object (a group commit's transaction runs thousands of them).
 * Where a key is always used for a list (a planogram, a refill's rows, machines heard from),
 * a set-based form sends the whole list as arrays in one statement (`unnest`).
 */
/** The trades' columns but id, in the schema's order (insertTrade's values come in it). */
export const tradeColumns = Object.keys(getTableColumns(trades)).filter(
  (k) => k !== 'id',
) as (keyof typeof trades.$inferInsert)[];

export type NonceRow = { id: number; body: string; status: string; error: string | null };

export async function findByNonce(db: PgDbOrTx, v: Values): Promise<NonceRow | undefined> {
  const q = once(db, 'findByNonce', (d) =>
    d
      .select({ id: inbox.id, body: inbox.body, status: inbox.status, error: inbox.error })
      .from(inbox)
      .where(and(eq(inbox.clientId, p('clientId')), eq(inbox.nonce, p('nonce'))))
      .prepare('prep_find_by_nonce'),
  );
  return (await q.execute(v))[0];
}

/** The exactly-once insert: nothing comes back when (clientId, nonce) is already stored. */
export async function insertInbox(db: PgDbOrTx, v: Values): Promise<{ id: number } | undefined> {
  const q = once(db, 'insertInbox', (d) =>
    d
      .insert(inbox)
      .values({
        kind: p('kind'),
        clientId: p('clientId'),
        nonce: p('nonce'),
        body: p('body'),
        receivedAt: p('receivedAt'),
        signForm: p('signForm'),
        signCanonical: p('signCanonical'),
        verification: p('verification'),
        status: p('status'),
        error: p('error'),
        processedAt: p('processedAt'),
      })
      .onConflictDoNothing({ target: [inbox.clientId, inbox.nonce] })
      .returning({ id: inbox.id })
      .prepare('prep_insert_inbox'),
  );
  return (await q.execute(v))[0];
}

export async function markInbox(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'markInbox', (d) =>
    d
      .update(inbox)
      .set({ ...set(['status', 'error', 'processedAt']), attempts: sql`${inbox.attempts} + 1` })
      .where(eq(inbox.id, p('id')))
      .prepare('prep_mark_inbox'),
  );
  return changes(await q.execute(v));
}

export async function touchMachine(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'touchMachine', (d) =>
    d
      .insert(machines)
      .values({
        assetId: p('assetId'),
        clientId: p('clientId'),
        platform: 'smartvending',
        incomplete: true,
        origin: 'placeholder',
        createdAt: p('at'),
        updatedAt: p('at'),
        lastSeenAt: p('at'),
      })
      .onConflictDoUpdate({
        target: machines.assetId,
        set: { lastSeenAt: sql`excluded.last_seen_at` },
        // No write (no dead tuple) when nothing changes: most pushes come within the second.
        setWhere: sql`coalesce(${machines.lastSeenAt}, 0) < excluded.last_seen_at`,
      })
      .prepare('prep_touch_machine'),
  );
  return changes(await q.execute(v));
}

/**
 * touchMachine for a list of machines in one statement, as the one-row statements run in
 * order would leave them: a new machine is created at its first time and seen at its latest
 * (one ON CONFLICT DO UPDATE may not touch a row twice, so each machine is one row here).
 */
export async function touchMachines(
  db: PgDbOrTx,
  rows: readonly { assetId: string; clientId: string; at: number }[],
): Run {
  const q = touchMachinesSql(rows);
  return q ? changes(await runNamed(db, 'prep_touch_machines', q)) : { changes: 0 };
}

/** touchMachines' statement (for a WITH clause of a larger one); null for no rows. */
export function touchMachinesSql(
  rows: readonly { assetId: string; clientId: string; at: number }[],
): SQL | null {
  const byId = new Map<string, { clientId: string; first: number; latest: number }>();
  for (const r of rows) {
    const had = byId.get(r.assetId);
    if (!had) byId.set(r.assetId, { clientId: r.clientId, first: r.at, latest: r.at });
    else had.latest = Math.max(had.latest, r.at);
  }
  if (!byId.size) return null;
  const ids = [...byId.keys()];
  const col = (k: 'clientId' | 'first' | 'latest') => arr(ids.map((id) => byId.get(id)![k]));
  return sql`
    insert into machines as m
      (asset_id, client_id, platform, incomplete, origin, created_at, updated_at, last_seen_at)
    select u.asset_id, u.client_id, 'smartvending', 1, 'placeholder', u.first, u.first, u.latest
    from unnest(${arr(ids)}::text[], ${col('clientId')}::text[], ${col('first')}::bigint[],
      ${col('latest')}::bigint[]) as u(asset_id, client_id, first, latest)
    order by u.asset_id
    on conflict (asset_id) do update set last_seen_at = excluded.last_seen_at
    where coalesce(m.last_seen_at, 0) < excluded.last_seen_at`;
}

/** The stored trade with this id, every column. */
export async function tradeByTradeId(db: PgDbOrTx, v: Values): Promise<TradeRow | undefined> {
  const q = once(db, 'tradeByTradeId', (d) =>
    d
      .select()
      .from(trades)
      .where(eq(trades.tradeId, p('tradeId')))
      .prepare('prep_trade_by_trade_id'),
  );
  return (await q.execute(v))[0];
}

/** Values in `tradeColumns` order. */
export async function insertTrade(db: PgDbOrTx, values: readonly unknown[]): Run {
  const q = once(db, 'insertTrade', (d) =>
    d
      .insert(trades)
      .values(Object.fromEntries(tradeColumns.map((k) => [k, p(k)])) as never)
      .prepare('prep_insert_trade'),
  );
  const named: Values = {};
  tradeColumns.forEach((k, i) => (named[k] = values[i]));
  return changes(await q.execute(named));
}

export async function updateTrade(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'updateTrade', (d) =>
    d
      .update(trades)
      .set(set(tradeColumns) as never)
      .where(eq(trades.id, p('id')))
      .prepare('prep_update_trade'),
  );
  return changes(await q.execute(v));
}

export type ShelfStateRow = {
  soldOut: number;
  soldoutTime: number | null;
  stateUpdatedAt: number | null;
};

/** A shelf's sold-out state; soldOut 0/1 as SQLite's raw row gives it. */
export async function shelfState(db: PgDbOrTx, v: Values): Promise<ShelfStateRow | undefined> {
  const q = once(db, 'shelfState', (d) =>
    d
      .select({
        soldOut: sql<number>`${shelves.soldOut}::int`,
        soldoutTime: shelves.soldoutTime,
        stateUpdatedAt: shelves.stateUpdatedAt,
      })
      .from(shelves)
      .where(
        and(
          eq(shelves.assetId, p('assetId')),
          eq(shelves.cid, p('cid')),
          eq(shelves.locationId, p('locationId')),
        ),
      )
      .prepare('prep_shelf_state'),
  );
  return (await q.execute(v))[0];
}

export async function ensureContainer(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'ensureContainer', (d) =>
    d
      .insert(containers)
      .values({ assetId: p('assetId'), cid: p('cid') })
      .onConflictDoNothing()
      .prepare('prep_ensure_container'),
  );
  return changes(await q.execute(v));
}

export async function upsertShelfState(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'upsertShelfState', (d) =>
    d
      .insert(shelves)
      .values({
        assetId: p('assetId'),
        cid: p('cid'),
        locationId: p('locationId'),
        inPlanogram: false,
        soldOut: p('soldOut'),
        soldoutTime: p('soldoutTime'),
        stateUpdatedAt: p('at'),
      })
      .onConflictDoUpdate({
        target: [shelves.assetId, shelves.cid, shelves.locationId],
        set: {
          soldOut: sql`excluded.sold_out`,
          soldoutTime: sql`excluded.soldout_time`,
          stateUpdatedAt: sql`excluded.state_updated_at`,
        },
      })
      .prepare('prep_upsert_shelf_state'),
  );
  return changes(await q.execute(v));
}

export async function clockAhead(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'clockAhead', (d) =>
    d
      .insert(machineClocks)
      .values({ assetId: p('assetId'), aheadBy: p('aheadBy'), since: p('at'), seenAt: p('at') })
      .onConflictDoUpdate({
        target: machineClocks.assetId,
        set: { aheadBy: sql`excluded.ahead_by`, seenAt: sql`excluded.seen_at` },
      })
      .prepare('prep_clock_ahead'),
  );
  return changes(await q.execute(v));
}

export async function clockRight(db: PgDbOrTx, v: Values): Run {
  const q = once(db, 'clockRight', (d) =>
    d
      .delete(machineClocks)
      .where(eq(machineClocks.assetId, p('assetId')))
      .prepare('prep_clock_right'),
  );
  return changes(await q.execute(v));
}

export * from './prepared-refills';
