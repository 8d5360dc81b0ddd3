'use client';

import { useTranslations } from 'use-intl';
import type { AuditItem, AuditPage } from '@/lib/admin/queries';

type Person = AuditPage['people'][number];
type Fields = Record<string, unknown> | null;

const SENTENCES = new Set([
  'auth_login',
  'auth_login_failed',
  'auth_logout',
  'user_create',
  'user_password_reset',
  'token_create',
  'token_revoke',
  'settings_credential_create',
  'settings_credential_update',
  'settings_credential_delete',
  'settings_credential_test',
  'settings_credential_sign_form',
  'settings_client_door_open',
  'settings_thresholds',
  'settings_mapTiles',
  'cabinet_register',
  'cabinet_open_door',
  'cabinet_payment',
  'cabinet_confirm_restock',
  'cabinet_settle',
  'cabinet_cancel',
  'cabinet_refund',
  'inbox_replay',
  'pickup_issue',
  'pickup_revoke',
  'pickup_platform_create',
  'refill_review',
  'run_create',
  'sync_request',
  'alert_ack',
  'alert_resolve',
  'alert_snooze',
  'alert_assign',
  'notification_channel_create',
  'notification_channel_delete',
  'notification_channel_test',
  'notification_rule_create',
  'notification_rule_delete',
  'report_schedule_create',
  'report_schedule_delete',
]);

/** The catalogue key of an action (`user.update` → `user_update`), or `other`. */
export function actionKey(action: string): string {
  const key = action.replace(/\./g, '_');
  return SENTENCES.has(key) || key === 'user_update' ? key : 'other';
}

const fields = (v: unknown): Fields =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

/** One audit record as a sentence: who did what to what, by the names people know. */
export function AuditSentence({ row, people }: { row: AuditItem; people: Person[] }) {
  const t = useTranslations('audit');
  const tr = useTranslations('roles');
  const person = (id: number | null) => people.find((p) => p.id === id);
  const before = fields(row.before);
  const after = fields(row.after);

  const who = () => {
    if (row.actorKind === 'token') return t('tokenActor', { name: row.actorLabel });
    if (row.actorKind === 'user') {
      const p = person(row.actorId);
      return p ? t('userActor', { role: tr(p.role), name: p.name }) : row.actorLabel;
    }
    return row.actorLabel === 'anonymous' ? t('anonymous') : t('system');
  };
  const named = text(after?.name) ?? text(before?.name);
  const target =
    row.targetKind === 'user' && /^\d+$/.test(row.targetId ?? '')
      ? (person(Number(row.targetId))?.name ?? named ?? row.targetId ?? '')
      : (row.targetId ?? '');
  const values = { actor: who(), target, name: named ?? target };

  const key = actionKey(row.action);
  if (key === 'user_update') {
    if (before?.role !== after?.role && text(before?.role) && text(after?.role))
      return t('sentences.user_role', {
        ...values,
        from: tr(String(before!.role)),
        to: tr(String(after!.role)),
      });
    if (before?.disabled !== after?.disabled)
      return t(after?.disabled ? 'sentences.user_disabled' : 'sentences.user_enabled', values);
    if (before?.name !== after?.name && text(after?.name))
      return t('sentences.user_renamed', { ...values, target: text(before?.name) ?? target });
    return t('sentences.user_update', values);
  }
  if (key === 'user_create')
    return t('sentences.user_create', {
      ...values,
      role: text(after?.role) ? tr(String(after!.role)) : '',
    });
  return t(`sentences.${key}`, values);
}
