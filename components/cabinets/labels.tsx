'use client';

import { useTranslations } from 'use-intl';
import { platformMessageKey, reasonKey } from '@/lib/cabinets/reasons';
import type { CabinetOrderView } from '@/lib/cabinets/queries';

/** The actions the catalogue names (cabinets.events.*). */
export const EVENT_ACTIONS = new Set([
  'OpenDoor',
  'OpenedDoor',
  'ClosedDoor',
  'Cancel',
  'OrderDetected',
  'OrderSettlement',
  'OrderAdjustment',
  'OrderRefund',
  'settle',
  'cancel',
  'refund',
  'confirm_restock',
  'payment_order',
  'payment_deduction',
  'payment_refund',
  'unreadable',
]);

const TONE: Record<string, string> = {
  paid: 'bg-green-100 text-green-900',
  settled: 'bg-green-100 text-green-900',
  recognised: 'bg-blue-100 text-blue-900',
  needs_review: 'bg-amber-100 text-amber-900',
  payment_failed: 'bg-red-100 text-red-900',
  cancelled: 'bg-slate-200 text-slate-800',
  refunded: 'bg-purple-100 text-purple-900',
};

export function StateBadge({ state }: { state: string }) {
  const t = useTranslations('cabinets');
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ${TONE[state] ?? 'bg-slate-100 text-slate-800'}`}
      data-testid="order-state"
    >
      {t(`states.${state}`)}
    </span>
  );
}

/** Why a callback could not be read in full (D73), naming the callback's action. */
export function UnreadableCause({ cause, action }: { cause: string; action: string | null }) {
  const t = useTranslations('cabinets');
  const label = action && EVENT_ACTIONS.has(action) ? t(`events.${action}`) : (action ?? '');
  return <>{t(`causes.${cause}`, { action: label })}</>;
}

/** Why an order needs review, in plain words, with the platform's own text beside it. */
export function ReviewReason({
  order,
}: {
  order: Pick<CabinetOrderView, 'reviewKind' | 'reviewReason' | 'reviewCause'>;
}) {
  const t = useTranslations('cabinets');
  if (!order.reviewKind && !order.reviewReason) return null;
  const known = reasonKey(order.reviewReason);
  return (
    <div className="space-y-0.5 text-sm" data-testid="review-reason">
      {order.reviewKind && <p>{t(`kinds.${order.reviewKind}`)}</p>}
      {order.reviewCause && (
        <p className="font-medium">
          <UnreadableCause {...order.reviewCause} />
        </p>
      )}
      {known && (
        <p className="font-medium">
          {t(`reasonGroups.${known.group}`)}: {t(`reasons.${known.key}`)}
        </p>
      )}
      {order.reviewReason && (
        <p className="text-slate-600">{t('reasonAs', { text: order.reviewReason })}</p>
      )}
    </div>
  );
}

/**
 * A text the platform (or an operator) wrote: the platform's known replies and exception reasons
 * in the reader's language, anything else as written.
 */
export function PlatformText({ text }: { text: string }) {
  const t = useTranslations('cabinets');
  const message = platformMessageKey(text);
  if (message) return <>{t(`platformMessages.${message}`)}</>;
  const reason = reasonKey(text);
  if (reason) return <>{t(`reasons.${reason.key}`)}</>;
  return <>{text}</>;
}
