// PostgreSQL's twin of db/schema/inbox.ts (documented there); types by docs/decisions.md D99.
import { pgTable, bigint, integer, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { textC } from './columns';
import type { InboxKind, Verification, InboxStatus, InboxSignForm } from '../../../schema';

export const inbox = pgTable(
  'inbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: textC('kind').$type<InboxKind>().notNull(),
    clientId: textC('client_id'),
    nonce: textC('nonce'),
    // The raw signed body, byte for byte (a replay verifies it again): text, never jsonb.
    body: textC('body').notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    verification: textC('verification').$type<Verification>().notNull(),
    status: textC('status').$type<InboxStatus>().notNull(),
    processedAt: bigint('processed_at', { mode: 'number' }),
    error: textC('error'),
    attempts: integer('attempts').notNull().default(0),
    reply: textC('reply'),
    signForm: textC('sign_form').$type<InboxSignForm>(),
    signCanonical: boolean('sign_canonical'),
  },
  (t) => [
    uniqueIndex('inbox_client_nonce_uq').on(t.clientId, t.nonce),
    index('inbox_status_idx').on(t.status, t.id),
  ],
);
