// PostgreSQL's twin of db/schema/pickup.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, index } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { PickupCodeState, PickupCheckOutcome } from '../../../schema';

export const pickupCodes = pgTable(
  'pickup_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    code: textC('code').notNull().unique(),
    assetId: textC('asset_id'),
    goodsNumber: textC('goods_number'),
    fee: bigint('fee', { mode: 'number' }).notNull().default(0),
    startTime: bigint('start_time', { mode: 'number' }).notNull(),
    endTime: bigint('end_time', { mode: 'number' }).notNull(),
    status: textC('status').$type<PickupCodeState>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    createdBy: textC('created_by'),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    lastCheckAt: bigint('last_check_at', { mode: 'number' }),
    lastCheckAssetId: textC('last_check_asset_id'),
    usedAt: bigint('used_at', { mode: 'number' }),
    usedAssetId: textC('used_asset_id'),
    usedInboxId: bigint('used_inbox_id', { mode: 'number' }),
  },
  (t) => [
    index('pickup_codes_status_idx').on(t.status, t.id),
    index('pickup_codes_asset_idx').on(t.assetId, t.id),
  ],
);

export const pickupCheckFailures = pgTable(
  'pickup_check_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    assetId: textC('asset_id').notNull(),
    code: textC('code').notNull(),
    outcome: textC('outcome').$type<PickupCheckOutcome>().notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    inboxId: bigint('inbox_id', { mode: 'number' }),
  },
  (t) => [
    index('pickup_check_failures_asset_idx').on(t.assetId, t.outcome, t.at),
    index('pickup_check_failures_at_idx').on(t.at),
  ],
);
