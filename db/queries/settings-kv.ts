import 'server-only';
import { held, ready } from '../transaction';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { appSettings } from '@/db/schema/admin';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/settings-kv';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export async function readSetting(db: DbOrTx, key: string): Promise<unknown> {
  if (isPg(db)) return onPg.readSetting(pgOf(db), key);
  while (held(db)) await ready(db);
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
  if (isPg(db)) {
    await onPg.writeSetting(pgOf(db), key, value, at, by);
    return;
  }
  while (held(db)) await ready(db);
  const json = JSON.stringify(value);
  db.insert(appSettings)
    .values({ key, value: json, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: json, updatedAt: at, updatedBy: by },
    })
    .run();
}
