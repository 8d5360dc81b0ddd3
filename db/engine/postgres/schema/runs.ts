// PostgreSQL's twin of db/schema/runs.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, integer, index, primaryKey } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import { lines } from './org';
import { machines } from './machines';

export const refillRuns = pgTable(
  'refill_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    lineId: bigint('line_id', { mode: 'number' }).references(() => lines.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    createdByKind: textC('created_by_kind').$type<'user' | 'token'>().notNull(),
    createdById: bigint('created_by_id', { mode: 'number' }).notNull(),
    createdBy: textC('created_by').notNull(),
  },
  (t) => [index('refill_runs_created_idx').on(t.createdAt)],
);

export const refillRunMachines = pgTable(
  'refill_run_machines',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => refillRuns.id, { onDelete: 'cascade' }),
    assetId: textC('asset_id')
      .notNull()
      .references(() => machines.assetId),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.assetId] }),
    index('refill_run_machines_asset_idx').on(t.assetId),
  ],
);
