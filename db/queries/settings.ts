import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { platformCredentials, type Platform } from '@/db/schema/admin';
import { readSetting, writeSetting } from './settings-kv';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/settings';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type CredentialRow = typeof platformCredentials.$inferSelect;

export async function listCredentials(db: DbOrTx): Promise<CredentialRow[]> {
  if (isPg(db)) return onPg.listCredentials(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select()
    .from(platformCredentials)
    .orderBy(asc(platformCredentials.platform), asc(platformCredentials.account))
    .all();
}

export async function getCredential(db: DbOrTx, id: number): Promise<CredentialRow | undefined> {
  if (isPg(db)) return onPg.getCredential(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(platformCredentials).where(eq(platformCredentials.id, id)).get();
}

export async function findCredential(db: DbOrTx, platform: Platform, account: string) {
  if (isPg(db)) return onPg.findCredential(pgOf(db), platform, account);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(platformCredentials)
    .where(
      and(eq(platformCredentials.platform, platform), eq(platformCredentials.account, account)),
    )
    .get();
}

const VERSION_KEY = 'credentials.version';

/**
 * A number every change of the credentials moves (D101): each process keeps the credentials it
 * decrypted and reloads them when this has moved, so a key saved through one app process
 * reaches the push receivers of every other.
 */
export async function credentialsVersion(db: DbOrTx): Promise<number> {
  if (isPg(db)) return onPg.credentialsVersion(pgOf(db));
  while (held(db)) await ready(db);
  return Number((await readSetting(db, VERSION_KEY)) ?? 0);
}

async function bumpVersion(db: DbOrTx, at: number) {
  await writeSetting(db, VERSION_KEY, (await credentialsVersion(db)) + 1, at, 'settings');
}

export type CredentialInput = Omit<
  typeof platformCredentials.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Adds the credential or replaces the one for the same platform and account. */
export async function upsertCredential(
  db: DbOrTx,
  c: CredentialInput,
  at: number,
): Promise<CredentialRow> {
  if (isPg(db)) return onPg.upsertCredential(pgOf(db), c, at);
  while (held(db)) await ready(db);
  await bumpVersion(db, at);
  return db
    .insert(platformCredentials)
    .values({ ...c, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [platformCredentials.platform, platformCredentials.account],
      set: { secret: c.secret, signMode: c.signMode, baseUrl: c.baseUrl, updatedAt: at },
    })
    .returning()
    .get();
}

export async function deleteCredential(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.deleteCredential(pgOf(db), id);
  while (held(db)) await ready(db);
  await bumpVersion(db, Math.floor(Date.now() / 1000));
  return db.delete(platformCredentials).where(eq(platformCredentials.id, id)).returning().get();
}

/** Changes only the form a Smart Vending credential signs in. */
export async function setCredentialSignMode(
  db: DbOrTx,
  p: { id: number; signMode: NonNullable<CredentialRow['signMode']>; at: number },
): Promise<CredentialRow | undefined> {
  if (isPg(db)) return onPg.setCredentialSignMode(pgOf(db), p);
  while (held(db)) await ready(db);
  await bumpVersion(db, p.at);
  return db
    .update(platformCredentials)
    .set({ signMode: p.signMode, updatedAt: p.at })
    .where(eq(platformCredentials.id, p.id))
    .returning()
    .get();
}
