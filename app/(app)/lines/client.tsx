'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { Freshness } from '@/components/freshness';
import { OriginLabel } from '@/components/planning/origin';
import { UrgencyBadge } from '@/components/planning/urgency';
import { linesQuery } from '@/lib/planning-query';

/** Every line, synced or learnt from pushes, with what its machines need (units only). */
export function LinesClient() {
  const t = useTranslations('planning');
  const format = useFormatter();
  const { data, dataUpdatedAt, isError } = useQuery(linesQuery());
  const items = data?.items ?? [];
  const when = (s: number | null) =>
    s === null
      ? t('never')
      : format.dateTime(new Date(s * 1000), { dateStyle: 'short', timeStyle: 'short' });
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
      <DataTable
        headers={[
          t('lines.line'),
          t('lines.area'),
          t('lines.machines'),
          t('lines.soldOut'),
          t('lines.underValve'),
          t('lines.offline'),
          t('lines.lastRefill'),
          t('lines.unitsSinceRefill'),
          t('lines.unitsToLoad'),
          t('lines.urgency'),
          t('lines.source'),
        ]}
        empty={items.length === 0 && t('lines.empty')}
      >
        {items.map((l) => (
          <tr key={l.id} className="border-t border-slate-100" data-testid={`line-${l.id}`}>
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
            <td className="px-3 py-2 tabular-nums">{t('units', { n: l.unitsSinceRefill })}</td>
            <td className="px-3 py-2 tabular-nums">{t('units', { n: l.unitsToLoad })}</td>
            <td className="px-3 py-2">
              <UrgencyBadge urgency={l.urgency} />
            </td>
            <td className="px-3 py-2">
              <OriginLabel origin={l.origin} />
            </td>
          </tr>
        ))}
      </DataTable>
      <p className="text-xs text-slate-500">{t('stockNote')}</p>
    </section>
  );
}
