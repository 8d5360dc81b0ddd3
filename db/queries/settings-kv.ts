import 'server-only';
import { ready } from '../transaction';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appSettings } from '@/db/schema/admin';

export async function readSetting(db: DbOrTx, key: string): Promise<unknown> {
  await ready(db);
  const row = db.select().from(appSettings).where(eq(appSettings.key, key)).get();
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export async function writeSetting(
  db: DbOrTx,
  key: string,
  value: unknown,
  at: number,
  by: string,
) {
  await ready(db);
  const json = JSON.stringify(value);
  db.insert(appSettings)
    .values({ key, value: json, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: json, updatedAt: at, updatedBy: by },
    })
    .run();
}
