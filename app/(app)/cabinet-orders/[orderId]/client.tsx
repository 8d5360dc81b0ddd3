'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { ItemsTable } from '@/components/cabinets/items-table';
import { PlatformText, ReviewReason, StateBadge } from '@/components/cabinets/labels';
import { OrderActions } from '@/components/cabinets/order-actions';
import { OrderTimeline } from '@/components/cabinets/timeline';
import { cabinetOrderQuery } from '@/lib/cabinets/queries';
import { formatMinor } from '@/lib/platforms/saas/money';
import { BackLink } from '@/components/back-link';

export function CabinetOrderClient({
  orderId,
  canOperate,
}: {
  orderId: string;
  canOperate: boolean;
}) {
  const t = useTranslations('cabinets');
  const errorText = useErrorText();
  const locale = useLocale();
  const format = useFormatter();
  const { data: o, error } = useQuery(cabinetOrderQuery(orderId));
  const money = (m: number) => formatMinor(m, locale, o?.currency);
  const reportText = (r: boolean | null) =>
    t(`reported.${r === null ? 'pending' : r ? 'yes' : 'no'}`);
  return (
    <article aria-labelledby="order-heading" className="space-y-6">
      <BackLink fallback="/cabinet-orders" label={t('backToOrders')} />
      {error && (
        <p role="alert" className="text-red-700">
          {errorText(error)}
        </p>
      )}
      {o && (
        <>
          <header className="space-y-2">
            <h1
              id="order-heading"
              className="flex flex-wrap items-center gap-2 text-xl font-semibold"
            >
              {t('orderHeading', { orderId: o.orderId })} <StateBadge state={o.state} />
            </h1>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
              <div>
                <dt className="text-slate-600">{t('machine')}</dt>
                <dd>
                  <Link
                    className="text-blue-700 underline"
                    href={`/machines/${encodeURIComponent(o.machineId)}`}
                  >
                    {o.machineName ?? o.machineId}
                  </Link>{' '}
                  · {t('doorValue', { door: o.doorNo })}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('type')}</dt>
                <dd>{t(`types.${o.type}`)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('orderNo')}</dt>
                <dd className="font-mono">{o.orderNo ?? '—'}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('amount')}</dt>
                <dd className="tabular-nums" data-testid="order-amount">
                  {money(o.amount)}
                  {o.refunded > 0 && ` (${t('refunded')} ${money(o.refunded)})`}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('created')}</dt>
                <dd>{format.dateTime(new Date(o.createdAt * 1000), 'dateTime')}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t('createdBy')}</dt>
                <dd>{o.createdBy ?? '—'}</dd>
              </div>
            </dl>
            {o.cancelReason && (
              <p className="text-sm">
                <PlatformText text={o.cancelReason} />
              </p>
            )}
            <ReviewReason order={o} />
          </header>
          <section aria-labelledby="items-heading" className="space-y-2">
            <h2 id="items-heading" className="font-medium">
              {t('items')}
            </h2>
            <ItemsTable items={o.restock ? o.restock.lines : o.items} currency={o.currency} />
          </section>
          {(o.adjustments.length > 0 || o.refunds.length > 0) && (
            <section className="grid gap-4 text-sm md:grid-cols-2">
              {[[t('adjustments'), o.adjustments] as const, [t('refunds'), o.refunds] as const].map(
                ([title, moves]) => (
                  <div key={title}>
                    <h2 className="font-medium">{title}</h2>
                    <ul>
                      {moves.map((m, i) => (
                        <li key={i}>
                          {m.refNo ?? '—'} · {money(m.amount)} · {m.note} · {reportText(m.reported)}
                        </li>
                      ))}
                    </ul>
                  </div>
                ),
              )}
            </section>
          )}
          {canOperate && <OrderActions order={o} />}
          <OrderTimeline order={o} />
        </>
      )}
    </article>
  );
}
