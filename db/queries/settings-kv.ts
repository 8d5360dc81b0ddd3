import 'server-only';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appSettings } from '@/db/schema/admin';

export function readSetting(db: DbOrTx, key: string): unknown {
  const row = db.select().from(appSettings).where(eq(appSettings.key, key)).get();
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export function writeSetting(db: DbOrTx, key: string, value: unknown, at: number, by: string) {
  const json = JSON.stringify(value);
  db.insert(appSettings)
    .values({ key, value: json, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: json, updatedAt: at, updatedBy: by },
    })
    .run();
}
