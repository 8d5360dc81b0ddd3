import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/** Stored state of a pickup code; `expired` is not stored, it is `unused` past `endTime`. */
export type PickupCodeState = 'unused' | 'used' | 'revoked';

/** Pickup codes we issue and the platform checks and uses (seed 000 §7, issue 8). */
export const pickupCodes = sqliteTable(
  'pickup_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 7 digits, unique over all time: a used or expired code is never issued again. */
    code: text('code').notNull().unique(),
    /** When set, only this machine may use the code. */
    assetId: text('asset_id'),
    /** When set, the code is for this goods number only (§7.1 goodsNum, §10 productCode). */
    goodsNumber: text('goods_number'),
    /** fen */
    fee: integer('fee').notNull().default(0),
    /** Valid from startTime to endTime inclusive, epoch seconds. */
    startTime: integer('start_time').notNull(),
    endTime: integer('end_time').notNull(),
    status: text('status').$type<PickupCodeState>().notNull(),
    createdAt: integer('created_at').notNull(),
    /** The user who created it, once there are users. */
    createdBy: text('created_by'),
    revokedAt: integer('revoked_at'),
    /** The last check that found the code usable: a use may follow it shortly after endTime. */
    lastCheckAt: integer('last_check_at'),
    lastCheckAssetId: text('last_check_asset_id'),
    usedAt: integer('used_at'),
    usedAssetId: text('used_asset_id'),
    /** The inbox message of the use that consumed the code (its nonce and body are there). */
    usedInboxId: integer('used_inbox_id'),
  },
  (t) => [
    index('pickup_codes_status_idx').on(t.status, t.id),
    index('pickup_codes_asset_idx').on(t.assetId, t.id),
  ],
);

/** A check answered without a usable code for the asking machine, or refused by the throttle. */
export type PickupCheckOutcome = 'wrong_code' | 'throttled';

/**
 * Failed and throttled pickup-code checks per machine: the throttle counts the wrong ones, and the
 * overview's alert (on every refresh) and the pickup page list the machines throttled lately.
 */
export const pickupCheckFailures = sqliteTable(
  'pickup_check_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: text('asset_id').notNull(),
    /** The code entered (for wrong_code and throttled both). */
    code: text('code').notNull(),
    outcome: text('outcome').$type<PickupCheckOutcome>().notNull(),
    at: integer('at').notNull(),
    inboxId: integer('inbox_id'),
  },
  (t) => [
    index('pickup_check_failures_asset_idx').on(t.assetId, t.outcome, t.at),
    // "Since when" for the lists: a range, not a scan of every wrong code ever entered.
    index('pickup_check_failures_at_idx').on(t.at),
  ],
);
