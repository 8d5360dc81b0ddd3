import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { touchMachines } from './prepared';
import { runNamed } from './prepared-shared';
import { asyncWriteBehind } from './write-behind';

export type SeenAt = { assetId: string; clientId: string; at: number };

/**
 * PostgreSQL's form of db/machine-seen.ts: "we heard from this machine at t". Outside a buffered
 * scope each touch is one upsert (a placeholder machine when it is new, else last_seen_at moved
 * forward, no write when it would not move). Inside one, the first touch of a machine runs that
 * upsert, so the machine exists for what follows; later touches keep the latest time in memory,
 * and the outermost scope writes them all in ONE statement. SQLite keeps the scopes per
 * connection; here they follow the unit of work's async context (./write-behind.ts), so units
 * running at once on the pool keep apart what they touched, as separate transactions must.
 */
interface Frame {
  db: PgDbOrTx;
  /** Machines whose upsert ran in this scope. */
  ensured: Set<string>;
  /** The latest time heard per machine, not written yet. */
  latest: Map<string, number>;
}

const keepLatest = (latest: Map<string, number>, assetId: string, at: number) => {
  const had = latest.get(assetId);
  if (had === undefined || had < at) latest.set(assetId, at);
};

const scopes = asyncWriteBehind<Frame, PgDbOrTx>(
  (db) => ({ db, ensured: new Set(), latest: new Map() }),
  (frame, parent) => {
    for (const id of frame.ensured) parent.ensured.add(id);
    for (const [id, at] of frame.latest) keepLatest(parent.latest, id, at);
  },
  async (frame) => {
    if (!frame.latest.size) return;
    // In key order: units of work writing the same machines (a sync page, push
    // batches) lock them in one order (D114).
    const ids = [...frame.latest.keys()].sort();
    await runNamed(
      frame.db,
      'prep_machines_seen',
      sql`
      update machines m set last_seen_at = v.at
      from unnest(${sql.param(ids)}::text[], ${sql.param(ids.map((id) => frame.latest.get(id)))}::bigint[]) v(id, at)
      where m.asset_id = v.id and coalesce(m.last_seen_at, 0) < v.at`,
    );
  },
);

/** SQLite's touchMachine statement: a placeholder machine, or last_seen_at moved forward. */
async function upsert(db: PgDbOrTx, assetId: string, clientId: string, at: number) {
  await db.execute(sql`
    insert into machines (asset_id, client_id, platform, incomplete, origin, created_at,
      updated_at, last_seen_at)
    values (${assetId}, ${clientId}, 'smartvending', 1, 'placeholder', ${at}, ${at}, ${at})
    on conflict (asset_id) do update set last_seen_at = excluded.last_seen_at
    where coalesce(machines.last_seen_at, 0) < excluded.last_seen_at`);
}

export interface Seen {
  touch: (assetId: string, clientId: string, at: number) => Promise<void>;
  /** touch for many, the upserts of machines new to the scope in one statement (D119). */
  touchMany: (list: readonly SeenAt[]) => Promise<void>;
  /**
   * touchMany's bookkeeping without its statement: the rows to upsert (touchMachinesSql), which
   * the caller runs at once in this transaction, in a statement of its own (D119).
   */
  claim: (list: readonly SeenAt[]) => SeenAt[];
  buffered: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** touchMany's bookkeeping: the rows whose upsert the caller runs now, in this transaction. */
function claim(list: readonly SeenAt[]): SeenAt[] {
  const top = scopes.top();
  const ensured = (id: string) => scopes.frames().some((f) => f.ensured.has(id));
  const fresh = top ? list.filter((r) => !ensured(r.assetId)) : [...list];
  if (!top) return fresh;
  const upserted = new Set(fresh.map((r) => r.assetId));
  for (const id of upserted) top.ensured.add(id);
  // As touch: a machine upserted here is written at its latest time already.
  for (const r of list) if (!upserted.has(r.assetId)) keepLatest(top.latest, r.assetId, r.at);
  return fresh;
}

export function machineSeen(db: PgDbOrTx): Seen {
  return {
    touch: async (assetId, clientId, at) => {
      const top = scopes.top();
      if (top && scopes.frames().some((f) => f.ensured.has(assetId)))
        keepLatest(top.latest, assetId, at);
      else {
        await upsert(db, assetId, clientId, at);
        top?.ensured.add(assetId);
      }
    },
    touchMany: async (list) => {
      const fresh = claim(list);
      if (fresh.length) await touchMachines(db, fresh);
    },
    claim,
    buffered: (fn) => scopes.scope(db, fn),
  };
}
