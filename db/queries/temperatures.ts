import 'server-only';
import { held, ready } from '../transaction';
import { and, asc, desc, eq, gt, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { temperatureReadings as t } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/temperatures';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

/** A container's temperature reading: its set band and its rooms' values, °C. */
export interface Reading {
  at: number;
  cryTemUL: number | null;
  cryTemDL: number | null;
  heatTemUL: number | null;
  heatTemDL: number | null;
  leftRmTem: number | null;
  rightRmTem: number | null;
  leftRmRef: number | null;
  rightRmRef: number | null;
  leftRmHeat: number | null;
  rightRmHeat: number | null;
  /** More chambers of the container, °C, null for no sensor (`commonField`, D71). */
  chambers?: Record<string, number | null> | null;
}

export interface TemperatureRangeParams {
  assetId: string;
  from: number;
  to: number;
}

/** The readings a chart needs, per container then time, within [from, to]. */
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

export async function temperatureRange(db: DbOrTx, p: TemperatureRangeParams) {
  if (isPg(db)) return onPg.temperatureRange(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select({ cid: t.cid, ...READING })
    .from(t)
    .where(and(eq(t.assetId, p.assetId), gte(t.at, p.from), lte(t.at, p.to)))
    .orderBy(asc(t.cid), asc(t.at), asc(t.id))
    .all();
}

/** Every container of the machine that has ever reported a temperature. */
export async function temperatureContainers(db: DbOrTx, p: { assetId: string }): Promise<string[]> {
  if (isPg(db)) return onPg.temperatureContainers(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .selectDistinct({ cid: t.cid })
    .from(t)
    .where(eq(t.assetId, p.assetId))
    .orderBy(asc(t.cid))
    .all()
    .map((r) => r.cid);
}

/**
 * One container's readings in (from, to], newest first, at most `limit`: how far back a room
 * has been out of band (the overview's temperature alerts, the machine page). The (asset, cid,
 * at) index answers it from the newest end.
 */
export async function containerReadingsBack(
  db: DbOrTx,
  p: { assetId: string; cid: string; from: number; to: number; limit: number },
) {
  if (isPg(db)) return onPg.containerReadingsBack(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select(READING)
    .from(t)
    .where(and(eq(t.assetId, p.assetId), eq(t.cid, p.cid), gt(t.at, p.from), lte(t.at, p.to)))
    .orderBy(desc(t.at), desc(t.id))
    .limit(p.limit)
    .all();
}
