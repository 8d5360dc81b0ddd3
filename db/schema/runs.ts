import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { lines } from './org';
import { machines } from './machines';

/**
 * A refill run a planner built (issue 7): the machines one van visits. A machine in it is
 * served once a §8.1 settlement with a refillTime after `createdAt` arrives; that is read from
 * the settlements, never stored, so a late or redelivered settlement needs nothing here.
 */
export const refillRuns = sqliteTable(
  'refill_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The line it was planned from, when it was. */
    lineId: integer('line_id').references(() => lines.id),
    createdAt: integer('created_at').notNull(),
    /** Who built it: a user or an API token, and the label shown for them. */
    createdByKind: text('created_by_kind').$type<'user' | 'token'>().notNull(),
    createdById: integer('created_by_id').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('refill_runs_created_idx').on(t.createdAt)],
);

export const refillRunMachines = sqliteTable(
  'refill_run_machines',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => refillRuns.id, { onDelete: 'cascade' }),
    assetId: text('asset_id')
      .notNull()
      .references(() => machines.assetId),
    /** Visiting order within the run, from 0. */
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.assetId] }),
    index('refill_run_machines_asset_idx').on(t.assetId),
  ],
);
