import 'server-only';
import { held, ready } from '../transaction';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/leases';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/**
 * Takes or renews the lease `name` for `holder` until `now + ttlS`: true when `holder` has it
 * now (it was free, expired, or already its own). One statement, so two processes asking at
 * once cannot both win. Scheduled work that must run once across processes (alert evaluation,
 * deliveries, reports, backups) asks before each tick.
 */
export async function holdLease(
  db: DbOrTx,
  o: { name: string; holder: string; ttlS: number; now: number },
): Promise<boolean> {
  if (isPg(db)) return onPg.holdLease(pgOf(db), o);
  while (held(db)) await ready(db);
  const row = db.get<{ holder: string }>(sql`
    INSERT INTO leases (name, holder, expires_at) VALUES (${o.name}, ${o.holder}, ${o.now + o.ttlS})
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= ${o.now}
    RETURNING holder`);
  return row?.holder === o.holder;
}

/** Gives the lease up (a process stopping), so another takes it over without waiting. */
export async function releaseLease(db: DbOrTx, o: { name: string; holder: string }) {
  if (isPg(db)) {
    await onPg.releaseLease(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  db.run(sql`DELETE FROM leases WHERE name = ${o.name} AND holder = ${o.holder}`);
}

/** Who holds the lease `name` and until when, expired or not; undefined when nobody does. */
export async function leaseOf(
  db: DbOrTx,
  name: string,
): Promise<{ holder: string; expiresAt: number } | undefined> {
  if (isPg(db)) return onPg.leaseOf(pgOf(db), name);
  while (held(db)) await ready(db);
  return db.get<{ holder: string; expiresAt: number }>(
    sql`SELECT holder, expires_at AS "expiresAt" FROM leases WHERE name = ${name}`,
  );
}
