import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import {
  reconcileChecks,
  reconcileDiffs,
  syncRuns,
  type SyncJob,
  type SyncState,
  type SyncTrigger,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/sync';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface SyncParams {
  since?: number;
  until?: number;
  assetId?: string;
}

/**
 * One of a run's errors. `message` is English developer text (the API, the command line);
 * `platform`, when the platform's answer was the cause, is the same as data, so that /sync can
 * say it in the reader's language with the platform's own words (D72).
 */
export interface SyncError {
  at: number;
  message: string;
  platform?: {
    endpoint: string;
    kind: string;
    status: number | null;
    detail: string;
    /** The machine a per-machine job was visiting. */
    assetId?: string;
  };
  /** The run went back in the queue because the app process running it stopped (D101). */
  resumed?: true;
}

export type SyncRunRow = typeof syncRuns.$inferSelect;

export async function insertRun(
  db: DbOrTx,
  r: { job: SyncJob; params: SyncParams; trigger: SyncTrigger; requestedBy?: string; at: number },
): Promise<number> {
  if (isPg(db)) return onPg.insertRun(pgOf(db), r);
  while (held(db)) await ready(db);
  return db
    .insert(syncRuns)
    .values({
      job: r.job,
      params: JSON.stringify(r.params),
      state: 'queued',
      trigger: r.trigger,
      requestedBy: r.requestedBy ?? null,
      createdAt: r.at,
    })
    .returning({ id: syncRuns.id })
    .get().id;
}

export async function getRun(db: DbOrTx, id: number): Promise<SyncRunRow | undefined> {
  if (isPg(db)) return onPg.getRun(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(syncRuns).where(eq(syncRuns.id, id)).get();
}

export async function listRuns(db: DbOrTx, p: { job?: SyncJob; limit: number; before?: number }) {
  if (isPg(db)) return onPg.listRuns(pgOf(db), p);
  while (held(db)) await ready(db);
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
    .limit(p.limit)
    .all();
}

/** Runs waiting or under way, oldest first. */
export async function openRuns(db: DbOrTx, states: SyncState[] = ['queued', 'running']) {
  if (isPg(db)) return onPg.openRuns(pgOf(db), states);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(syncRuns)
    .where(inArray(syncRuns.state, states))
    .orderBy(syncRuns.id)
    .all();
}

/**
 * Takes a queued run for this process; false when someone else took it first, or a run of the
 * same job is running (in any process: never two of one job at once, D101).
 */
export async function claimRun(
  db: DbOrTx,
  id: number,
  owner: number,
  at: number,
): Promise<boolean> {
  if (isPg(db)) return onPg.claimRun(pgOf(db), id, owner, at);
  while (held(db)) await ready(db);
  const r = db
    .update(syncRuns)
    .set({ state: 'running', owner, startedAt: sql`coalesce(${syncRuns.startedAt}, ${at})` })
    .where(
      and(
        eq(syncRuns.id, id),
        eq(syncRuns.state, 'queued'),
        sql`NOT EXISTS (SELECT 1 FROM sync_runs other
          WHERE other.job = ${syncRuns.job} AND other.state = 'running')`,
      ),
    )
    .run();
  return r.changes === 1;
}

/** Records a page: where the run now stands and what it did, in the page's transaction. */
export async function advanceRun(
  db: DbOrTx,
  id: number,
  p: { position: unknown; total?: number; done: number; imported: number; updated: number },
) {
  if (isPg(db)) {
    await onPg.advanceRun(pgOf(db), id, p);
    return;
  }
  while (held(db)) await ready(db);
  db.update(syncRuns)
    .set({
      position: JSON.stringify(p.position),
      ...(p.total !== undefined && { total: p.total }),
      done: sql`${syncRuns.done} + ${p.done}`,
      imported: sql`${syncRuns.imported} + ${p.imported}`,
      updated: sql`${syncRuns.updated} + ${p.updated}`,
    })
    .where(eq(syncRuns.id, id))
    .run();
}

export async function setRunTotal(db: DbOrTx, id: number, total: number) {
  if (isPg(db)) {
    await onPg.setRunTotal(pgOf(db), id, total);
    return;
  }
  while (held(db)) await ready(db);
  db.update(syncRuns).set({ total }).where(eq(syncRuns.id, id)).run();
}

export async function addRunError(db: DbOrTx, id: number, e: SyncError) {
  if (isPg(db)) {
    await onPg.addRunError(pgOf(db), id, e);
    return;
  }
  while (held(db)) await ready(db);
  const run = await getRun(db, id);
  if (!run) return;
  const errors = [...(JSON.parse(run.errors) as SyncError[]), e].slice(-20);
  db.update(syncRuns)
    .set({ errors: JSON.stringify(errors) })
    .where(eq(syncRuns.id, id))
    .run();
}

export async function finishRun(db: DbOrTx, id: number, state: SyncState, at: number) {
  if (isPg(db)) {
    await onPg.finishRun(pgOf(db), id, state, at);
    return;
  }
  while (held(db)) await ready(db);
  db.update(syncRuns)
    .set({
      state,
      owner: null,
      finishedAt: state === 'queued' ? null : at,
    })
    .where(eq(syncRuns.id, id))
    .run();
}

/** The latest run of a job that succeeded (the scheduler continues from its window). */
export async function lastSucceeded(db: DbOrTx, job: SyncJob, trigger?: SyncTrigger) {
  if (isPg(db)) return onPg.lastSucceeded(pgOf(db), job, trigger);
  while (held(db)) await ready(db);
  return db
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
    .limit(1)
    .get();
}

export async function lastRunOf(db: DbOrTx, job: SyncJob, trigger?: SyncTrigger) {
  if (isPg(db)) return onPg.lastRunOf(pgOf(db), job, trigger);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.job, job), trigger ? eq(syncRuns.trigger, trigger) : undefined))
    .orderBy(desc(syncRuns.id))
    .limit(1)
    .get();
}

