import 'server-only';
import { sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { NewRun, RunMachineRow, RunRow } from '@/db/queries/runs';
import { firstOf, rowsOf, textArray } from './planning-terms';

/**
 * The run and its machines in one statement (two data-modifying CTEs): the run is never seen
 * without its machines, with no transaction of its own (SQLite's two statements relied on the
 * caller's).
 */
export async function insertRun(db: PgDbOrTx, r: NewRun): Promise<number> {
  const row = await firstOf<{ id: number }>(
    db,
    sql`
    with run as (
      insert into refill_runs (line_id, created_at, created_by_kind, created_by_id, created_by)
      values (${r.lineId}, ${r.createdAt}, ${r.createdByKind}, ${r.createdById}, ${r.createdBy})
      returning id),
    placed as (
      insert into refill_run_machines (run_id, asset_id, position)
      select run.id, v.asset_id, (v.n - 1)::int
      from run, unnest(${textArray(r.assetIds)}) with ordinality v(asset_id, n))
    select id from run`,
  );
  return row!.id;
}

/** A machine of a run is served by the first settlement after the run was created (§8.1). */
const servedAt = sql`(select min(st.refill_time) from refill_settlements st
  where st.asset_id = rm.asset_id and st.refill_time > r.created_at)`;

// One pass over the run's machines for both counts (FILTER), rather than two subqueries.
const runColumns = sql`r.id as "id", r.line_id as "lineId", l.name as "lineName",
  r.created_at as "createdAt", r.created_by as "createdBy",
  c.machines as "machineCount", c.served as "servedCount"`;

const runCounts = sql`cross join lateral (
  select count(*)::int as machines,
    count(*) filter (where exists (select 1 from refill_settlements st
      where st.asset_id = rm.asset_id and st.refill_time > r.created_at))::int as served
  from refill_run_machines rm where rm.run_id = r.id) c`;

export async function listRuns(db: PgDbOrTx, p: { limit: number }): Promise<RunRow[]> {
  return rowsOf<RunRow>(
    db,
    sql`
    select ${runColumns}
    from (select * from refill_runs order by created_at desc, id desc limit ${p.limit}) r
    left join lines l on l.id = r.line_id
    ${runCounts}
    order by r.created_at desc, r.id desc`,
  );
}

export async function getRun(
  db: PgDbOrTx,
  id: number,
): Promise<(RunRow & { machines: RunMachineRow[] }) | undefined> {
  const run = await firstOf<RunRow>(
    db,
    sql`
    select ${runColumns}
    from refill_runs r left join lines l on l.id = r.line_id
    ${runCounts}
    where r.id = ${id}`,
  );
  if (!run) return undefined;
  const machines = await rowsOf<RunMachineRow>(
    db,
    sql`
    select rm.asset_id as "assetId", rm.position as "position", m.name as "name",
      si.name as "siteName", ${servedAt} as "servedAt"
    from refill_run_machines rm
    join refill_runs r on r.id = rm.run_id
    join machines m on m.asset_id = rm.asset_id
    left join sites si on si.id = m.site_id
    where rm.run_id = ${id}
    order by rm.position`,
  );
  return { ...run, machines };
}
