'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { Field, inputClass } from '@/components/form';
import { Freshness } from '@/components/freshness';
import { OriginLabel } from '@/components/planning/origin';
import { UrgencyBadge } from '@/components/planning/urgency';
import { URGENCY_ORDER } from '@/lib/planning/refill-priority';
import { linesQuery, type LineItem } from '@/lib/planning/queries';
import { MAX_SHEET_LINES } from '@/lib/planning/sheet-limits';

const SORTS = ['urgency', 'unitsToLoad', 'soldOut', 'name'] as const;
type Sort = (typeof SORTS)[number];

const BY: Record<Sort, (a: LineItem, b: LineItem) => number> = {
  urgency: (a, b) =>
    URGENCY_ORDER.indexOf(a.urgency) - URGENCY_ORDER.indexOf(b.urgency) ||
    b.unitsToLoad - a.unitsToLoad,
  unitsToLoad: (a, b) => b.unitsToLoad - a.unitsToLoad,
  soldOut: (a, b) => b.soldOutShelves - a.soldOutShelves || b.unitsToLoad - a.unitsToLoad,
  name: (a, b) => a.name.localeCompare(b.name),
};

/**
 * Every line, synced from the platform or pushed by it, with what its machines need (units
 * only); lines can be ticked for one pick list. Cards on a phone, a table from md up.
 */
export function LinesClient() {
  const t = useTranslations('planning');
  const format = useFormatter();
  const { data, dataUpdatedAt, isError } = useQuery(linesQuery());
  const [sort, setSort] = useState<Sort>('urgency');
  const [chosen, setChosen] = useState<number[]>([]);
  const items = [...(data?.items ?? [])].sort(BY[sort]);
  const when = (s: number | null) =>
    s === null ? t('never') : format.dateTime(new Date(s * 1000), 'date');
  const toggle = (id: number) =>
    setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const tick = (l: LineItem) => (
    <input
      type="checkbox"
      className="h-4 w-4"
      checked={chosen.includes(l.id)}
      disabled={!chosen.includes(l.id) && chosen.length >= MAX_SHEET_LINES}
      onChange={() => toggle(l.id)}
      aria-label={t('lines.choose', { line: l.name })}
    />
  );
  const th = 'px-3 py-2 font-medium';
  return (
    <section aria-labelledby="lines-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="lines-heading" className="text-xl font-semibold">
            {t('lines.heading')}
          </h1>
          <p className="text-sm text-slate-600">{t('lines.intro')}</p>
        </div>
        <Freshness updatedAt={dataUpdatedAt} failed={isError} />
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('lines.sortBy')}>
          <select
            className={inputClass}
            value={sort}
            onChange={(e) => setSort(e.target.value as Sort)}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`lines.sort.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        {chosen.length > 0 && (
          <Link
            href={`/pick-lists?lineIds=${chosen.join(',')}`}
            className="rounded bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800"
            data-testid="lines-pick-list"
          >
            {t('lines.pickList', { count: chosen.length })}
          </Link>
        )}
      </div>
      {items.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {t('lines.empty')}
        </p>
      ) : (
        <>
          <ul className="space-y-2 md:hidden" data-testid="line-cards">
            {items.map((l) => (
              <li
                key={l.id}
                className="rounded border border-slate-200 bg-white p-3"
                data-testid={`line-card-${l.id}`}
              >
                <div className="flex items-start gap-3">
                  {tick(l)}
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <Link href={`/lines/${l.id}`} className="font-medium text-blue-700 underline">
                        {l.name}
                      </Link>
                      <span className="font-semibold tabular-nums">
                        {t('lines.toLoad', { n: l.unitsToLoad })}
                      </span>
                    </div>
                    <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-slate-600">
                      <UrgencyBadge urgency={l.urgency} />
                      <span>
                        {t('lines.machinesAt', { machines: l.machineCount, sites: l.siteCount })}
                      </span>
                      {l.soldOutShelves > 0 && (
                        <span>{t('lines.soldOutN', { n: l.soldOutShelves })}</span>
                      )}
                      {l.offlineMachines > 0 && (
                        <span>{t('lines.offlineN', { n: l.offlineMachines })}</span>
                      )}
                    </p>
                    <p className="text-xs text-slate-500">
                      {t('lines.lastRefillAt', { time: when(l.lastRefillTime) })}
                      {l.areaName ? ` · ${l.areaName}` : ''}
                    </p>
                  </div>
                </div>
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className={th}>
                    <span className="sr-only">{t('lines.chosen')}</span>
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.line')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.area')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.machines')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.soldOut')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.underValve')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.offline')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.lastRefill')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.unitsSinceRefill')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.unitsToLoad')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.urgency')}
                  </th>
                  <th scope="col" className={th}>
                    {t('lines.source')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((l) => (
                  <tr key={l.id} className="border-t border-slate-100" data-testid={`line-${l.id}`}>
                    <td className="px-3 py-2">{tick(l)}</td>
                    <td className="px-3 py-2">
                      <Link href={`/lines/${l.id}`} className="text-blue-700 underline">
                        {l.name}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{l.areaName ?? '—'}</td>
                    <td className="px-3 py-2 tabular-nums">
                      {t('lines.machinesAt', { machines: l.machineCount, sites: l.siteCount })}
                    </td>
                    <td className="px-3 py-2 tabular-nums">{l.soldOutShelves}</td>
                    <td className="px-3 py-2 tabular-nums">{l.underValveShelves}</td>
                    <td className="px-3 py-2 tabular-nums">{l.offlineMachines}</td>
                    <td className="px-3 py-2">{when(l.lastRefillTime)}</td>
                    <td className="px-3 py-2 tabular-nums">
                      {t('units', { n: l.unitsSinceRefill })}
                    </td>
                    <td className="px-3 py-2 font-semibold tabular-nums">
                      {t('units', { n: l.unitsToLoad })}
                    </td>
                    <td className="px-3 py-2">
                      <UrgencyBadge urgency={l.urgency} />
                    </td>
                    <td className="px-3 py-2">
                      <OriginLabel origin={l.origin} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="text-xs text-slate-500">{t('stockNote')}</p>
    </section>
  );
}
