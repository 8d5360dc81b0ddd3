'use client';

import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { ItemsTable } from '@/components/cabinets/items-table';
import { ReviewReason, StateBadge } from '@/components/cabinets/labels';
import { cabinetOrdersQuery, REVIEW_STATES } from '@/lib/cabinets/queries';
import { formatMinor } from '@/lib/platforms/saas/money';
import { LoadMore } from '@/components/load-more';

/** The exceptions: each with its reason in plain words and a way to resolve it. */
export function CabinetReviewClient() {
  const t = useTranslations('cabinets');
  const locale = useLocale();
  const format = useFormatter();
  const review = useInfiniteQuery(cabinetOrdersQuery({ state: REVIEW_STATES }));
  const rows = review.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="review-heading" className="space-y-6">
      <div>
        <h1 id="review-heading" className="text-xl font-semibold">
          {t('reviewHeading')}
        </h1>
        <p className="text-sm text-slate-600">{t('reviewIntro')}</p>
      </div>
      {rows.length === 0 && <p className="text-sm text-slate-600">{t('reviewEmpty')}</p>}
      <ul className="space-y-3">
        {rows.map((o) => (
          <li
            key={o.orderId}
            className="space-y-2 rounded border border-amber-200 bg-white p-4"
            data-testid={`review-${o.orderId}`}
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{o.orderId}</span>
                <StateBadge state={o.state} />
                <span className="text-sm text-slate-600">
                  {o.machineName ?? o.machineId} · {t('doorValue', { door: o.doorNo })} ·{' '}
                  {format.dateTime(new Date(o.createdAt * 1000), 'dateTime')}
                </span>
              </p>
              <Link
                className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white"
                href={`/cabinet-orders/${encodeURIComponent(o.orderId)}`}
              >
                {t('resolve')}
              </Link>
            </div>
            <ReviewReason order={o} />
            {o.items.length > 0 && (
              <>
                <ItemsTable items={o.items} currency={o.currency} />
                <p className="text-sm">
                  {t('amount')}: {formatMinor(o.amount, locale, o.currency)}
                </p>
              </>
            )}
          </li>
        ))}
      </ul>
      <LoadMore query={review} />
    </section>
  );
}
