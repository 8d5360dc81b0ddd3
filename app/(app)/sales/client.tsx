'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTimeZone, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { Freshness } from '@/components/freshness';
import { Refreshing } from '@/components/refreshing';
import { quietButtonClass } from '@/components/form';
import { reportUrl, salesReportQuery } from '@/lib/sales/queries';
import { reportParams, salesSearchParams, type SalesSearch } from '@/lib/sales/range';
import { RangePicker, SalesFilters } from './filters';
import { Totals } from './totals';
import { ByPayment, Timeline, TopGoods } from './sections';
import { Machines } from './machines';

/**
 * The statistics page: the URL holds the range and filters (shareable, and what the server
 * prefetched); every change is one request for the whole report.
 */
export function SalesClient({ initial, now }: { initial: SalesSearch; now: number }) {
  const t = useTranslations('sales');
  const errorText = useErrorText();
  const format = useFormatter();
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const [search, setSearch] = useState(initial);
  const params = reportParams(search, now, timeZone);
  const { data, error, dataUpdatedAt, isRefetchError, isFetching, isPlaceholderData } = useQuery(
    salesReportQuery(params),
  );
  const update = (change: Partial<SalesSearch>) => {
    const next = { ...search, ...change };
    setSearch(next);
    const query = salesSearchParams(next).toString();
    window.history.replaceState(null, '', query ? `/sales?${query}` : '/sales');
  };
  const day = (s: number) => format.dateTime(new Date(s * 1000), 'date');

  return (
    <section aria-labelledby="sales-heading" className="space-y-6" aria-busy={isFetching}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="sales-heading" className="text-xl font-semibold">
            {t('heading')}
          </h1>
          <p className="text-sm text-slate-600">{t('intro')}</p>
        </div>
        <Freshness updatedAt={dataUpdatedAt} failed={isRefetchError} />
      </div>
      <RangePicker key={search.range} search={search} now={now} onChange={update} />
      {data && <SalesFilters search={search} options={data.options} onChange={update} />}
      {error && (
        <p role="alert" className="text-red-700">
          {errorText(error)}
        </p>
      )}
      {data && (
        <Refreshing stale={isPlaceholderData} className="space-y-6">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm font-medium" data-testid="sales-range">
              {t('range.shown', {
                from: day(data.startTime),
                to: day(data.endTime),
                timeZone: data.timeZone,
              })}
            </p>
            <a className={quietButtonClass} href={reportUrl(params, 'csv')} download>
              {t('export')}
            </a>
          </div>
          <Totals report={data} />
          <Timeline
            report={data}
            onGranularity={(per) => update({ per })}
            hourAllowed={data.endTime - data.startTime < 31 * 86_400}
          />
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <ByPayment report={data} />
            <TopGoods report={data} />
          </div>
          <Machines report={data} onShowAll={() => update({ all: true })} />
        </Refreshing>
      )}
    </section>
  );
}
