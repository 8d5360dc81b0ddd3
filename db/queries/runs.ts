import 'server-only';
import { held, ready } from '../transaction';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { refillRunMachines, refillRuns } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/runs';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface NewRun {
  lineId: number | null;
  createdAt: number;
  createdByKind: 'user' | 'token';
  createdById: number;
  createdBy: string;
  /** In visiting order. */
  assetIds: readonly string[];
}

export async function insertRun(db: DbOrTx, r: NewRun): Promise<number> {
  if (isPg(db)) return onPg.insertRun(pgOf(db), r);
  while (held(db)) await ready(db);
  const { assetIds, ...run } = r;
  const { id } = db.insert(refillRuns).values(run).returning({ id: refillRuns.id }).get();
  db.insert(refillRunMachines)
    .values(assetIds.map((assetId, position) => ({ runId: id, assetId, position })))
    .run();
  return id;
}

export interface RunRow {
  id: number;
  lineId: number | null;
  lineName: string | null;
  createdAt: number;
  createdBy: string;
  machineCount: number;
  servedCount: number;
}

/**
 * A machine of a run is served by the first settlement (§8.1) with a refillTime after the run
 * was created: read from the settlements, so a settlement's arrival is all it takes.
 */
const servedAt = sql`(select min(st.refill_time) from refill_settlements st
  where st.asset_id = rm.asset_id and st.refill_time > r.created_at)`;

const runColumns = sql`r.id as id, r.line_id as lineId, l.name as lineName,
  r.created_at as createdAt, r.created_by as createdBy,
  (select count(*) from refill_run_machines rm where rm.run_id = r.id) as machineCount,
  (select count(*) from refill_run_machines rm where rm.run_id = r.id
    and ${servedAt} is not null) as servedCount`;

/** Runs, newest first. */
export async function listRuns(db: DbOrTx, p: { limit: number }): Promise<RunRow[]> {
  if (isPg(db)) return onPg.listRuns(pgOf(db), p);
  while (held(db)) await ready(db);
  return db.all<RunRow>(sql`
    select ${runColumns}
    from refill_runs r left join lines l on l.id = r.line_id
    order by r.created_at desc, r.id desc limit ${p.limit}`);
}

export interface RunMachineRow {
  assetId: string;
  position: number;
  name: string | null;
  siteName: string | null;
  servedAt: number | null;
}

export async function getRun(db: DbOrTx, id: number) {
  if (isPg(db)) return onPg.getRun(pgOf(db), id);
  while (held(db)) await ready(db);
  const run = db.get<RunRow>(sql`
    select ${runColumns}
    from refill_runs r left join lines l on l.id = r.line_id
    where r.id = ${id}`);
  if (!run) return undefined;
  const machines = db.all<RunMachineRow>(sql`
    select rm.asset_id as assetId, rm.position as position, m.name as name,
      si.name as siteName, ${servedAt} as servedAt
    from refill_run_machines rm
    join refill_runs r on r.id = rm.run_id
    join machines m on m.asset_id = rm.asset_id
    left join sites si on si.id = m.site_id
    where rm.run_id = ${id}
    order by rm.position`);
  return { ...run, machines };
}
