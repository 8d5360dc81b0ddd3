import 'server-only';
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import { auditLog } from '@/db/engine/postgres/schema';
import type { AuditFilter, AuditRow, NewAudit } from '@/db/queries/audit';

// PostgreSQL's forms of db/queries/audit.ts (documented there).

export async function insertAudit(db: PgDbOrTx, row: NewAudit): Promise<void> {
  await db.insert(auditLog).values(row);
}

/**
 * SQLite's LIKE ignores the case of ASCII letters and has no escape character: ILIKE under the
 * column's "C" collation folds ASCII only, and `escape ''` keeps a backslash a plain character.
 * The action prefix is matched case-sensitively (actions are lower-case codes), so
 * audit_action_idx serves it as a range.
 */
export async function listAudit(db: PgDbOrTx, f: AuditFilter): Promise<AuditRow[]> {
  const where: (SQL | undefined)[] = [
    f.actor
      ? sql`${auditLog.actorLabel} ilike ${`%${f.actor.replace(/[%_]/g, '')}%`} escape ''`
      : undefined,
    f.action
      ? f.action.endsWith('.')
        ? sql`${auditLog.action} like ${`${f.action.replace(/[%_]/g, '')}%`} escape ''`
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
    .limit(f.limit);
}

export async function auditActions(db: PgDbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
