import { z } from 'zod';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { readSetting, writeSetting } from '@/db/queries/settings-kv';
import type { Caller } from '@/lib/api/auth';
import { audit } from '@/lib/audit';

/** When a state becomes an alert. Admins change these in Settings. */
export const thresholdsSchema = z.strictObject({
  /** A machine offline longer than this. */
  offlineMinutes: z.number().int().min(0).max(10_080),
  /** A door open longer than this. */
  doorOpenMinutes: z.number().int().min(0).max(1_440),
  /** No message from a machine for this long. */
  staleHours: z.number().int().min(1).max(720),
  /** Degrees a room may stray outside its cooling/heating band before it is an alert. */
  temperatureToleranceC: z.number().int().min(0).max(20),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  offlineMinutes: 30,
  doorOpenMinutes: 10,
  staleHours: 6,
  temperatureToleranceC: 0,
};

const KEY = 'alert-thresholds';

/** The thresholds in force: the saved ones over the defaults (a bad saved value is ignored). */
export function getThresholds(db: Db): Thresholds {
  const saved = thresholdsSchema.partial().safeParse(readSetting(db, KEY) ?? {});
  return { ...DEFAULT_THRESHOLDS, ...(saved.success ? saved.data : {}) };
}

export function saveThresholds(db: Db, caller: Caller, next: Thresholds): Thresholds {
  return inTransaction(db, () => {
    const before = getThresholds(db);
    const at = Math.floor(Date.now() / 1000);
    writeSetting(db, KEY, next, at, caller.principal?.label ?? 'system');
    audit(
      db,
      caller,
      { action: 'settings.thresholds', targetKind: 'settings', targetId: KEY, before, after: next },
      at,
    );
    return next;
  });
}
