'use client';

import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { DateField } from '@/components/date-field';
import { buttonClass, Field, inputClass, Notice, SelectFilter } from '@/components/form';
import { Refreshing } from '@/components/refreshing';
import { useErrorText } from '@/components/use-error-text';
import type { FoodSafetyRow } from '@/lib/reports/food-safety-read';
import { containerName, roomName } from '@/lib/reports/food-safety-csv';
import {
  foodSafetyParams,
  foodSafetyQuery,
  foodSafetyUrl,
  type FoodSafetySearch,
} from '@/lib/reports/queries';
import type { Translate } from '@/lib/sales/labels';

/** Rows the page draws at most. */
const MAX_SHOWN = 500;

export function FoodSafetyClient({ initial }: { initial: FoodSafetySearch }) {
  const t = useTranslations('reports.foodSafety');
  const tAll = useTranslations() as unknown as Translate;
  const tc = useTranslations('common');
  const errorText = useErrorText();
  const format = useFormatter();
  const [search, setSearch] = useState(initial);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [assetId, setAssetId] = useState(initial.assetId ?? '');
  const q = useQuery(foodSafetyQuery(search));

  const apply = (next: FoodSafetySearch) => {
    setSearch(next);
    window.history.replaceState(null, '', `/reports/food-safety?${foodSafetyParams(next)}`);
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    if (from && to) apply({ ...search, from, to, assetId: assetId.trim() || undefined });
  }
  const time = (s: number) => format.dateTime(new Date(s * 1000), 'dayTime');
  const day = (d: string) => format.dateTime(new Date(`${d}T12:00:00Z`), 'date');
  const rows = q.data?.rows ?? [];
  // A fleet's week is tens of thousands of rows: the page shows the first, the CSV has all.
  const shown = rows.slice(0, MAX_SHOWN);

  return (
    <section aria-labelledby="food-safety-heading" className="space-y-4">
      <h1 id="food-safety-heading" className="text-xl font-semibold">
        {t('title')}
      </h1>
      <p className="max-w-3xl text-sm text-slate-700">
        {t('intro', { tolerance: q.data?.tolerance ?? 0 })}
      </p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <DateField label={t('from')} value={from} onChange={setFrom} required max={to} />
        <DateField label={t('to')} value={to} onChange={setTo} required min={from} />
        <Field label={t('machine')}>
          <input
            value={assetId}
            onChange={(e) => setAssetId(e.target.value)}
            placeholder={t('machinePlaceholder')}
            className={`${inputClass} w-40`}
          />
        </Field>
        <SelectFilter
          label={t('line')}
          anyLabel={t('anyLine')}
          value={search.line}
          options={(q.data?.lines ?? []).map((l) => ({ value: l, label: l }))}
          onChange={(line) => apply({ ...search, line })}
        />
        <label className="flex items-center gap-2 pb-1 text-sm">
          <input
            type="checkbox"
            checked={search.only === 'excursions'}
            onChange={(e) =>
              apply({ ...search, only: e.target.checked ? 'excursions' : undefined })
            }
          />
          {t('onlyExcursions')}
        </label>
        <button type="submit" className={buttonClass}>
          {t('show')}
        </button>
        <a href={foodSafetyUrl(search, true)} download className={`${buttonClass} inline-block`}>
          {t('download')}
        </a>
      </form>
      {q.error && <Notice kind="error">{tc('error', { message: errorText(q.error) })}</Notice>}
      {q.data && (
        <Refreshing stale={q.isPlaceholderData} className="space-y-2">
          <p className="text-sm text-slate-700" data-testid="food-safety-summary">
            {t('summary', {
              rows: rows.length,
              machines: q.data.machines,
              out: rows.filter((r) => r.minutesOut > 0).length,
            })}
          </p>
          <DataTable
            cards
            label={t('title')}
            headers={[
              t('columns.day'),
              t('columns.machine'),
              t('columns.container'),
              t('columns.minutesOut'),
              t('peakHeader'),
              t('longestHeader'),
              t('columns.minutesNoData'),
            ]}
            empty={rows.length === 0 && t('empty')}
          >
            {shown.map((r: FoodSafetyRow) => (
              <tr
                key={`${r.day}|${r.assetId}|${r.cid}|${r.room}`}
                className={`border-t border-slate-100 ${r.minutesOut ? 'bg-red-50' : ''}`}
              >
                <td className="px-3 py-2 whitespace-nowrap">{day(r.day)}</td>
                <td className="px-3 py-2">
                  <span className="block">{r.name ?? r.assetId}</span>
                  <span className="block text-xs text-slate-600">
                    {r.assetId}
                    {r.lineName && ` · ${r.lineName}`}
                  </span>
                </td>
                <td className="px-3 py-2">
                  {containerName(tAll, r.cid)} · {roomName(tAll, r.room)}
                </td>
                <td className={`px-3 py-2 ${r.minutesOut ? 'font-semibold text-red-800' : ''}`}>
                  {t('minutes', { minutes: r.minutesOut })}
                </td>
                <td className="px-3 py-2">
                  {r.peak
                    ? t('peak', {
                        value: r.peak.value,
                        time: time(r.peak.at),
                        low: r.peak.low,
                        high: r.peak.high,
                      })
                    : t('none')}
                </td>
                <td className="px-3 py-2">
                  {r.longest
                    ? t('longest', { minutes: r.longest.minutes, time: time(r.longest.start) })
                    : t('none')}
                </td>
                <td className="px-3 py-2">{t('minutes', { minutes: r.minutesNoData })}</td>
              </tr>
            ))}
          </DataTable>
          {rows.length > shown.length && (
            <p className="text-sm text-slate-700">
              {t('truncated', { shown: shown.length, rows: rows.length })}
            </p>
          )}
        </Refreshing>
      )}
    </section>
  );
}
