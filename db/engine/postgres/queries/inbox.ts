import 'server-only';
import { and, asc, desc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { inbox } from '@/db/engine/postgres/schema';
import { SIGN_FORMS_LOOKBACK, type InboxInsert, type InboxRow } from '@/db/queries/inbox';
import type { InboxKind, InboxStatus } from '@/db/schema';

/** PostgreSQL's form of db/queries/inbox.ts. */

export async function getInbox(db: PgDbOrTx, id: number): Promise<InboxRow | undefined> {
  const [row] = await db.select().from(inbox).where(eq(inbox.id, id));
  return row;
}

export async function listInbox(
  db: PgDbOrTx,
  p: { status?: InboxStatus; kind?: InboxKind; limit: number; before?: number },
) {
  const rows = await db
    .select({
      id: inbox.id,
      kind: inbox.kind,
      clientId: inbox.clientId,
      nonce: inbox.nonce,
      receivedAt: inbox.receivedAt,
      verification: inbox.verification,
      status: inbox.status,
      processedAt: inbox.processedAt,
      error: inbox.error,
      attempts: inbox.attempts,
      signForm: inbox.signForm,
      signCanonical: inbox.signCanonical,
    })
    .from(inbox)
    .where(
      and(
        p.status ? eq(inbox.status, p.status) : undefined,
        p.kind ? eq(inbox.kind, p.kind) : undefined,
        p.before !== undefined ? lt(inbox.id, p.before) : undefined,
      ),
    )
    .orderBy(desc(inbox.id))
    .limit(p.limit + 1);
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  return { items, nextCursor: more ? String(items[items.length - 1]!.id) : null };
}

/** Ids of verified messages whose projection failed, oldest first. */
export async function failedInboxIds(db: PgDbOrTx): Promise<number[]> {
  const rows = await db
    .select({ id: inbox.id })
    .from(inbox)
    .where(eq(inbox.status, 'failed'))
    .orderBy(asc(inbox.id));
  return rows.map((r) => r.id);
}

/**
 * Keeps a message; undefined when a message with the same (clientId, nonce) is already there.
 * Exactly once across processes: the unique index arbitrates inside the one statement (no
 * read-then-insert race); a message with a null nonce never conflicts, as on SQLite.
 */
export async function insertInboxMessage(
  db: PgDbOrTx,
  row: InboxInsert,
): Promise<{ id: number } | undefined> {
  const [r] = await db
    .insert(inbox)
    .values(row)
    .onConflictDoNothing({ target: [inbox.clientId, inbox.nonce] })
    .returning({ id: inbox.id });
  return r;
}

export async function findInboxByNonce(
  db: PgDbOrTx,
  p: { clientId: string; nonce: string },
): Promise<InboxRow | undefined> {
  const [row] = await db
    .select()
    .from(inbox)
    .where(and(eq(inbox.clientId, p.clientId), eq(inbox.nonce, p.nonce)));
  return row;
}

/** Records how a message was answered. */
export async function settleInbox(
  db: PgDbOrTx,
  p: { id: number; status: InboxStatus; error: string | null; reply: string; processedAt: number },
): Promise<void> {
  await db
    .update(inbox)
    .set({ status: p.status, error: p.error, reply: p.reply, processedAt: p.processedAt })
    .where(eq(inbox.id, p.id));
}

/** How many messages are in each status (an index-only scan of inbox_status_idx). */
export async function inboxStatusCounts(db: PgDbOrTx): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: inbox.status, n: sql<number>`count(*)::int` })
    .from(inbox)
    .groupBy(inbox.status)
    .orderBy(inbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * How a client's latest verified messages were signed, newest first (at most `limit`), among
 * the inbox's last SIGN_FORMS_LOOKBACK messages: a backward walk of the primary key from the
 * newest id (one statement: the newest id is an InitPlan), bounded.
 */
export async function recentSignForms(db: PgDbOrTx, p: { clientId: string; limit: number }) {
  return db
    .select({
      signForm: inbox.signForm,
      signCanonical: inbox.signCanonical,
      receivedAt: inbox.receivedAt,
    })
    .from(inbox)
    .where(
      and(
        sql`${inbox.id} > (select coalesce(max(id), 0) from inbox) - ${SIGN_FORMS_LOOKBACK}`,
        // Not by the (client, nonce) index, which would read every message of the client: the
        // planner cannot tell how few ids the bound leaves, so the expression keeps it off.
        sql`(${inbox.clientId} || '') = ${p.clientId}`,
        isNotNull(inbox.signForm),
      ),
    )
    .orderBy(desc(inbox.id))
    .limit(p.limit);
}
