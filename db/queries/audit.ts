import 'server-only';
import { held, ready } from '../transaction';
import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema/admin';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/audit';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAudit = typeof auditLog.$inferInsert;

export async function insertAudit(db: DbOrTx, row: NewAudit) {
  if (isPg(db)) {
    await onPg.insertAudit(pgOf(db), row);
    return;
  }
  while (held(db)) await ready(db);
  db.insert(auditLog).values(row).run();
}

export interface AuditFilter {
  /** Matches the actor's label (e-mail or token name), any part. */
  actor?: string;
  /** An action, or a prefix ending in `.` (e.g. `user.`). */
  action?: string;
  targetKind?: string;
  targetId?: string;
  from?: number;
  to?: number;
  before?: number;
  limit: number;
}

export async function listAudit(db: DbOrTx, f: AuditFilter): Promise<AuditRow[]> {
  if (isPg(db)) return onPg.listAudit(pgOf(db), f);
  while (held(db)) await ready(db);
  const where: (SQL | undefined)[] = [
    f.actor ? like(auditLog.actorLabel, `%${f.actor.replace(/[%_]/g, '')}%`) : undefined,
    f.action
      ? f.action.endsWith('.')
        ? like(auditLog.action, `${f.action.replace(/[%_]/g, '')}%`)
        : eq(auditLog.action, f.action)
      : undefined,
    f.targetKind ? eq(auditLog.targetKind, f.targetKind) : undefined,
    f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
    f.from !== undefined ? gte(auditLog.at, f.from) : undefined,
    f.to !== undefined ? lte(auditLog.at, f.to) : undefined,
    f.before !== undefined ? lt(auditLog.id, f.before) : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit)
    .all();
}

/** The distinct actions recorded, for the filter's choices. */
export async function auditActions(db: DbOrTx): Promise<string[]> {
  if (isPg(db)) return onPg.auditActions(pgOf(db));
  while (held(db)) await ready(db);
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.action)
    .all()
    .map((r) => r.action);
}
