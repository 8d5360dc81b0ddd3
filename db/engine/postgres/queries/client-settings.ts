import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { clientSettings } from '@/db/engine/postgres/schema';
import type { ClientSettingsRow } from '@/db/queries/client-settings';

export async function listClientSettings(db: PgDbOrTx): Promise<ClientSettingsRow[]> {
  return db.select().from(clientSettings).orderBy(asc(clientSettings.clientId));
}

export async function getClientSettings(
  db: PgDbOrTx,
  clientId: string,
): Promise<ClientSettingsRow | undefined> {
  const [row] = await db.select().from(clientSettings).where(eq(clientSettings.clientId, clientId));
  return row;
}

export async function saveClientSettings(
  db: PgDbOrTx,
  p: { clientId: string; doorOpen: 0 | 1; at: number; by: string },
): Promise<ClientSettingsRow> {
  const values = { doorOpen: p.doorOpen, updatedAt: p.at, updatedBy: p.by };
  const [row] = await db
    .insert(clientSettings)
    .values({ clientId: p.clientId, ...values })
    .onConflictDoUpdate({ target: clientSettings.clientId, set: values })
    .returning();
  return row!;
}

/**
 * The stored `doorState` value that means open for a client, or undefined when none is set.
 * A door event's push reads it: SQLite keeps one prepared statement per connection, this names
 * its statement so each pooled connection parses it once.
 */
export async function storedDoorOpen(db: PgDbOrTx, clientId: string): Promise<0 | 1 | undefined> {
  const [row] = await db
    .select({ d: clientSettings.doorOpen })
    .from(clientSettings)
    .where(eq(clientSettings.clientId, sql.placeholder('clientId')))
    .prepare('client_settings_door_open')
    .execute({ clientId });
  return row?.d;
}
