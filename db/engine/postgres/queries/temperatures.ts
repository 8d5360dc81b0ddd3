import 'server-only';
import { and, asc, desc, eq, gt, gte, lte } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { temperatureReadings as t } from '@/db/engine/postgres/schema';
import type { TemperatureRangeParams } from '@/db/queries/temperatures';

/*
 * Each read is one range of temperature_asset_cid_at_idx (asset_id, cid, at); chambers stay
 * JSON text, as on SQLite (db/queries/temperatures.ts).
 */
const READING = {
  at: t.at,
  cryTemUL: t.cryTemUL,
  cryTemDL: t.cryTemDL,
  heatTemUL: t.heatTemUL,
  heatTemDL: t.heatTemDL,
  leftRmTem: t.leftRmTem,
  rightRmTem: t.rightRmTem,
  leftRmRef: t.leftRmRef,
  rightRmRef: t.rightRmRef,
  leftRmHeat: t.leftRmHeat,
  rightRmHeat: t.rightRmHeat,
  chambers: t.chambers,
};

/** The readings a chart needs, per container then time, within [from, to]. */
export async function temperatureRange(db: PgDbOrTx, p: TemperatureRangeParams) {
  return db
    .select({ cid: t.cid, ...READING })
    .from(t)
    .where(and(eq(t.assetId, p.assetId), gte(t.at, p.from), lte(t.at, p.to)))
    .orderBy(asc(t.cid), asc(t.at), asc(t.id));
}

/** Every container of the machine that has ever reported a temperature. */
export async function temperatureContainers(
  db: PgDbOrTx,
  p: { assetId: string },
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ cid: t.cid })
    .from(t)
    .where(eq(t.assetId, p.assetId))
    .orderBy(asc(t.cid));
  return rows.map((r) => r.cid);
}

/** One container's readings in (from, to], newest first, at most `limit`. */
export async function containerReadingsBack(
  db: PgDbOrTx,
  p: { assetId: string; cid: string; from: number; to: number; limit: number },
) {
  return db
    .select(READING)
    .from(t)
    .where(and(eq(t.assetId, p.assetId), eq(t.cid, p.cid), gt(t.at, p.from), lte(t.at, p.to)))
    .orderBy(desc(t.at), desc(t.id))
    .limit(p.limit);
}
