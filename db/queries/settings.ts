import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { platformCredentials, type Platform } from '@/db/schema/admin';
import { readSetting, writeSetting } from './settings-kv';

export type CredentialRow = typeof platformCredentials.$inferSelect;

export function listCredentials(db: DbOrTx): CredentialRow[] {
  return db
    .select()
    .from(platformCredentials)
    .orderBy(asc(platformCredentials.platform), asc(platformCredentials.account))
    .all();
}

export function getCredential(db: DbOrTx, id: number): CredentialRow | undefined {
  return db.select().from(platformCredentials).where(eq(platformCredentials.id, id)).get();
}

export function findCredential(db: DbOrTx, platform: Platform, account: string) {
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
export function credentialsVersion(db: DbOrTx): number {
  return Number(readSetting(db, VERSION_KEY) ?? 0);
}

function bumpVersion(db: DbOrTx, at: number) {
  writeSetting(db, VERSION_KEY, credentialsVersion(db) + 1, at, 'settings');
}

export type CredentialInput = Omit<
  typeof platformCredentials.$inferInsert,
  'id' | 'createdAt' | 'updatedAt'
>;

/** Adds the credential or replaces the one for the same platform and account. */
export function upsertCredential(db: DbOrTx, c: CredentialInput, at: number): CredentialRow {
  bumpVersion(db, at);
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

export function deleteCredential(db: DbOrTx, id: number) {
  bumpVersion(db, Math.floor(Date.now() / 1000));
  return db.delete(platformCredentials).where(eq(platformCredentials.id, id)).returning().get();
}

/** Changes only the form a Smart Vending credential signs in. */
export function setCredentialSignMode(
  db: DbOrTx,
  p: { id: number; signMode: NonNullable<CredentialRow['signMode']>; at: number },
): CredentialRow | undefined {
  bumpVersion(db, p.at);
  return db
    .update(platformCredentials)
    .set({ signMode: p.signMode, updatedAt: p.at })
    .where(eq(platformCredentials.id, p.id))
    .returning()
    .get();
}
