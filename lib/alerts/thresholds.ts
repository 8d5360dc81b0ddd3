import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { readSetting, writeSetting } from '@/db/queries/settings-kv';
import type { Caller } from '@/lib/edge/caller';
import { audit } from '@/lib/admin/audit';
import { requestAlertScan } from './changed';
import { ALERT_KINDS, DURATION_FIELD, type AlertKind } from './kinds';

/**
 * A kind's hysteresis (D85): how long its condition must hold before it raises (0: at once),
 * how long it must be clear before its alert resolves (unset: the shared `clearMinutes`), and
 * how far past its limit a reading may stray before it counts (kinds with a measure only).
 */
export const kindRuleSchema = z.strictObject({
  minutes: z.number().int().min(0).max(10_080).optional(),
  clearMinutes: z.number().int().min(0).max(1_440).optional(),
  tolerance: z.number().int().min(0).max(1_000).optional(),
});

/**
 * When a state becomes an alert. Admins change these in Settings. The first four are the
 * settings saved before alerts were records (still their kinds' durations and tolerance); the
 * rest are optional, so a saved value or a PUT without them still reads and saves.
 */
export const thresholdsSchema = z.strictObject({
  /** A machine offline longer than this. */
  offlineMinutes: z.number().int().min(0).max(10_080),
  /** A door open longer than this. */
  doorOpenMinutes: z.number().int().min(0).max(1_440),
  /** No message from a machine for this long. */
  staleHours: z.number().int().min(1).max(720),
  /** Degrees a room may stray outside its cooling/heating band before it is an alert. */
  temperatureToleranceC: z.number().int().min(0).max(20),
  /** How long a condition must be clear before its alert resolves, unless its kind says. */
  clearMinutes: z.number().int().min(0).max(1_440).optional(),
  /** Per kind: minimum duration, clear duration, tolerance. */
  kinds: z.partialRecord(z.enum(ALERT_KINDS), kindRuleSchema).optional(),
});

export type ThresholdsInput = z.infer<typeof thresholdsSchema>;
export type KindRuleInput = z.infer<typeof kindRuleSchema>;
export type Thresholds = Required<Omit<ThresholdsInput, 'kinds'>> & {
  kinds: Partial<Record<AlertKind, KindRuleInput>>;
};

export const DEFAULT_THRESHOLDS: Thresholds = {
  offlineMinutes: 30,
  doorOpenMinutes: 10,
  staleHours: 6,
  temperatureToleranceC: 0,
  clearMinutes: 5,
  // A fridge a few minutes warm while its door is open to be refilled is not an alert.
  // The silent-failure rule looks at the last 6 hours of sales (its "tolerance" is the window, D96).
  kinds: { temperature: { minutes: 10 }, salesBelowExpected: { tolerance: 6 } },
};

/** What the evaluator applies to one kind, in seconds (lib/alerts/hysteresis.ts). */
export interface KindRule {
  minS: number;
  clearS: number;
  tolerance: number;
}

/** The app's own kinds other areas report (a channel failing, a backup): at once, both ways. */
const AT_ONCE: KindRule = { minS: 0, clearS: 0, tolerance: 0 };

export function ruleFor(t: Thresholds, kind: string): KindRule {
  if (!(ALERT_KINDS as readonly string[]).includes(kind)) return AT_ONCE;
  const own = t.kinds[kind as AlertKind] ?? {};
  const field = DURATION_FIELD[kind as AlertKind];
  const minutes =
    field === 'staleHours' ? t.staleHours * 60 : field ? t[field] : (own.minutes ?? 0);
  return {
    minS: minutes * 60,
    clearS: (own.clearMinutes ?? t.clearMinutes) * 60,
    tolerance: kind === 'temperature' ? t.temperatureToleranceC : (own.tolerance ?? 0),
  };
}

const KEY = 'alert-thresholds';

/** Fills what a saved or sent value leaves out with the defaults. */
function complete(v: Partial<ThresholdsInput>): Thresholds {
  return {
    ...DEFAULT_THRESHOLDS,
    ...v,
    clearMinutes: v.clearMinutes ?? DEFAULT_THRESHOLDS.clearMinutes,
    kinds: { ...DEFAULT_THRESHOLDS.kinds, ...v.kinds },
  };
}

/** The thresholds in force: the saved ones over the defaults (a bad saved value is ignored). */
export async function getThresholds(db: Db): Promise<Thresholds> {
  const saved = thresholdsSchema.partial().safeParse((await readSetting(db, KEY)) ?? {});
  return complete(saved.success ? saved.data : {});
}

export async function saveThresholds(
  db: Db,
  caller: Caller,
  input: ThresholdsInput,
): Promise<Thresholds> {
  const next = complete(input);
  const saved = await inTransaction(db, async () => {
    const before = await getThresholds(db);
    const at = Math.floor(Date.now() / 1000);
    await writeSetting(db, KEY, next, at, caller.principal?.label ?? 'system');
    await audit(
      db,
      caller,
      { action: 'settings.thresholds', targetKind: 'settings', targetId: KEY, before, after: next },
      at,
    );
    return next;
  });
  // The alerts are looked at again under the new thresholds at the evaluator's next tick: once
  // they are saved, or the look (on another connection on PostgreSQL) would use the old (D113).
  requestAlertScan();
  return saved;
}