// Reconciliation

export interface CheckInput {
  runId: number;
  startTime: number;
  endTime: number;
  day?: string;
  at: number;
}

/** The check a reconcile run writes into; made once, its counts grow with each batch. */
export async function ensureCheck(db: DbOrTx, c: CheckInput): Promise<number> {
  if (isPg(db)) return onPg.ensureCheck(pgOf(db), c);
  while (held(db)) await ready(db);
  const found = db
    .select({ id: reconcileChecks.id })
    .from(reconcileChecks)
    .where(eq(reconcileChecks.runId, c.runId))
    .get();
  if (found) return found.id;
  return db
    .insert(reconcileChecks)
    .values({
      runId: c.runId,
      startTime: c.startTime,
      endTime: c.endTime,
      day: c.day ?? null,
      checkedAt: c.at,
    })
    .returning({ id: reconcileChecks.id })
    .get().id;
}

export interface DiffInput {
  assetId: string;
  ours: Record<string, number>;
  theirs: Record<string, number>;
  amountDiff: number;
  countDiff: number;
}

export async function addCheckBatch(
  db: DbOrTx,
  checkId: number,
  p: { machines: number; diffs: DiffInput[]; at: number },
) {
  if (isPg(db)) {
    await onPg.addCheckBatch(pgOf(db), checkId, p);
    return;
  }
  while (held(db)) await ready(db);
  for (const d of p.diffs) {
    db.insert(reconcileDiffs)
      .values({
        checkId,
        assetId: d.assetId,
        ours: JSON.stringify(d.ours),
        theirs: JSON.stringify(d.theirs),
        amountDiff: d.amountDiff,
        countDiff: d.countDiff,
      })
      .onConflictDoNothing()
      .run();
  }
  db.update(reconcileChecks)
    .set({
      machines: sql`${reconcileChecks.machines} + ${p.machines}`,
      disagreeing: sql`${reconcileChecks.disagreeing} + ${p.diffs.length}`,
      checkedAt: p.at,
    })
    .where(eq(reconcileChecks.id, checkId))
    .run();
}

export async function hasCheckForDay(db: DbOrTx, day: string) {
  if (isPg(db)) return onPg.hasCheckForDay(pgOf(db), day);
  while (held(db)) await ready(db);
  return (
    db
      .select({ id: reconcileChecks.id })
      .from(reconcileChecks)
      .innerJoin(syncRuns, eq(syncRuns.id, reconcileChecks.runId))
      .where(and(eq(reconcileChecks.day, day), eq(syncRuns.state, 'succeeded')))
      .get() !== undefined
  );
}

/** The latest completed checks, newest first, each with its disagreeing machines. */
export async function latestChecks(db: DbOrTx, limit: number) {
  if (isPg(db)) return onPg.latestChecks(pgOf(db), limit);
  while (held(db)) await ready(db);
  const checks = db
    .select({
      id: reconcileChecks.id,
      runId: reconcileChecks.runId,
      startTime: reconcileChecks.startTime,
      endTime: reconcileChecks.endTime,
      day: reconcileChecks.day,
      machines: reconcileChecks.machines,
      disagreeing: reconcileChecks.disagreeing,
      checkedAt: reconcileChecks.checkedAt,
    })
    .from(reconcileChecks)
    .innerJoin(syncRuns, eq(syncRuns.id, reconcileChecks.runId))
    .where(eq(syncRuns.state, 'succeeded'))
    .orderBy(desc(reconcileChecks.id))
    .limit(limit)
    .all();
  return checks.map((c) => ({
    ...c,
    diffs: db
      .select({
        assetId: reconcileDiffs.assetId,
        amountDiff: reconcileDiffs.amountDiff,
        countDiff: reconcileDiffs.countDiff,
      })
      .from(reconcileDiffs)
      .where(eq(reconcileDiffs.checkId, c.id))
      .orderBy(reconcileDiffs.assetId)
      .limit(500)
      .all(),
  }));
}
