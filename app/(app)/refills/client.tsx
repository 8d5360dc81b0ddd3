'use client';

import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTimeZone, useTranslations } from 'use-intl';
import { DateField } from '@/components/date-field';
import { useErrorText } from '@/components/use-error-text';
import { Refreshing } from '@/components/refreshing';
import { Field, inputClass, quietButtonClass, SelectFilter } from '@/components/form';
import { Freshness } from '@/components/freshness';
import {
  visitApiParams,
  visitSearchParams,
  visitsQuery,
  visitsUrl,
  type VisitSearch,
} from '@/lib/refills/queries';
import { VERDICTS } from '@/lib/refills/schemas';
import { VisitList } from './list';
import { LoadMore } from '@/components/load-more';

function Select(props: Omit<Parameters<typeof SelectFilter>[0], 'anyLabel'>) {
  const t = useTranslations('refills.filters');
  return <SelectFilter {...props} anyLabel={t('any')} />;
}

/** Refill visits, newest first, with what they reported, what our trades say, and a verdict. */
export function RefillsClient({
  initial,
  options,
}: {
  initial: VisitSearch;
  options: { lines: string[]; sites: string[] };
}) {
  const t = useTranslations('refills');
  const errorText = useErrorText();
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const [search, setSearch] = useState(initial);
  const [assetId, setAssetId] = useState(initial.assetId ?? '');
  const params = visitApiParams(search, timeZone);
  const query = useInfiniteQuery(visitsQuery(params));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const update = (change: Partial<VisitSearch>) => {
    const next = { ...search, ...change };
    setSearch(next);
    const q = visitSearchParams(next).toString();
    window.history.replaceState(null, '', q ? `/refills?${q}` : '/refills');
  };
  const names = (list: string[]) => list.map((n) => ({ value: n, label: n }));

  return (
    <section aria-labelledby="refills-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="refills-heading" className="text-xl font-semibold">
            {t('heading')}
          </h1>
          <p className="text-sm text-slate-600">{t('intro')}</p>
        </div>
        <Freshness updatedAt={query.dataUpdatedAt} failed={query.isRefetchError} />
      </div>
      <form
        role="search"
        className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
        onSubmit={(e) => {
          e.preventDefault();
          update({ assetId: assetId.trim() || undefined });
        }}
      >
        <Field label={t('filters.machine')}>
          <input
            className={`${inputClass} w-full sm:w-36`}
            value={assetId}
            onChange={(e) => setAssetId(e.target.value)}
            onBlur={() => update({ assetId: assetId.trim() || undefined })}
            // The form has no submit button and several text fields (the date fields are text
            // inputs now), so the browser no longer submits it on Enter: apply it here.
            onKeyDown={(e) => {
              if (e.key === 'Enter') update({ assetId: assetId.trim() || undefined });
            }}
          />
        </Field>
        <Select
          label={t('filters.line')}
          value={search.lineName}
          options={names(options.lines)}
          onChange={(lineName) => update({ lineName })}
        />
        <Select
          label={t('filters.site')}
          value={search.siteName}
          options={names(options.sites)}
          onChange={(siteName) => update({ siteName })}
        />
        <DateField
          label={t('filters.from')}
          value={search.from ?? ''}
          onChange={(v) => update({ from: v || undefined })}
          max={search.to}
        />
        <DateField
          label={t('filters.to')}
          value={search.to ?? ''}
          onChange={(v) => update({ to: v || undefined })}
          min={search.from}
        />
        <Select
          label={t('filters.verdict')}
          value={search.verdict}
          options={VERDICTS.map((v) => ({ value: v, label: t(`verdicts.${v}`) }))}
          onChange={(verdict) => update({ verdict })}
        />
        <Select
          label={t('filters.source')}
          value={search.source}
          options={(['push', 'pull'] as const).map((v) => ({ value: v, label: t(`sources.${v}`) }))}
          onChange={(source) => update({ source })}
        />
        <Select
          label={t('filters.reviewed')}
          value={search.reviewed}
          options={[
            { value: 'yes', label: t('filters.yes') },
            { value: 'no', label: t('filters.no') },
          ]}
          onChange={(reviewed) => update({ reviewed })}
        />
        <a className={quietButtonClass} href={visitsUrl(params, { format: 'csv' })} download>
          {t('export')}
        </a>
      </form>
      {query.error && (
        <p role="alert" className="text-red-700">
          {errorText(query.error)}
        </p>
      )}
      <Refreshing stale={query.isPlaceholderData}>
        <VisitList rows={rows} />
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
