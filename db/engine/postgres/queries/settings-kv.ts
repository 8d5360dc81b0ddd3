import 'server-only';
import { eq } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { appSettings } from '@/db/engine/postgres/schema';

export async function readSetting(db: PgDbOrTx, key: string): Promise<unknown> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export async function writeSetting(
  db: PgDbOrTx,
  key: string,
  value: unknown,
  at: number,
  by: string,
): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insert(appSettings)
    .values({ key, value: json, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: json, updatedAt: at, updatedBy: by },
    });
}
