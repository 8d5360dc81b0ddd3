import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { clientSettings } from '../schema/admin';
import { perClient } from '../statements';

export type ClientSettingsRow = typeof clientSettings.$inferSelect;

export function listClientSettings(db: DbOrTx): ClientSettingsRow[] {
  return db.select().from(clientSettings).orderBy(asc(clientSettings.clientId)).all();
}

export function getClientSettings(db: DbOrTx, clientId: string): ClientSettingsRow | undefined {
  return db.select().from(clientSettings).where(eq(clientSettings.clientId, clientId)).get();
}

export function saveClientSettings(
  db: DbOrTx,
  p: { clientId: string; doorOpen: 0 | 1; at: number; by: string },
): ClientSettingsRow {
  const values = { doorOpen: p.doorOpen, updatedAt: p.at, updatedBy: p.by };
  return db
    .insert(clientSettings)
    .values({ clientId: p.clientId, ...values })
    .onConflictDoUpdate({ target: clientSettings.clientId, set: values })
    .returning()
    .get();
}

// A door event's push reads this once: one prepared statement per connection.
const doorStatements = perClient((db) =>
  db.$client.prepare<[string], { d: 0 | 1 }>(
    'select door_open as d from client_settings where client_id = ?',
  ),
);

/** The stored `doorState` value that means open for a client, or undefined when none is set. */
export function storedDoorOpen(db: Db, clientId: string): 0 | 1 | undefined {
  return doorStatements(db).get(clientId)?.d;
}
