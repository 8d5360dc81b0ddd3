'use client';

import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { Freshness } from '@/components/freshness';
import { Field, inputClass, SelectFilter } from '@/components/form';
import { LoadMore } from '@/components/load-more';
import { Refreshing } from '@/components/refreshing';
import { useErrorText } from '@/components/use-error-text';
import { useAlertText } from '@/components/alerts/describe';
import { alertSearchParams, alertsQuery, type AlertSearch } from '@/lib/alerts/queries';
import { AlertList } from './list';
import { EVERY_ALERT_KIND } from '@/lib/alerts/kinds';

/** The kinds the filter offers: every kind an alert may have, in the overview's order. */
const KINDS: readonly string[] = EVERY_ALERT_KIND;

/** The alert list: filters in the URL, newest first, lifecycle buttons for those who may act. */
export function AlertsClient({
  initial,
  lines,
  canAct,
}: {
  initial: AlertSearch;
  lines: { value: string; label: string }[];
  canAct: boolean;
}) {
  const t = useTranslations('alerts');
  const errorText = useErrorText();
  const { kindName } = useAlertText();
  const [search, setSearch] = useState(initial);
  const [assetId, setAssetId] = useState(initial.assetId ?? '');
  const params = alertSearchParams(search);
  const query = useInfiniteQuery(alertsQuery(params));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const update = (change: Partial<AlertSearch>) => {
    const next = { ...search, ...change };
    setSearch(next);
    const q = new URLSearchParams(alertSearchParams(next)).toString();
    window.history.replaceState(null, '', q ? `/alerts?${q}` : '/alerts');
  };
  const applyMachine = () => update({ assetId: assetId.trim().slice(0, 64) || undefined });
  const select = (
    label: string,
    key: keyof AlertSearch,
    options: { value: string; label: string }[],
  ) => (
    <SelectFilter
      label={label}
      anyLabel={t('filters.any')}
      value={search[key]}
      options={options}
      onChange={(v) => update({ [key]: v })}
    />
  );

  return (
    <section aria-labelledby="alerts-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="alerts-heading" className="text-xl font-semibold">
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
          applyMachine();
        }}
      >
        {select(
          t('filters.state'),
          'state',
          (['open', 'acknowledged', 'resolved'] as const).map((s) => ({
            value: s,
            label: t(`states.${s}`),
          })),
        )}
        {select(
          t('filters.kind'),
          'kind',
          KINDS.map((k) => ({ value: k, label: kindName(k) })),
        )}
        <Field label={t('filters.machine')}>
          <input
            className={`${inputClass} w-full sm:w-36`}
            value={assetId}
            maxLength={64}
            onChange={(e) => setAssetId(e.target.value)}
            onBlur={applyMachine}
          />
        </Field>
        {select(t('filters.line'), 'line', lines)}
        {select(t('filters.snoozed'), 'snoozed', [
          { value: '1', label: t('filters.snoozedNow') },
          { value: '0', label: t('filters.notSnoozed') },
        ])}
      </form>
      {query.error && (
        <p role="alert" className="text-red-700">
          {errorText(query.error)}
        </p>
      )}
      <Refreshing stale={query.isPlaceholderData}>
        <AlertList rows={rows} now={Math.floor(query.dataUpdatedAt / 1000)} canAct={canAct} />
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
