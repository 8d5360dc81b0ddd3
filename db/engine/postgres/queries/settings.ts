import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { appSettings, platformCredentials } from '@/db/engine/postgres/schema';
import type { CredentialInput, CredentialRow } from '@/db/queries/settings';
import type { Platform } from '@/db/schema/admin';

// PostgreSQL's forms of db/queries/settings.ts (documented there).

export async function listCredentials(db: PgDbOrTx): Promise<CredentialRow[]> {
  return db
    .select()
    .from(platformCredentials)
    .orderBy(asc(platformCredentials.platform), asc(platformCredentials.account));
}

export async function getCredential(db: PgDbOrTx, id: number): Promise<CredentialRow | undefined> {
  const [row] = await db.select().from(platformCredentials).where(eq(platformCredentials.id, id));
  return row;
}

export async function findCredential(
  db: PgDbOrTx,
  platform: Platform,
  account: string,
): Promise<CredentialRow | undefined> {
  const [row] = await db
    .select()
    .from(platformCredentials)
    .where(
      and(eq(platformCredentials.platform, platform), eq(platformCredentials.account, account)),
    );
  return row;
}

const VERSION_KEY = 'credentials.version';

export async function credentialsVersion(db: PgDbOrTx): Promise<number> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, VERSION_KEY));
  return Number(row ? (JSON.parse(row.value) as unknown) : 0);
}

/**
 * SQLite read the version and wrote it plus one, safe there as writers are serialised. Here two
 * processes saving at once under READ COMMITTED could both write the same number: the increment
 * is one statement, the row lock making the second add to the first. It runs after the change,
 * so a process that sees the new number (and reloads) sees the new credentials too.
 */
async function bumpVersion(db: PgDbOrTx, at: number): Promise<void> {
  await db.execute(sql`
    insert into app_settings (key, value, updated_at, updated_by)
    values (${VERSION_KEY}, '1', ${at}, 'settings')
    on conflict (key) do update set
      value = (case when app_settings.value ~ '^[0-9]{1,15}$'
        then app_settings.value::bigint + 1 else 1 end)::text,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
}

export async function upsertCredential(
  db: PgDbOrTx,
  c: CredentialInput,
  at: number,
): Promise<CredentialRow> {
  const [row] = await db
    .insert(platformCredentials)
    .values({ ...c, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: [platformCredentials.platform, platformCredentials.account],
      set: { secret: c.secret, signMode: c.signMode, baseUrl: c.baseUrl, updatedAt: at },
    })
    .returning();
  await bumpVersion(db, at);
  return row!;
}

export async function deleteCredential(
  db: PgDbOrTx,
  id: number,
): Promise<CredentialRow | undefined> {
  const [row] = await db
    .delete(platformCredentials)
    .where(eq(platformCredentials.id, id))
    .returning();
  await bumpVersion(db, Math.floor(Date.now() / 1000));
  return row;
}

export async function setCredentialSignMode(
  db: PgDbOrTx,
  p: { id: number; signMode: NonNullable<CredentialRow['signMode']>; at: number },
): Promise<CredentialRow | undefined> {
  const [row] = await db
    .update(platformCredentials)
    .set({ signMode: p.signMode, updatedAt: p.at })
    .where(eq(platformCredentials.id, p.id))
    .returning();
  await bumpVersion(db, p.at);
  return row;
}
