import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { notificationChannels, type ChannelKind } from '@/db/schema/alerts';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/notification-channels';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type ChannelRow = typeof notificationChannels.$inferSelect;

/** A channel that has not been deleted. */
export async function getChannel(db: DbOrTx, id: number): Promise<ChannelRow | undefined> {
  if (isPg(db)) return onPg.getChannel(pgOf(db), id);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)))
    .get();
}

/** The channels in use, newest first. */
export async function listChannels(db: DbOrTx): Promise<ChannelRow[]> {
  if (isPg(db)) return onPg.listChannels(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select()
    .from(notificationChannels)
    .where(isNull(notificationChannels.deletedAt))
    .orderBy(desc(notificationChannels.id))
    .all();
}

export async function insertChannel(
  db: DbOrTx,
  c: {
    kind: ChannelKind;
    name: string;
    config: string;
    summary: string;
    createdAt: number;
    createdBy: string;
  },
): Promise<ChannelRow> {
  if (isPg(db)) return onPg.insertChannel(pgOf(db), c);
  while (held(db)) await ready(db);
  return db.insert(notificationChannels).values(c).returning().get();
}

/** Deleting keeps the row: deliveries and rules still name it. */
export async function softDeleteChannel(
  db: DbOrTx,
  id: number,
  at: number,
): Promise<ChannelRow | undefined> {
  if (isPg(db)) return onPg.softDeleteChannel(pgOf(db), id, at);
  while (held(db)) await ready(db);
  return db
    .update(notificationChannels)
    .set({ deletedAt: at })
    .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)))
    .returning()
    .get();
}

/**
 * A send's outcome on the channel: when it last worked or failed and, for deliveries (not
 * tests), the run of consecutive failures a "channel failing" alert watches.
 */
export async function recordChannelOutcome(
  db: DbOrTx,
  o: { id: number; ok: boolean; at: number; countsFailures: boolean },
) {
  if (isPg(db)) {
    await onPg.recordChannelOutcome(pgOf(db), o);
    return;
  }
  while (held(db)) await ready(db);
  const failures = !o.countsFailures
    ? notificationChannels.failures
    : o.ok
      ? sql`0`
      : sql`${notificationChannels.failures} + 1`;
  db.update(notificationChannels)
    .set(
      o.ok
        ? { lastOkAt: o.at, failures: sql`${failures}` }
        : { lastFailedAt: o.at, failures: sql`${failures}` },
    )
    .where(eq(notificationChannels.id, o.id))
    .run();
}
