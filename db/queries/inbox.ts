import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, gt, isNotNull, lt, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { inbox, type InboxKind, type InboxStatus } from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/inbox';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type InboxRow = typeof inbox.$inferSelect;

export async function getInbox(db: DbOrTx, id: number): Promise<InboxRow | undefined> {
  if (isPg(db)) return onPg.getInbox(pgOf(db), id);
  while (held(db)) await ready(db);
  return db.select().from(inbox).where(eq(inbox.id, id)).get();
}

export async function listInbox(
  db: DbOrTx,
  p: { status?: InboxStatus; kind?: InboxKind; limit: number; before?: number },
) {
  if (isPg(db)) return onPg.listInbox(pgOf(db), p);
  while (held(db)) await ready(db);
  const rows = db
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
    .limit(p.limit + 1)
    .all();
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  return { items, nextCursor: more ? String(items[items.length - 1]!.id) : null };
}

/** Ids of verified messages whose projection failed, oldest first. */
export async function failedInboxIds(db: DbOrTx): Promise<number[]> {
  if (isPg(db)) return onPg.failedInboxIds(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .select({ id: inbox.id })
    .from(inbox)
    .where(eq(inbox.status, 'failed'))
    .orderBy(inbox.id)
    .all()
    .map((r) => r.id);
}

export type InboxInsert = typeof inbox.$inferInsert;

/**
 * Keeps a message; undefined when a verified message with the same (clientId, nonce) is already
 * there (a redelivery or a replay: compare the bodies).
 */
export async function insertInboxMessage(
  db: DbOrTx,
  row: InboxInsert,
): Promise<{ id: number } | undefined> {
  if (isPg(db)) return onPg.insertInboxMessage(pgOf(db), row);
  while (held(db)) await ready(db);
  return db
    .insert(inbox)
    .values(row)
    .onConflictDoNothing({ target: [inbox.clientId, inbox.nonce] })
    .returning({ id: inbox.id })
    .get();
}

export async function findInboxByNonce(db: DbOrTx, p: { clientId: string; nonce: string }) {
  if (isPg(db)) return onPg.findInboxByNonce(pgOf(db), p);
  while (held(db)) await ready(db);
  return db
    .select()
    .from(inbox)
    .where(and(eq(inbox.clientId, p.clientId), eq(inbox.nonce, p.nonce)))
    .get();
}

/** Records how a message was answered. */
export async function settleInbox(
  db: DbOrTx,
  p: { id: number; status: InboxStatus; error: string | null; reply: string; processedAt: number },
): Promise<void> {
  if (isPg(db)) {
    await onPg.settleInbox(pgOf(db), p);
    return;
  }
  while (held(db)) await ready(db);
  db.update(inbox)
    .set({ status: p.status, error: p.error, reply: p.reply, processedAt: p.processedAt })
    .where(eq(inbox.id, p.id))
    .run();
}

/** How many messages are in each status (answered from the status index). */
export async function inboxStatusCounts(db: DbOrTx): Promise<Record<string, number>> {
  if (isPg(db)) return onPg.inboxStatusCounts(pgOf(db));
  while (held(db)) await ready(db);
  const rows = db
    .select({ status: inbox.status, n: sql<number>`count(*)` })
    .from(inbox)
    .groupBy(inbox.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** How far back (in messages of any client) a client's latest signing forms are looked for. */
export const SIGN_FORMS_LOOKBACK = 20_000;

/**
 * How a client's latest verified messages were signed, newest first (at most `limit`), among
 * the inbox's last SIGN_FORMS_LOOKBACK messages: a backward walk of the primary key, bounded,
 * rather than an index every push would have to keep up for a page an admin opens now and then.
 */
export async function recentSignForms(db: DbOrTx, p: { clientId: string; limit: number }) {
  if (isPg(db)) return onPg.recentSignForms(pgOf(db), p);
  while (held(db)) await ready(db);
  const newest =
    db
      .select({ id: max(inbox.id) })
      .from(inbox)
      .get()?.id ?? 0;
  return db
    .select({
      signForm: inbox.signForm,
      signCanonical: inbox.signCanonical,
      receivedAt: inbox.receivedAt,
    })
    .from(inbox)
    .where(
      and(
        gt(inbox.id, newest - SIGN_FORMS_LOOKBACK),
        // `+`: not by the (client, nonce) index, which would read every message of the client.
        sql`+${inbox.clientId} = ${p.clientId}`,
        isNotNull(inbox.signForm),
      ),
    )
    .orderBy(desc(inbox.id))
    .limit(p.limit)
    .all();
}
