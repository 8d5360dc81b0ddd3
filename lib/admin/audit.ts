import 'server-only';
import type { DbOrTx } from '@/db/client';
import { insertAudit } from '@/db/queries/audit';
import type { Caller } from '@/lib/edge/caller';

/**
 * Every action the log records. A closed list: the audit page has a sentence for each
 * (app/(app)/admin/audit/sentence.tsx, checked by the compiler).
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.create',
  'user.update',
  'user.password_reset',
  'token.create',
  'token.revoke',
  'settings.credential_create',
  'settings.credential_update',
  'settings.credential_delete',
  'settings.credential_test',
  'settings.credential_sign_form',
  'settings.client_door_open',
  'settings.thresholds',
  'settings.mapTiles',
  'cabinet.register',
  'cabinet.open_door',
  'cabinet.payment',
  'cabinet.confirm_restock',
  'cabinet.settle',
  'cabinet.cancel',
  'cabinet.refund',
  'inbox.replay',
  'pickup.issue',
  'pickup.revoke',
  'pickup.platform_create',
  'refill.review',
  'run.create',
  'sync.request',
  'alert.ack',
  'alert.resolve',
  'alert.snooze',
  'alert.assign',
  'notification.channel_create',
  'notification.channel_delete',
  'notification.channel_test',
  'notification.rule_create',
  'notification.rule_delete',
  'report_schedule.create',
  'report_schedule.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  targetKind?: string;
  targetId?: string | number;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /password|secret|key|token/i;

/** A copy with secret-looking members masked: the audit log never holds a secret. */
export function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEYS.test(k) && v !== null && v !== undefined ? '••••' : masked(v),
      ]),
    );
  }
  return value;
}

/**
 * Records a change, in the same transaction as the change itself when the caller passes its
 * transaction: an audited change and its record commit or roll back together.
 */
export async function audit(db: DbOrTx, caller: Caller | 'system', e: AuditEntry, at = now()) {
  const p = caller === 'system' ? null : caller.principal;
  await insertAudit(db, {
    at,
    actorKind: p ? p.kind : 'system',
    actorId: p?.id ?? null,
    actorLabel: p?.label ?? (caller === 'system' ? 'system' : 'anonymous'),
    action: e.action,
    targetKind: e.targetKind ?? null,
    targetId: e.targetId === undefined ? null : String(e.targetId),
    before: e.before === undefined ? null : JSON.stringify(masked(e.before)),
    after: e.after === undefined ? null : JSON.stringify(masked(e.after)),
    ip: caller === 'system' ? null : caller.ip,
  });
}

function now() {
  return Math.floor(Date.now() / 1000);
}
