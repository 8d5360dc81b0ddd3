'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { Field, inputClass } from '@/components/form';
import { Freshness } from '@/components/freshness';
import { OriginLabel } from '@/components/planning/origin';
import { SiteMap } from '@/components/planning/site-map';
import { UrgencyBadge } from '@/components/planning/urgency';
import { sitesQuery, type SiteItem } from '@/lib/planning/queries';
import type { MapTiles } from '@/lib/settings/map-tiles';

/** The area with the most sites: two cities 1,000 km apart make a useless map together. */
function busiestArea(items: SiteItem[]): string {
  const counts = new Map<string, number>();
  for (const s of items) if (s.areaName) counts.set(s.areaName, (counts.get(s.areaName) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
}

/** Every site on a map and in a table: where, which line, its machines' state and urgency. */
export function SitesClient({ tiles }: { tiles: MapTiles }) {
  const t = useTranslations('planning');
  const format = useFormatter();
  const { data, dataUpdatedAt, isError } = useQuery(sitesQuery());
  const items = data?.items ?? [];
  const [area, setArea] = useState<string | null>(null);
  const [line, setLine] = useState('');
  const areaShown = area ?? busiestArea(items);
  const areas = [...new Set(items.map((s) => s.areaName).filter((a): a is string => !!a))].sort();
  const inArea = items.filter((s) => !areaShown || s.areaName === areaShown);
  const lines = [...new Set(inArea.map((s) => s.lineName).filter((l): l is string => !!l))].sort();
  const shown = inArea.filter((s) => !line || s.lineName === line);
  const coord = (n: number | null) =>
    n === null ? '—' : format.number(n, { maximumFractionDigits: 6, useGrouping: false });

  return (
    <section aria-labelledby="sites-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 id="sites-heading" className="text-xl font-semibold">
            {t('sites.heading')}
          </h1>
          <p className="text-sm text-slate-600">{t('sites.intro')}</p>
        </div>
        <Freshness updatedAt={dataUpdatedAt} failed={isError} />
      </div>
      <form role="search" onSubmit={(e) => e.preventDefault()} className="flex flex-wrap gap-3">
        {areas.length > 0 && (
          <Field label={t('sites.area')}>
            <select
              className={inputClass}
              value={areaShown}
              onChange={(e) => {
                setArea(e.target.value);
                setLine('');
              }}
            >
              <option value="">{t('sites.allAreas')}</option>
              {areas.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('sites.line')}>
          <select className={inputClass} value={line} onChange={(e) => setLine(e.target.value)}>
            <option value="">{t('sites.allLines')}</option>
            {lines.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {(areaShown || line) && (
        <p
          role="status"
          className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm"
          data-testid="sites-filtered"
        >
          <span>
            {t('sites.filtered', {
              what: [areaShown, line].filter(Boolean).join(' · '),
              count: shown.length,
              total: items.length,
            })}
            {area === null && areaShown ? ` ${t('sites.autoArea')}` : ''}
          </span>
          <button
            type="button"
            className="text-blue-800 underline"
            onClick={() => {
              setArea('');
              setLine('');
            }}
          >
            {t('sites.showAll')}
          </button>
        </p>
      )}
      <SiteMap
        key={`${areaShown}\u0000${line}`}
        label={t('sites.heading')}
        listId="sites-list"
        tiles={tiles}
        sites={shown.map((s) => ({
          ...s,
          href: s.lineId === null ? undefined : `/lines/${s.lineId}`,
          description: t('map.siteSummary', {
            name: s.name,
            urgency: t(`urgency.${s.urgency}`),
            machines: s.machineCount,
            offline: s.offline,
          }),
        }))}
      />
      <div id="sites-list" tabIndex={-1}>
        <ul className="space-y-2 md:hidden" data-testid="site-cards">
          {shown.length === 0 && <li className="text-slate-600">{t('sites.empty')}</li>}
          {shown.map((s) => (
            <li key={s.id} className="rounded border border-slate-200 bg-white p-3">
              <div className="flex flex-wrap items-baseline justify-between gap-x-2">
                <span className="font-medium">{s.name}</span>
                <UrgencyBadge urgency={s.urgency} />
              </div>
              <p className="text-sm text-slate-600">
                {s.lineId === null ? (
                  '—'
                ) : (
                  <Link href={`/lines/${s.lineId}`} className="text-blue-700 underline">
                    {s.lineName}
                  </Link>
                )}
                {s.address ? ` · ${s.address}` : ''}
              </p>
              <p className="text-xs text-slate-600">
                {t('line.siteMachines', { machines: s.machineCount, offline: s.offline })}
              </p>
              <MachineLinks machines={s.machines} className="mt-1 flex flex-wrap gap-x-3 text-sm" />
            </li>
          ))}
        </ul>
        <div className="hidden md:block">
          <DataTable
            headers={[
              t('sites.site'),
              t('sites.line'),
              t('sites.address'),
              t('sites.coordinates'),
              t('sites.machines'),
              t('sites.onlineState'),
              t('lines.urgency'),
              t('lines.source'),
            ]}
            empty={shown.length === 0 && t('sites.empty')}
          >
            {shown.map((s) => (
              <tr
                key={s.id}
                className="border-t border-slate-100 align-top"
                data-testid={`site-${s.id}`}
              >
                <td className="px-3 py-2 font-medium">{s.name}</td>
                <td className="px-3 py-2">
                  {s.lineId === null ? (
                    '—'
                  ) : (
                    <Link href={`/lines/${s.lineId}`} className="text-blue-700 underline">
                      {s.lineName}
                    </Link>
                  )}
                </td>
                <td className="px-3 py-2">{s.address ?? '—'}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {coord(s.longitude)}, {coord(s.latitude)}
                </td>
                <td className="px-3 py-2">
                  <MachineLinks machines={s.machines} className="space-y-0.5" />
                </td>
                <td className="px-3 py-2 text-xs">
                  {t('sites.onlineCounts', {
                    online: s.online,
                    offline: s.offline,
                    unknown: s.onlineUnknown,
                  })}
                </td>
                <td className="px-3 py-2">
                  <UrgencyBadge urgency={s.urgency} />
                </td>
                <td className="px-3 py-2">
                  <OriginLabel origin={s.origin} />
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      </div>
    </section>
  );
}

/** A site's machines, each linked to its page (in a card and in the table alike). */
function MachineLinks({
  machines,
  className,
}: {
  machines: { assetId: string; name: string | null }[];
  className: string;
}) {
  return (
    <ul className={className}>
      {machines.map((m) => (
        <li key={m.assetId}>
          <Link
            href={`/machines/${encodeURIComponent(m.assetId)}`}
            className="text-blue-700 underline"
          >
            {m.name ?? m.assetId}
          </Link>
        </li>
      ))}
    </ul>
  );
}
