// PostgreSQL's twin of db/schema/sync.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { SyncJob, SyncState, SyncTrigger } from '../../../schema';

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    job: textC('job').$type<SyncJob>().notNull(),
    params: textC('params').notNull(),
    state: textC('state').$type<SyncState>().notNull(),
    trigger: textC('trigger').$type<SyncTrigger>().notNull(),
    requestedBy: textC('requested_by'),
    position: textC('position'),
    total: bigint('total', { mode: 'number' }),
    done: integer('done').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    errors: textC('errors').notNull().default('[]'),
    owner: integer('owner'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    startedAt: bigint('started_at', { mode: 'number' }),
    finishedAt: bigint('finished_at', { mode: 'number' }),
  },
  (t) => [index('sync_runs_job_idx').on(t.job, t.id), index('sync_runs_state_idx').on(t.state)],
);

export const platformShelfSales = pgTable(
  'platform_shelf_sales',
  {
    assetId: textC('asset_id').notNull(),
    cid: textC('cid').notNull(),
    locationId: textC('location_id').notNull(),
    goodsId: textC('goods_id'),
    goodsNumber: textC('goods_number'),
    goodsName: textC('goods_name'),
    units: bigint('units', { mode: 'number' }).notNull(),
    fetchedAt: bigint('fetched_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('platform_shelf_sales_uq').on(t.assetId, t.cid, t.locationId)],
);

export const reconcileChecks = pgTable(
  'reconcile_checks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    startTime: bigint('start_time', { mode: 'number' }).notNull(),
    endTime: bigint('end_time', { mode: 'number' }).notNull(),
    day: textC('day'),
    machines: integer('machines').notNull().default(0),
    disagreeing: integer('disagreeing').notNull().default(0),
    checkedAt: bigint('checked_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('reconcile_checks_run_uq').on(t.runId), index('reconcile_day_idx').on(t.day)],
);

export const reconcileDiffs = pgTable(
  'reconcile_diffs',
  {
    checkId: bigint('check_id', { mode: 'number' })
      .notNull()
      .references(() => reconcileChecks.id, { onDelete: 'cascade' }),
    assetId: textC('asset_id').notNull(),
    ours: textC('ours').notNull(),
    theirs: textC('theirs').notNull(),
    amountDiff: bigint('amount_diff', { mode: 'number' }).notNull(),
    countDiff: bigint('count_diff', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('reconcile_diffs_uq').on(t.checkId, t.assetId)],
);
