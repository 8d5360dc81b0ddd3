'use client';

import { useFormatter, useTranslations } from 'use-intl';
import type { CabinetOrderView } from '@/lib/cabinets-query';

const KNOWN = new Set([
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

/** Every callback and action on the order, oldest first, with the items each one carried. */
export function OrderTimeline({ order }: { order: CabinetOrderView }) {
  const t = useTranslations('cabinets');
  const format = useFormatter();
  return (
    <section aria-labelledby="timeline-heading" className="space-y-2">
      <h2 id="timeline-heading" className="font-medium">
        {t('timeline')}
      </h2>
      <ol className="space-y-2 border-l-2 border-slate-200 pl-4" data-testid="timeline">
        {order.events.map((e) => {
          const key = e.action.replace(/:/g, '_');
          return (
            <li key={e.id} className="text-sm">
              <p>
                <time className="text-slate-600">
                  {format.dateTime(new Date(e.at * 1000), {
                    dateStyle: 'short',
                    timeStyle: 'medium',
                  })}
                </time>{' '}
                <span className="font-medium">{t(`events.${KNOWN.has(key) ? key : 'other'}`)}</span>
                {!KNOWN.has(key) && <span className="font-mono"> {e.action}</span>}
                {e.status !== null && (
                  <span className={e.status ? 'text-green-800' : 'text-red-700'}>
                    {' '}
                    · {e.status ? t('statusOk') : t('statusFailed')}
                  </span>
                )}
                {e.msg && <span className="text-slate-700"> · {e.msg}</span>}
                {e.actor && (
                  <span className="text-slate-600"> · {t('by', { actor: e.actor })}</span>
                )}
              </p>
              {e.items && e.items.length > 0 && (
                <ul className="ml-4 list-disc text-slate-700">
                  {e.items.map((i, n) => (
                    <li key={n}>
                      {i.name} ×{' '}
                      {i.meterType === 2
                        ? t('countGrams', { count: i.count })
                        : t('countPieces', { count: i.count })}
                      {i.pictureName && (
                        <span className="font-mono text-xs text-slate-500">
                          {' '}
                          ({t('pictureName', { name: i.pictureName })})
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {e.raw && (
                <details className="ml-4">
                  <summary className="cursor-pointer text-xs text-blue-700">{t('rawBody')}</summary>
                  <pre className="overflow-x-auto bg-slate-50 p-2 text-xs">{e.raw}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
