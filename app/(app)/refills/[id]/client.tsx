'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { Freshness } from '@/components/freshness';
import { quietButtonClass } from '@/components/form';
import { formatFen } from '@/lib/money';
import { visitQuery } from '@/lib/refills/queries';
import { SourceBadge, VerdictBadge } from '../badges';
import { CoinCheck } from './coins';
import { LinesTable, ShelvesTable } from './lines';
import { ReviewPanel } from './review';
import { BackLink } from '@/components/back-link';
import Link from 'next/link';
import { Backfill } from './backfill';

/** One refill visit: what it reported against our trades, shelf by shelf, and its review. */
export function VisitClient({ id }: { id: number }) {
  const t = useTranslations('refills');
  const locale = useLocale();
  const format = useFormatter();
  const { data: v, dataUpdatedAt, isRefetchError } = useQuery(visitQuery(id));
  if (!v) return null;
  const r = v.reconciliation;
  const when = (s: number) => format.dateTime(new Date(s * 1000), 'dateTime');
  const total = r.payments.find((l) => l.name === 'total')!;
  return (
    <section aria-labelledby="visit-heading" className="space-y-6">
      <p>
        <BackLink fallback="/refills" label={t('detail.back')} />
      </p>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 id="visit-heading" className="text-xl font-semibold">
            {t('detail.title', { id: v.id, machine: v.machine?.name ?? v.assetId })}
            {v.source === 'pull' && <SourceBadge source={v.source} />}
          </h1>
          <p className="text-sm text-slate-700">
            <span className="font-mono">{v.assetId}</span>
            {v.siteName && ` · ${v.siteName}`}
            {v.siteNumber && ` (${v.siteNumber})`}
            {v.lineName && ` · ${v.lineName}`}
          </p>
          <p className="text-sm text-slate-700" data-testid="visit-window">
            {t('detail.window', {
              from:
                v.lastRefillTime === null && r.window.from === 0
                  ? t('detail.unknownStart')
                  : when(r.window.from),
              to: when(r.window.to),
            })}
          </p>
          <p className="text-xs text-slate-500">
            {t(`sources.${v.source}`)} · {t('detail.received', { time: when(v.receivedAt) })}
          </p>
          <p className="flex flex-wrap gap-x-4 text-sm">
            <Link href={`/trades?refillId=${v.id}`} className="text-blue-800 underline">
              {t('detail.trades')}
            </Link>
            <Link
              href={`/machines/${encodeURIComponent(v.assetId)}`}
              className="text-blue-800 underline"
            >
              {t('detail.machine')}
            </Link>
          </p>
        </div>
        <div className="space-y-2 sm:text-right">
          <p className="text-lg" data-testid="visit-verdict">
            <VerdictBadge verdict={r.verdict} />
          </p>
          <p className="text-sm tabular-nums">
            {t('detail.reportedTotal', {
              amount: formatFen(total.reported.sales, locale),
              units: total.reported.units,
            })}
            <br />
            {t('detail.expectedTotal', {
              amount: formatFen(total.expected.sales, locale),
              units: total.expected.units,
            })}
          </p>
          <a className={quietButtonClass} href={`/api/v1/refills/${v.id}?format=csv`} download>
            {t('export')}
          </a>
          <Freshness updatedAt={dataUpdatedAt} failed={isRefetchError} />
        </div>
      </div>
      <p className="rounded border border-slate-200 bg-white p-3 text-sm">
        {t(`verdictNotes.${r.verdict}`)}
      </p>
      {r.verdict === 'trades_missing' && (
        <Backfill assetId={v.assetId} from={r.window.from} to={r.window.to} />
      )}
      <section aria-labelledby="payments-heading" className="space-y-2">
        <h2 id="payments-heading" className="font-medium">
          {t('detail.payments')}
        </h2>
        <LinesTable lines={r.payments} testId="payments" />
      </section>
      <section aria-labelledby="shelves-heading" className="space-y-2">
        <h2 id="shelves-heading" className="font-medium">
          {t('detail.shelves')}
        </h2>
        {v.shelfPaySales.length === 0 ? (
          <p className="text-sm text-slate-600">{t('detail.noShelves')}</p>
        ) : (
          <ShelvesTable shelves={r.shelves} />
        )}
      </section>
      {r.coins && <CoinCheck coins={r.coins} />}
      <ReviewPanel visit={v} />
    </section>
  );
}
