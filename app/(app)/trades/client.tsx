'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { LoadMore } from '@/components/load-more';
import { Refreshing } from '@/components/refreshing';
import { useErrorText } from '@/components/use-error-text';
import {
  exportAllowed,
  tradeApiParams,
  tradeSearchParams,
  tradesQuery,
  tradesUrl,
  type TradeSearch,
} from '@/lib/sales/trades/queries';
import { quietButtonClass } from '@/components/form';
import { TradeFilters } from './filters';
import { TradeResults } from './results';

/** The trade search: a complaint's order number, a machine's day, the refunds; and its CSV. */
export function TradesClient({
  initial,
  showVisits,
}: {
  initial: TradeSearch;
  showVisits: boolean;
}) {
  const t = useTranslations('trades');
  const errorText = useErrorText();
  const [search, setSearch] = useState(initial);
  const params = tradeApiParams(search);
  const query = useInfiniteQuery(tradesQuery(params));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const update = (next: TradeSearch) => {
    setSearch(next);
    const q = tradeSearchParams(next).toString();
    window.history.replaceState(null, '', q ? `/trades?${q}` : '/trades');
  };
  const canExport = exportAllowed(search);

  return (
    <section aria-labelledby="trades-heading" className="space-y-4">
      <div>
        <h1 id="trades-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <p className="text-sm text-slate-600">{t('intro')}</p>
      </div>
      <TradeFilters search={search} onChange={update} />
      {search.refillId && (
        <p className="text-sm" data-testid="visit-filter">
          {t('filters.visit', { id: search.refillId })} ·{' '}
          <Link
            href="/trades"
            className="text-blue-800 underline"
            onClick={(e) => {
              e.preventDefault();
              update({ ...search, refillId: undefined });
            }}
          >
            {t('filters.allVisit')}
          </Link>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {!query.isPending && (
          <span role="status" data-testid="trades-count">
            {query.hasNextPage
              ? t('shownMore', { count: rows.length })
              : t('shown', { count: rows.length })}
          </span>
        )}
        {canExport ? (
          <a className={quietButtonClass} href={tradesUrl(params, { format: 'csv' })} download>
            {t('export')}
          </a>
        ) : (
          <span className="text-slate-600">{t('exportHint')}</span>
        )}
      </div>
      {query.error && (
        <p role="alert" className="text-red-700">
          {errorText(query.error)}
        </p>
      )}
      <Refreshing stale={query.isPlaceholderData}>
        <TradeResults rows={rows} showVisits={showVisits} />
        {rows.length === 0 && !query.isFetching && !query.error && (
          <p className="rounded border border-slate-200 bg-white p-4 text-slate-600">
            {t('empty')}
          </p>
        )}
      </Refreshing>
      <LoadMore query={query} />
    </section>
  );
}
