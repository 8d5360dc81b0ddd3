import 'server-only';
import { held, ready } from '../transaction';
import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { clientSettings } from '../schema/admin';
import { perClient } from '../statements';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/client-settings';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type ClientSettingsRow = typeof clientSettings.$inferSelect;

export async function listClientSettings(db: DbOrTx): Promise<ClientSettingsRow[]> {
  if (isPg(db)) return onPg.listClientSettings(pgOf(db));
  while (held(db)) await ready(db);
  return db.select().from(clientSettings).orderBy(asc(clientSettings.clientId)).all();
}

export async function getClientSettings(
  db: DbOrTx,
  clientId: string,
): Promise<ClientSettingsRow | undefined> {
  if (isPg(db)) return onPg.getClientSettings(pgOf(db), clientId);
  while (held(db)) await ready(db);
  return db.select().from(clientSettings).where(eq(clientSettings.clientId, clientId)).get();
}

export async function saveClientSettings(
  db: DbOrTx,
  p: { clientId: string; doorOpen: 0 | 1; at: number; by: string },
): Promise<ClientSettingsRow> {
  if (isPg(db)) return onPg.saveClientSettings(pgOf(db), p);
  while (held(db)) await ready(db);
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
export async function storedDoorOpen(db: Db, clientId: string): Promise<0 | 1 | undefined> {
  if (isPg(db)) return onPg.storedDoorOpen(pgOf(db), clientId);
  while (held(db)) await ready(db);
  return doorStatements(db).get(clientId)?.d;
}
