import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The four pushes (§2.1, §3.1, §4.1, §8.1), projected into the fleet's state. */
export type PushKind = 'device' | 'trade' | 'status' | 'refill';
/** Pushes, and the pickup-code requests the platform makes of us (§7.1 check, §7.2 use). */
export type InboxKind = PushKind | 'pickup_check' | 'pickup_use';
/**
 * ok, or why the message was refused before it could be trusted: its bytes are not UTF-8
 * (bad_encoding, the body kept with U+FFFD), its JSON nests too deep or too wide
 * (too_complex, refused before it was parsed), it is not JSON, its client or signature is
 * wrong, or its nonce was used by another body.
 */
export type Verification =
  'ok' | 'bad_encoding' | 'too_complex' | 'bad_json' | 'client_unknown' | 'sign_invalid' | 'replay';
/**
 * processed: projected; failed: verified but projection threw (replayable);
 * rejected: verified but its shape is invalid; unverified: refused (see verification).
 */
export type InboxStatus = 'pending' | 'processed' | 'failed' | 'rejected' | 'unverified';
/** How a verified message was signed (lib/platforms/signing's SignForm; docs/decisions.md D70). */
export type InboxSignForm = 'bare-lower' | 'bare-upper' | 'amp-lower' | 'amp-upper';

export const inbox = sqliteTable(
  'inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').$type<InboxKind>().notNull(),
    clientId: text('client_id'),
    /** nonce_str of a verified message; null on refused ones. */
    nonce: text('nonce'),
    body: text('body').notNull(),
    receivedAt: integer('received_at').notNull(),
    verification: text('verification').$type<Verification>().notNull(),
    status: text('status').$type<InboxStatus>().notNull(),
    processedAt: integer('processed_at'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * The answer given, `{status, body}` as JSON, where a redelivery must get the same one
     * (pickup-code requests); null for pushes, whose answer follows from status.
     */
    reply: text('reply'),
    /** The form its signature matched (verified messages; null before D70 and on refused ones). */
    signForm: text('sign_form').$type<InboxSignForm>(),
    /** Its signature was over the canonical re-serialisation, not the members' raw text. */
    signCanonical: integer('sign_canonical', { mode: 'boolean' }),
  },
  (t) => [
    // Only verified messages keep their nonce here (a refused one's is in its body), so a
    // nonce is unique per client among the messages we trust.
    uniqueIndex('inbox_client_nonce_uq').on(t.clientId, t.nonce),
    index('inbox_status_idx').on(t.status, t.id),
  ],
);
