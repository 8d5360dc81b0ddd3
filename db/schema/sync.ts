import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The pulls from the Smart Vending platform (issue 8), and the daily reconciliation. */
export const SYNC_JOBS = [
  'lines',
  'sites',
  'goods',
  'status',
  'trades',
  'refills',
  'sales',
  'reconcile',
] as const;
export type SyncJob = (typeof SYNC_JOBS)[number];
export type SyncState = 'queued' | 'running' | 'succeeded' | 'failed';
export type SyncTrigger = 'schedule' | 'ui' | 'api' | 'cli' | 'backfill';

/**
 * One run of a sync job. `position` is where it has got to (JSON: a page cursor, or the last
 * machine done), written in the same transaction as what it imported, so a run taken over after
 * a crash continues exactly where the last commit left it.
 */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').$type<SyncJob>().notNull(),
    /** JSON `{since?, until?, assetId?}`, fixed when the run is created. */
    params: text('params').notNull(),
    state: text('state').$type<SyncState>().notNull(),
    trigger: text('trigger').$type<SyncTrigger>().notNull(),
    requestedBy: text('requested_by'),
    position: text('position'),
    /** Items the platform said there are (for progress), when it said. */
    total: integer('total'),
    /** Items handled so far: imported, updated or already known. */
    done: integer('done').notNull().default(0),
    /** Rows new to us. */
    imported: integer('imported').notNull().default(0),
    /** Rows we had, brought up to date. */
    updated: integer('updated').notNull().default(0),
    /** JSON array of the errors met (the last 20), each `{at, message}`. */
    errors: text('errors').notNull().default('[]'),
    /** The process working on it (pid), while running. */
    owner: integer('owner'),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('sync_runs_job_idx').on(t.job, t.id), index('sync_runs_state_idx').on(t.state)],
);

/** §6.2: a machine's sales per shelf since its last refill, as the platform counts them. */
export const platformShelfSales = sqliteTable(
  'platform_shelf_sales',
  {
    assetId: text('asset_id').notNull(),
    cid: text('cid').notNull(),
    locationId: text('location_id').notNull(),
    goodsId: text('goods_id'),
    goodsNumber: text('goods_number'),
    goodsName: text('goods_name'),
    units: integer('units').notNull(),
    fetchedAt: integer('fetched_at').notNull(),
  },
  (t) => [uniqueIndex('platform_shelf_sales_uq').on(t.assetId, t.cid, t.locationId)],
);

/** A reconciliation of our §5.1 figures with the platform's for one window (the daily check). */
export const reconcileChecks = sqliteTable(
  'reconcile_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id').notNull(),
    startTime: integer('start_time').notNull(),
    endTime: integer('end_time').notNull(),
    /** The local day it covers (YYYY-MM-DD in the fleet's zone), for the daily check. */
    day: text('day'),
    machines: integer('machines').notNull().default(0),
    disagreeing: integer('disagreeing').notNull().default(0),
    checkedAt: integer('checked_at').notNull(),
  },
  (t) => [uniqueIndex('reconcile_checks_run_uq').on(t.runId), index('reconcile_day_idx').on(t.day)],
);

/** A machine whose figures disagree in a check: both sides, §5.1-shaped (JSON). */
export const reconcileDiffs = sqliteTable(
  'reconcile_diffs',
  {
    checkId: integer('check_id')
      .notNull()
      .references(() => reconcileChecks.id, { onDelete: 'cascade' }),
    assetId: text('asset_id').notNull(),
    ours: text('ours').notNull(),
    theirs: text('theirs').notNull(),
    /** theirs − ours, fen and units, over everything (game prizes apart). */
    amountDiff: integer('amount_diff').notNull(),
    countDiff: integer('count_diff').notNull(),
  },
  (t) => [uniqueIndex('reconcile_diffs_uq').on(t.checkId, t.assetId)],
);
