import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';

// PostgreSQL's forms of db/queries/leases.ts (documented there).

/**
 * One statement, as on SQLite, but what makes it safe differs: SQLite serialised the writers;
 * here, under READ COMMITTED, INSERT … ON CONFLICT DO UPDATE locks the conflicting row, so a
 * second process asking at once waits for the first to commit, then evaluates the WHERE against
 * the row the first left (now its holder's, unexpired) and returns no row. Two processes
 * inserting a lease nobody held yet meet on the primary key the same way.
 */
export async function holdLease(
  db: PgDbOrTx,
  o: { name: string; holder: string; ttlS: number; now: number },
): Promise<boolean> {
  const r = await db.execute<{ holder: string }>(sql`
    insert into leases (name, holder, expires_at) values (${o.name}, ${o.holder}, ${o.now + o.ttlS})
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where leases.holder = excluded.holder or leases.expires_at <= ${o.now}
    returning holder`);
  return r.rows[0]?.holder === o.holder;
}

export async function releaseLease(
  db: PgDbOrTx,
  o: { name: string; holder: string },
): Promise<void> {
  await db.execute(sql`delete from leases where name = ${o.name} and holder = ${o.holder}`);
}

export async function leaseOf(
  db: PgDbOrTx,
  name: string,
): Promise<{ holder: string; expiresAt: number } | undefined> {
  const r = await db.execute<{ holder: string; expiresAt: number }>(
    sql`select holder, expires_at as "expiresAt" from leases where name = ${name}`,
  );
  return r.rows[0];
}
