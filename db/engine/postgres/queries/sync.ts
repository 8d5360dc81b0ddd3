import 'server-only';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type * as S from '@/db/queries/sync';
import type { SyncJob, SyncState, SyncTrigger } from '@/db/schema';
import type { PgDbOrTx } from '../client';
import { reconcileChecks, reconcileDiffs, syncRuns } from '../schema';

type R<F extends (...a: never[]) => unknown> = Promise<Awaited<ReturnType<F>>>;

/**
 * Advisory lock class for "claiming a run of job X" (the second key is the job's hash): any
 * number not used by another two-key advisory lock; D101's number.
 */
const CLAIM_LOCK_CLASS = 22_101;

/** A JS array as ONE array parameter (a bare array in `sql` becomes a list of parameters). */
const list = (values: unknown[]) => sql.param(values);

export async function insertRun(
  db: PgDbOrTx,
  r: { job: SyncJob; params: S.SyncParams; trigger: SyncTrigger; requestedBy?: string; at: number },
): Promise<number> {
  const [row] = await db
    .insert(syncRuns)
    .values({
      job: r.job,
      params: JSON.stringify(r.params),
      state: 'queued',
      trigger: r.trigger,
      requestedBy: r.requestedBy ?? null,
      createdAt: r.at,
    })
    .returning({ id: syncRuns.id });
  return row!.id;
}

export async function getRun(db: PgDbOrTx, id: number): Promise<S.SyncRunRow | undefined> {
  const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, id));
  return row;
}

export function listRuns(
  db: PgDbOrTx,
  p: { job?: SyncJob; limit: number; before?: number },
): R<typeof S.listRuns> {
  return db
    .select()
    .from(syncRuns)
    .where(
      and(
        p.job ? eq(syncRuns.job, p.job) : undefined,
        p.before ? lt(syncRuns.id, p.before) : undefined,
      ),
    )
    .orderBy(desc(syncRuns.id))
    .limit(p.limit);
}

export function openRuns(
  db: PgDbOrTx,
  states: SyncState[] = ['queued', 'running'],
): R<typeof S.openRuns> {
  return db.select().from(syncRuns).where(inArray(syncRuns.state, states)).orderBy(syncRuns.id);
}

/**
 * SQLite's claim is one UPDATE whose NOT EXISTS cannot race: writers there are serialised. Under
 * READ COMMITTED two processes claiming two queued runs of one job would each see no running
 * run in their snapshots and both succeed. So a claim first takes a transaction-scoped advisory
 * lock on the job, then updates in a new statement, whose fresh snapshot sees any claim
 * committed while it waited; the lock lasts until the caller's transaction ends (claim() wraps
 * this with its lease), so the next claimer of that job sees this one. It needs the two
 * statements in one transaction: a savepoint inside the caller's, or its own on the pool. Two
 * claims of the same run are safe anyway: the loser's UPDATE re-reads the row it waited for
 * and finds it no longer queued.
 */
export async function claimRun(
  db: PgDbOrTx,
  id: number,
  owner: number,
  at: number,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const job = await tx.execute<{ job: string }>(
      sql`SELECT job, pg_advisory_xact_lock(${CLAIM_LOCK_CLASS}, hashtext(job))
          FROM sync_runs WHERE id = ${id} AND state = 'queued'`,
    );
    if (!job.rows.length) return false;
    const claimed = await tx.execute(
      sql`UPDATE sync_runs SET state = 'running', owner = ${owner},
            started_at = coalesce(started_at, ${at}::bigint)
          WHERE id = ${id} AND state = 'queued' AND NOT EXISTS (
            SELECT 1 FROM sync_runs other WHERE other.job = sync_runs.job AND other.state = 'running')`,
    );
    return claimed.rowCount === 1;
  });
}

export async function advanceRun(
  db: PgDbOrTx,
  id: number,
  p: { position: unknown; total?: number; done: number; imported: number; updated: number },
): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      position: JSON.stringify(p.position),
      ...(p.total !== undefined && { total: p.total }),
      done: sql`${syncRuns.done} + ${p.done}`,
      imported: sql`${syncRuns.imported} + ${p.imported}`,
      updated: sql`${syncRuns.updated} + ${p.updated}`,
    })
    .where(eq(syncRuns.id, id));
}

export async function setRunTotal(db: PgDbOrTx, id: number, total: number): Promise<void> {
  await db.update(syncRuns).set({ total }).where(eq(syncRuns.id, id));
}

/**
 * One statement rather than SQLite's read-then-write, so two errors added at once both stay (the
 * second waits for the row and appends to what the first wrote). `json`, not `jsonb`: each
 * element keeps its text as JSON.stringify wrote it, so the column reads the same on both.
 */
export async function addRunError(db: PgDbOrTx, id: number, e: S.SyncError): Promise<void> {
  await db.execute(
    sql`UPDATE sync_runs SET errors = (
          SELECT '[' || string_agg(k.e::text, ',' ORDER BY k.ord) || ']'
          FROM (
            SELECT a.e, a.ord FROM (
              SELECT e, ord FROM json_array_elements(sync_runs.errors::json) WITH ORDINALITY AS t(e, ord)
              UNION ALL SELECT ${JSON.stringify(e)}::json, 9223372036854775807
            ) a ORDER BY a.ord DESC LIMIT 20
          ) k)
        WHERE id = ${id}`,
  );
}

