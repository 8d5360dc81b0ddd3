import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { notificationChannels } from '@/db/engine/postgres/schema';
import type { ChannelRow } from '@/db/queries/notification-channels';
import type { ChannelKind } from '@/db/schema/alerts';

// PostgreSQL's forms of db/queries/notification-channels.ts (documented there).

export async function getChannel(db: PgDbOrTx, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)));
  return row;
}

export async function listChannels(db: PgDbOrTx): Promise<ChannelRow[]> {
  return db
    .select()
    .from(notificationChannels)
    .where(isNull(notificationChannels.deletedAt))
    .orderBy(desc(notificationChannels.id));
}

export async function insertChannel(
  db: PgDbOrTx,
  c: {
    kind: ChannelKind;
    name: string;
    config: string;
    summary: string;
    createdAt: number;
    createdBy: string;
  },
): Promise<ChannelRow> {
  const [row] = await db.insert(notificationChannels).values(c).returning();
  return row!;
}

export async function softDeleteChannel(
  db: PgDbOrTx,
  id: number,
  at: number,
): Promise<ChannelRow | undefined> {
  const [row] = await db
    .update(notificationChannels)
    .set({ deletedAt: at })
    .where(and(eq(notificationChannels.id, id), isNull(notificationChannels.deletedAt)))
    .returning();
  return row;
}

/**
 * The run of failures is counted in the statement (`failures + 1` on the row as locked), so two
 * processes sending on one channel at once both count, as SQLite's serialised writers did.
 */
export async function recordChannelOutcome(
  db: PgDbOrTx,
  o: { id: number; ok: boolean; at: number; countsFailures: boolean },
): Promise<void> {
  const failures = !o.countsFailures
    ? sql`${notificationChannels.failures}`
    : o.ok
      ? sql`0`
      : sql`${notificationChannels.failures} + 1`;
  await db
    .update(notificationChannels)
    .set(o.ok ? { lastOkAt: o.at, failures } : { lastFailedAt: o.at, failures })
    .where(eq(notificationChannels.id, o.id));
}