export async function finishRun(
  db: PgDbOrTx,
  id: number,
  state: SyncState,
  at: number,
): Promise<void> {
  await db
    .update(syncRuns)
    .set({ state, owner: null, finishedAt: state === 'queued' ? null : at })
    .where(eq(syncRuns.id, id));
}

export async function lastSucceeded(
  db: PgDbOrTx,
  job: SyncJob,
  trigger?: SyncTrigger,
): R<typeof S.lastSucceeded> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.job, job),
        eq(syncRuns.state, 'succeeded'),
        trigger ? eq(syncRuns.trigger, trigger) : undefined,
      ),
    )
    .orderBy(desc(syncRuns.id))
    .limit(1);
  return row;
}

export async function lastRunOf(
  db: PgDbOrTx,
  job: SyncJob,
  trigger?: SyncTrigger,
): R<typeof S.lastRunOf> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.job, job), trigger ? eq(syncRuns.trigger, trigger) : undefined))
    .orderBy(desc(syncRuns.id))
    .limit(1);
  return row;
}

// Reconciliation

/**
 * Finds or makes the run's check in one round trip. The insert only runs when none was found,
 * so a found check spends no identity value (ids stay as SQLite's); a check made by another
 * transaction meanwhile (ON CONFLICT) is read once more.
 */
export async function ensureCheck(db: PgDbOrTx, c: S.CheckInput): Promise<number> {
  const r = await db.execute<{ id: number }>(
    sql`WITH found AS (SELECT id FROM reconcile_checks WHERE run_id = ${c.runId}),
        made AS (
          INSERT INTO reconcile_checks (run_id, start_time, end_time, day, checked_at)
          SELECT ${c.runId}, ${c.startTime}, ${c.endTime}, ${c.day ?? null}, ${c.at}
          WHERE NOT EXISTS (SELECT 1 FROM found)
          ON CONFLICT (run_id) DO NOTHING RETURNING id)
        SELECT id FROM found UNION ALL SELECT id FROM made`,
  );
  if (r.rows[0]) return r.rows[0].id;
  const [again] = await db
    .select({ id: reconcileChecks.id })
    .from(reconcileChecks)
    .where(eq(reconcileChecks.runId, c.runId));
  return again!.id;
}

/** The batch's diffs in one multi-row insert and the check's counts, in one statement. */
export async function addCheckBatch(
  db: PgDbOrTx,
  checkId: number,
  p: { machines: number; diffs: S.DiffInput[]; at: number },
): Promise<void> {
  const d = p.diffs;
  await db.execute(
    sql`WITH added AS (
          INSERT INTO reconcile_diffs (check_id, asset_id, ours, theirs, amount_diff, count_diff)
          SELECT ${checkId}, v.asset_id, v.ours, v.theirs, v.amount_diff, v.count_diff
          FROM unnest(${list(d.map((x) => x.assetId))}::text[],
                      ${list(d.map((x) => JSON.stringify(x.ours)))}::text[],
                      ${list(d.map((x) => JSON.stringify(x.theirs)))}::text[],
                      ${list(d.map((x) => x.amountDiff))}::bigint[],
                      ${list(d.map((x) => x.countDiff))}::bigint[])
               WITH ORDINALITY AS v(asset_id, ours, theirs, amount_diff, count_diff, ord)
          ORDER BY v.ord
          ON CONFLICT (check_id, asset_id) DO NOTHING)
        UPDATE reconcile_checks SET machines = machines + ${p.machines},
          disagreeing = disagreeing + ${d.length}, checked_at = ${p.at}
        WHERE id = ${checkId}`,
  );
}

export async function hasCheckForDay(db: PgDbOrTx, day: string): Promise<boolean> {
  const r = await db.execute<{ found: boolean }>(
    sql`SELECT EXISTS (
          SELECT 1 FROM reconcile_checks c JOIN sync_runs r ON r.id = c.run_id
          WHERE c.day = ${day} AND r.state = 'succeeded') AS found`,
  );
  return r.rows[0]!.found;
}

/** One statement: each check's diffs (first 500 by machine) come as a JSON array with it. */
export function latestChecks(db: PgDbOrTx, limit: number): R<typeof S.latestChecks> {
  return db
    .select({
      id: reconcileChecks.id,
      runId: reconcileChecks.runId,
      startTime: reconcileChecks.startTime,
      endTime: reconcileChecks.endTime,
      day: reconcileChecks.day,
      machines: reconcileChecks.machines,
      disagreeing: reconcileChecks.disagreeing,
      checkedAt: reconcileChecks.checkedAt,
      diffs: sql<{ assetId: string; amountDiff: number; countDiff: number }[]>`(
        SELECT coalesce(json_agg(json_build_object('assetId', d.asset_id,
                 'amountDiff', d.amount_diff, 'countDiff', d.count_diff) ORDER BY d.asset_id), '[]')
        FROM (SELECT asset_id, amount_diff, count_diff FROM ${reconcileDiffs}
              WHERE check_id = ${reconcileChecks.id} ORDER BY asset_id LIMIT 500) d)`,
    })
    .from(reconcileChecks)
    .innerJoin(syncRuns, eq(syncRuns.id, reconcileChecks.runId))
    .where(eq(syncRuns.state, 'succeeded'))
    .orderBy(desc(reconcileChecks.id))
    .limit(limit);
}
